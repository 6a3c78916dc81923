// Shared helpers for the HTTP API tests (not a test file itself: node --test only runs *.test.mjs here).
//
// Every test file talks to its server through `api()`, which checks each response — body and headers — for
// any full ID number or phone the file has registered (SPEC §4: sensitive values are masked in every response).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { binary, client, residentId, randomPhone, uniqueBirth } from '../support/server.mjs';
import {
  DEMO_TOTP_SECRET, isDemoAdmin, parseOtpauth, withFreshTotp,
} from '../support/totp.mjs';

export {
  base32Decode, DEMO_ADMIN_PHONES, DEMO_TOTP_SECRET, isDemoAdmin, markTotpUsed, nextTotp, parseOtpauth, reserveTotp,
  totpCode, totpStep, withFreshTotp,
} from '../support/totp.mjs';

export const PASSWORD = 'Zhiyuan#2026a';
export const ADMIN_PASSWORD = 'Admin#2026x';
export const CJK = /[\u4e00-\u9fff]/;

// ---- sensitive values: remembered, and never allowed in a response ---------------------------------------

const secrets = new Set();
export function rememberSecret(value) {
  if (value) {
    secrets.add(String(value));
    if (/x$/i.test(value)) {
      secrets.add(String(value).toUpperCase());
      secrets.add(String(value).toLowerCase());
    }
  }
  return value;
}
export function knownSecrets() { return [...secrets]; }

export function assertNoSecrets(text, where) {
  for (const s of secrets) {
    assert.ok(!text.includes(s), `${where} contains the full sensitive value ${s}:\n${text.slice(0, 500)}`);
  }
}

// Same interface as support/server.mjs `client`, plus the secret check on every answer.
export function api(baseUrl, token) {
  const c = client(baseUrl, token);
  const wrap = (method, fn) => async (p, ...rest) => {
    const r = await fn(p, ...rest);
    assertNoSecrets(r.text || '', `response body of ${method} ${p}`);
    for (const [name, value] of r.headers) assertNoSecrets(value, `response header ${name} of ${method} ${p}`);
    return r;
  };
  return {
    get: wrap('GET', c.get),
    post: wrap('POST', c.post),
    put: wrap('PUT', c.put),
    patch: wrap('PATCH', c.patch),
    del: wrap('DELETE', c.del),
  };
}

// ---- unique test identities -------------------------------------------------------------------------------

const usedIds = new Set();
// A valid resident ID, unique within this process. gender 'male' | 'female' picks the parity of digit 17;
// `accept` may demand more (e.g. a final X).
export function freshId({ region = '441402', birth, gender, accept = () => true } = {}) {
  for (;;) {
    let seq = Math.floor(Math.random() * 1000);
    if (gender === 'male' && seq % 2 === 0) seq = (seq + 1) % 1000;
    if (gender === 'female' && seq % 2 === 1) seq = (seq + 1) % 1000;
    const id = residentId(region, birth ?? uniqueBirth(), seq);
    if (!usedIds.has(id) && accept(id)) {
      usedIds.add(id);
      return rememberSecret(id);
    }
  }
}

const usedPhones = new Set();
export function freshPhone() {
  for (;;) {
    const p = randomPhone();
    if (!usedPhones.has(p)) {
      usedPhones.add(p);
      return rememberSecret(p);
    }
  }
}

let nameCounter = 0;
// A complete, valid registration body; override any field. Every ID number and phone in it (even an invalid
// one, when long enough not to match by chance) is remembered as a secret no response may contain.
export function volunteerBody(overrides = {}) {
  nameCounter += 1;
  const body = {
    name: `测试志愿者${nameCounter}`,
    id_type: 'resident_id',
    id_number: freshId(),
    phone: freshPhone(),
    password: PASSWORD,
    county_code: '441402',
    political_status: 'masses',
    skills: ['急救'],
    service_categories: ['社区服务'],
    ...overrides,
  };
  for (const k of ['id_number', 'phone', 'emergency_contact_phone', 'guardian_phone']) {
    if (typeof body[k] === 'string' && body[k].length >= 9) rememberSecret(body[k]);
  }
  return body;
}

// Registers (expects 201) and returns {volunteer, body, phone, password}.
export async function registerVolunteer(http, overrides = {}) {
  const body = volunteerBody(overrides);
  const r = await http.post('/api/v1/volunteers', body);
  assert.equal(r.status, 201, `registration failed: ${r.status} ${r.text}`);
  return { volunteer: r.body, body, phone: body.phone, password: body.password };
}

// Logs in (expects 201) and answers the token. `totp`, for an administrator's second factor: a 6-digit code, or
// a source {where (the server's base URL), secret (base32)} from which the next unused code is taken (see
// ../support/totp.mjs: each code works once per account).
export async function login(http, phone, password, totp) {
  if (totp && typeof totp === 'object') {
    return withFreshTotp({ ...totp, account: phone }, (code) => login(http, phone, password, code));
  }
  const r = await http.post('/api/v1/sessions', totp ? { phone, password, totp } : { phone, password });
  assert.equal(r.status, 201, `log-in failed: ${r.status} ${r.text}`);
  return r.body.token;
}

// The authenticator secret in the output of `zhiyuan admin create` (its otpauth:// line); throws without one.
export function totpSecretOf(stdout) {
  const uri = parseOtpauth(stdout);
  assert.ok(uri?.secret, `admin create printed no otpauth URI:\n${stdout}`);
  return uri.secret;
}

// A volunteer registered and logged in: {volunteer, phone, password, token, http (bearer client)}.
export async function volunteerSession(server, overrides = {}) {
  const anon = api(server.baseUrl);
  const reg = await registerVolunteer(anon, overrides);
  const token = await login(anon, reg.phone, reg.password);
  return { ...reg, token, http: api(server.baseUrl, token) };
}

// An administrator created through the CLI, then logged in with a code of the authenticator secret it printed:
// {phone, token, http, totpSecret}.
export async function adminSession(server, role, county) {
  const phone = freshPhone();
  const out = server.createAdmin({ phone, password: ADMIN_PASSWORD, role, county, name: `测试${role}` });
  const totpSecret = totpSecretOf(out);
  const token = await login(api(server.baseUrl), phone, ADMIN_PASSWORD, { where: server.baseUrl, secret: totpSecret });
  return { phone, token, http: api(server.baseUrl, token), totpSecret };
}

// ---- 统一社会信用代码 (GB 32100-2015) ------------------------------------------------------------------------

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function creditCheckChar(first17) {
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i += 1) {
    sum += CREDIT_ALPHABET.indexOf(first17[i]) * weight;
    weight = (weight * 3) % 31;
  }
  const check = 31 - (sum % 31);
  return CREDIT_ALPHABET[check === 31 ? 0 : check];
}

// A valid code: registration authority 5 (social organisation), kind 1, region 441402, 9-char org code.
export function creditCode() {
  let org = '';
  for (let i = 0; i < 9; i += 1) org += CREDIT_ALPHABET[Math.floor(Math.random() * CREDIT_ALPHABET.length)];
  const first17 = `51441402${org}`;
  return first17 + creditCheckChar(first17);
}

// The same code with a wrong (but well-formed) check character.
export function withWrongCheck(code) {
  const right = code[17];
  const wrong = CREDIT_ALPHABET[(CREDIT_ALPHABET.indexOf(right) + 1) % CREDIT_ALPHABET.length];
  return code.slice(0, 17) + wrong;
}

let orgCounter = 0;
export function organizationBody(overrides = {}) {
  orgCounter += 1;
  return {
    name: `梅州测试志愿服务协会${orgCounter}-${Math.floor(Math.random() * 1e6)}`,
    credit_code: creditCode(),
    type: 'social_organization',
    county_code: '441402',
    contact_name: '李联系',
    contact_phone: freshPhone(),
    description: '测试用组织',
    ...overrides,
  };
}

// ---- problem+json -----------------------------------------------------------------------------------------

// Asserts an RFC 9457 problem answer with Chinese text; `field` must be named in errors[] (with `fieldCode`).
export function assertProblem(r, status, { code, field, fieldCode } = {}) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/, 'problem+json content type');
  assert.equal(typeof r.body, 'object', `problem body is JSON: ${r.text}`);
  assert.equal(r.body.status, status);
  if (code) assert.equal(r.body.code, code, `problem code: ${r.text}`);
  assert.equal(typeof r.body.code, 'string');
  assert.match(r.body.detail || '', CJK, `detail is Chinese: ${r.text}`);
  assert.ok(r.body.request_id, 'problem carries request_id');
  for (const e of r.body.errors || []) assert.match(e.message || '', CJK, `errors[].message is Chinese: ${r.text}`);
  if (field) {
    const e = (r.body.errors || []).find((x) => x.field === field);
    assert.ok(e, `errors[] names the field ${field}: ${r.text}`);
    if (fieldCode) assert.equal(e.code, fieldCode, `errors[${field}].code: ${r.text}`);
  }
  return r.body;
}

// ---- PostgreSQL: the whole database as text ---------------------------------------------------------------

export function dumpPostgres(databaseUrl) {
  const list = spawnSync('psql', [databaseUrl, '-At', '-v', 'ON_ERROR_STOP=1', '-c',
    "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'"],
  { encoding: 'utf8' });
  assert.equal(list.status, 0, `psql failed: ${list.stderr}`);
  const tables = list.stdout.split('\n').filter(Boolean);
  assert.ok(tables.length > 0, 'the database has tables');
  let out = '';
  for (const t of tables) {
    const r = spawnSync('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-c', `COPY (SELECT * FROM ${t}) TO STDOUT`],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(r.status, 0, `COPY ${t} failed: ${r.stderr}`);
    out += `-- ${t}\n${r.stdout}`;
  }
  return { tables, text: out };
}

// ---- the SMS/e-mail outbox (notices_outbox), read straight from the server's database ----------------------

// Every message the server has queued for SMS or e-mail, oldest first: [{id, channel, account_id, subject, body}].
// The server writes them to the table notices_outbox for a gateway to send; tests read it with the sqlite3 CLI or
// psql (SQLite's WAL lets a reader in beside the running server).
export function outboxMessages(server) {
  const query = 'SELECT id, channel, account_id, subject, body FROM notices_outbox ORDER BY id';
  let r;
  if (server.database.startsWith('sqlite:')) {
    r = spawnSync('sqlite3', ['-json', '-readonly', server.database.slice('sqlite:'.length), query], { encoding: 'utf8' });
  } else {
    r = spawnSync('psql', [server.database, '-At', '-v', 'ON_ERROR_STOP=1', '-c',
      `SELECT coalesce(json_agg(o), '[]') FROM (${query}) o`], { encoding: 'utf8' });
  }
  assert.equal(r.error, undefined, `cannot read the outbox: ${r.error}`);
  assert.equal(r.status, 0, `reading the outbox failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

// Runs SQL statements straight on the server's database (the sqlite3 CLI or psql), beside the running server:
// for tests that play an attacker with database access, or set up states no API reaches. Answers psql's or
// sqlite3's stdout (rows as text, one per line, columns separated by |).
export function sqlExec(server, statements) {
  let r;
  if (server.database.startsWith('sqlite:')) {
    r = spawnSync('sqlite3', ['-bail', '-cmd', '.timeout 10000', server.database.slice('sqlite:'.length), statements],
      { encoding: 'utf8' });
  } else {
    r = spawnSync('psql', [server.database, '-At', '-q', '-v', 'ON_ERROR_STOP=1', '-c', statements], { encoding: 'utf8' });
  }
  assert.equal(r.error, undefined, `cannot run SQL: ${r.error}`);
  assert.equal(r.status, 0, `SQL failed (${statements}): ${r.stderr}`);
  return r.stdout;
}

// Runs async jobs with at most `limit` in flight; resolves to the settled results in order.
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i], i) };
      } catch (e) {
        results[i] = { status: 'rejected', reason: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---- demo data, activities and time (activities, sign-ups, attendance, ledger) -----------------------------

// `startServer({demo: true})` loads these accounts, all with DEMO_PASSWORD.
export const DEMO_PASSWORD = 'Zhiyuan@2026';
export const DEMO = {
  cityAdmin: '13800000001',
  countyAdmin441402: '13800000011', // 梅江区
  countyAdmin441403: '13800000012', // 梅县区
  orgAdmin: '13900000001', // admin of 梅江区志愿者协会 (441402)
  leagueOrgAdmin: '13900000007', // admin of 共青团梅江区委员会青年志愿者服务队 (441402)
};

// The second factor of a demo account for `login`: the demo secret for the demo administrators, else none.
export const demoTotp = (server, phone) => (isDemoAdmin(phone) ? { where: server.baseUrl, secret: DEMO_TOTP_SECRET }
  : undefined);

// A demo account logged in: {phone, token, http, roles, organizationId (its first org_admin grant, if any)}.
export async function demoSession(server, phone) {
  const token = await login(api(server.baseUrl), phone, DEMO_PASSWORD, demoTotp(server, phone));
  const http = api(server.baseUrl, token);
  const me = await http.get('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  const roles = me.body.account.roles;
  const grant = roles.find((g) => g.role === 'org_admin');
  return { phone, token, http, roles, volunteer: me.body.volunteer, organizationId: grant?.organization_id };
}

// RFC 3339 in Beijing time (+08:00), to the second, and the Beijing calendar date, of an epoch-ms instant.
export function chinaTime(ms) {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;
}
export function chinaDate(ms) {
  return new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
}
export const minutesFromNow = (m) => chinaTime(Date.now() + m * 60e3);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let activityCounter = 0;
// A complete, valid activity body (a 3-hour activity tomorrow in 梅江区); override any field.
export function activityBody(organizationId, overrides = {}) {
  activityCounter += 1;
  const now = Date.now();
  const body = {
    organization_id: organizationId,
    title: `测试活动${activityCounter}-${Math.floor(Math.random() * 1e6)}`,
    category: '社区服务',
    recipients: '社区居民',
    content: '清扫社区公共区域，协助行动不便的居民',
    requirements: '着便装，自备饮用水',
    risks: '注意交通安全和防暑',
    county_code: '441402',
    address: '梅州市梅江区江南街道测试路1号',
    latitude: 24.29,
    longitude: 116.12,
    starts_at: chinaTime(now + 24 * 3600e3),
    ends_at: chinaTime(now + 27 * 3600e3),
    quota: 20,
    contact_name: '王组织',
    contact_phone: freshPhone(),
    ...overrides,
  };
  if (typeof body.contact_phone === 'string' && body.contact_phone.length >= 9) rememberSecret(body.contact_phone);
  return body;
}

// Creates a draft (expects 201) as `admin` (a session with `http`) and returns the Activity.
export async function createActivity(admin, organizationId, overrides = {}) {
  const r = await admin.http.post('/api/v1/activities', activityBody(organizationId, overrides));
  assert.equal(r.status, 201, `activity creation failed: ${r.status} ${r.text}`);
  return r.body;
}

// Creates and publishes (expects 200); returns the published Activity.
export async function publishedActivity(admin, organizationId, overrides = {}) {
  const draft = await createActivity(admin, organizationId, overrides);
  const r = await admin.http.post(`/api/v1/activities/${draft.id}/publish`, {});
  assert.equal(r.status, 200, `publishing failed: ${r.status} ${r.text}`);
  return r.body;
}

// Signs `volunteer` up (expects 201) and returns the Signup.
export async function signUp(volunteer, activityId, expectedStatus = 'confirmed') {
  const r = await volunteer.http.post(`/api/v1/activities/${activityId}/signups`, {});
  assert.equal(r.status, 201, `sign-up failed: ${r.status} ${r.text}`);
  if (expectedStatus) assert.equal(r.body.status, expectedStatus, r.text);
  return r.body;
}

// An organisation applied for by `applicant` and approved by `approver` (a county/city admin session).
export async function approvedOrganization(applicant, approver, overrides = {}) {
  const r = await applicant.http.post('/api/v1/organizations', organizationBody(overrides));
  assert.equal(r.status, 201, r.text);
  const a = await approver.http.post(`/api/v1/organizations/${r.body.id}/approve`, {});
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.status, 'approved');
  return a.body;
}

export async function notificationsOf(session) {
  const r = await session.http.get('/api/v1/me/notifications');
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

// ---- hours: sessions, confirmations, retro-entries (ledger, proofs, stars) --------------------------------

// The organiser (a session with `http`) records a closed session of `volunteer` by hand, from `fromAgo` to
// `toAgo` minutes ago (check-in must have been open then: it opens 30 minutes before the start); answers the
// closed Attendance, whose ledger entry waits for the organiser's confirmation.
export async function recordSession(organiser, activityId, volunteer, fromAgo = 15, toAgo = 0) {
  const now = Math.floor(Date.now() / 1000) * 1000 - 1000;
  const rec = (body) => organiser.http.post(`/api/v1/activities/${activityId}/attendance`, {
    volunteer_number: volunteer.volunteer.volunteer_number, ...body,
  });
  const inn = await rec({ action: 'check_in', at: chinaTime(now - fromAgo * 60e3) });
  assert.equal(inn.status, 201, inn.text);
  const out = await rec({ action: 'check_out', at: chinaTime(now - toAgo * 60e3) });
  assert.equal(out.status, 201, out.text);
  assert.equal(out.body.minutes, fromAgo - toAgo);
  return out.body;
}

// The organiser confirms the activity's closed sessions (all, or `attendanceIds`); answers
// {confirmed, escalated, skipped}.
export async function confirmHours(organiser, activityId, attendanceIds) {
  const r = await organiser.http.post(`/api/v1/activities/${activityId}/confirmations`,
    attendanceIds ? { attendance_ids: attendanceIds } : {});
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// 补录: the organiser records `minutes` of past service on `serviceDate` (YYYY-MM-DD, within the activity and
// not after today) and `reviewer` (the county admin, or the city admin for a day over 12 h) approves it;
// answers the confirmed Entry. The cheapest honest way to give a volunteer many hours: days of at most 8 h on a
// long (e.g. the demo's year-round) activity.
export async function approvedRetroEntry(organiser, reviewer, activityId, volunteer, serviceDate, minutes,
  reason = '按现场纸质签到表补录') {
  const r = await organiser.http.post(`/api/v1/activities/${activityId}/retro-entries`, {
    volunteer_number: volunteer.volunteer.volunteer_number, service_date: serviceDate, minutes, reason,
  });
  assert.equal(r.status, 201, `retro-entry failed: ${r.status} ${r.text}`);
  assert.match(r.body.status, /^awaiting_(county|city)$/, r.text);
  const ok = await reviewer.http.post(`/api/v1/ledger/entries/${r.body.id}/approve`, {});
  assert.equal(ok.status, 200, `approval failed: ${ok.status} ${ok.text}`);
  assert.equal(ok.body.status, 'confirmed', ok.text);
  return ok.body;
}

// The demo's year-round activity of an organisation (2026-01-05 to 2026-11-20, already finished), on which
// past days can be recorded through retro-entries.
export async function demoYearRoundActivity(server, organizationId) {
  const r = await api(server.baseUrl).get(`/api/v1/activities?organization_id=${organizationId}&status=finished`);
  assert.equal(r.status, 200, r.text);
  const a = r.body.items.find((x) => x.title.endsWith('2026年常态化志愿服务'));
  assert.ok(a, `the demo year-round activity of organisation ${organizationId}: ${r.text}`);
  return a;
}

const sumMinutes = (entries) => entries.reduce((s, e) => s + e.minutes, 0);

// GET /me/hours, checking that the totals equal the sum of the confirmed entries (and the pending figure the
// sum of the entries not yet in effect).
export async function hoursOf(v) {
  const r = await v.http.get('/api/v1/me/hours');
  assert.equal(r.status, 200, r.text);
  const h = r.body;
  const confirmed = h.entries.filter((e) => e.status === 'confirmed');
  assert.equal(h.confirmed_minutes, sumMinutes(confirmed), `confirmed_minutes = sum of confirmed entries: ${r.text}`);
  assert.equal(h.by_year.reduce((s, y) => s + y.minutes, 0), h.confirmed_minutes, `by_year adds up: ${r.text}`);
  const waiting = h.entries.filter((e) => ['pending', 'awaiting_county', 'awaiting_city'].includes(e.status));
  assert.equal(h.pending_minutes, sumMinutes(waiting), `pending_minutes = sum of entries awaiting confirmation: ${r.text}`);
  for (let i = 1; i < h.entries.length; i += 1) {
    assert.ok(h.entries[i - 1].created_at >= h.entries[i].created_at, 'entries newest first');
  }
  return h;
}

// ---- masking, files, PDFs ----------------------------------------------------------------------------------

// How a resident ID is shown: region, eight asterisks, the last four characters.
export const maskedId = (id) => `${id.slice(0, 6)}********${id.slice(-4)}`;

// A download (PDF, CSV, XLSX) as raw bytes: {status, headers, bytes, body (JSON of an error answer, else null)}.
// Headers and bytes are checked for every remembered secret, like every answer of `api()` — except with
// `{sensitive: true}`, for the few files that must carry full ID numbers (a bank's application list, the credit
// list): their headers are still checked.
export async function download(baseUrl, p, token, { sensitive = false } = {}) {
  const r = await fetch(baseUrl + p, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await r.arrayBuffer());
  for (const [name, value] of r.headers) assertNoSecrets(value, `response header ${name} of GET ${p}`);
  if (!sensitive) {
    assertNoSecrets(bytes.toString('latin1'), `response bytes of GET ${p}`);
    assertNoSecrets(bytes.toString('utf8'), `response bytes of GET ${p}`);
  }
  let body = null;
  if (/json/.test(r.headers.get('content-type') || '')) body = JSON.parse(bytes.toString('utf8'));
  return { status: r.status, headers: r.headers, bytes, body, text: body ? bytes.toString('utf8') : '' };
}

export const sha256Hex = (bytes) => createHash('sha256').update(bytes).digest('hex');

// The text of a PDF as a reader renders it (poppler's pdftotext), or null when pdftotext is not installed.
export function pdfText(bytes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zhiyuan-pdf-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    if (r.error?.code === 'ENOENT') return null;
    assert.equal(r.status, 0, `pdftotext failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- spreadsheets -----------------------------------------------------------------------------------------

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// A CSV download as rows of cells (RFC 4180 quoting; the byte-order mark, if any, dropped).
export function csvRows(bytes) {
  let text = Buffer.from(bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// The parts of a ZIP file (an XLSX) by name, inflated: Map name → Buffer. Reads the central directory.
export function zipEntries(bytes) {
  const b = Buffer.from(bytes);
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i -= 1) {
    if (b.readUInt32LE(i) === 0x06054b50) { end = i; break; }
  }
  assert.ok(end >= 0, 'a ZIP file (end of central directory)');
  const count = b.readUInt16LE(end + 10);
  let p = b.readUInt32LE(end + 16);
  const parts = new Map();
  for (let n = 0; n < count; n += 1) {
    assert.equal(b.readUInt32LE(p), 0x02014b50, 'a ZIP central directory entry');
    const method = b.readUInt16LE(p + 10);
    const size = b.readUInt32LE(p + 20);
    const nameLength = b.readUInt16LE(p + 28);
    const skip = nameLength + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.toString('utf8', p + 46, p + 46 + nameLength);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, start + size);
    parts.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    p += 46 + skip;
  }
  return parts;
}

// The text of an XLSX: every cell string (shared or inline), in document order, XML entities decoded.
export function xlsxStrings(bytes) {
  const parts = zipEntries(bytes);
  const xml = [...parts].filter(([name]) => /^xl\/(sharedStrings|worksheets\/[^/]+)\.xml$/.test(name))
    .map(([, data]) => data.toString('utf8')).join('\n');
  const decode = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((m) => decode(m[1]));
}

// Writers of upload files (rosters, volunteer imports): CSV as Excel saves it, and a minimal XLSX.
// RFC 4180 CSV in UTF-8 with a byte-order mark and CRLF, as Excel's "CSV UTF-8" writes it.
export function csvFile(rows) {
  const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(`\ufeff${rows.map((r) => r.map((v) => cell(String(v))).join(',')).join('\r\n')}\r\n`, 'utf8');
}

// ---- a minimal .xlsx writer: a ZIP (deflated parts) of the four XML parts and one worksheet -------------------

export function zipFile(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x5b61, 12); // date: 2025-11-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5b61, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xmlText = (v) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

// One worksheet of inline strings; empty cells are left out, as Excel does.
export function xlsxFile(rows, { sheetName = 'Sheet1' } = {}) {
  const column = (i) => String.fromCharCode(65 + i);
  const sheetRows = rows.map((r, i) => {
    const cells = r.map((v, j) => (v === '' ? '' : `<c r="${column(j)}${i + 1}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`));
    return `<row r="${i + 1}">${cells.join('')}</row>`;
  });
  const part = (name, text) => ({ name, data: Buffer.from(XML + text, 'utf8') });
  return zipFile([
    part('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      + '</Types>'),
    part('_rels/.rels', `<Relationships xmlns="${PKG_REL_NS}">`
      + `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    part('xl/workbook.xml', `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`
      + `<sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    part('xl/_rels/workbook.xml.rels', `<Relationships xmlns="${PKG_REL_NS}">`
      + `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    part('xl/worksheets/sheet1.xml', `<worksheet xmlns="${MAIN_NS}"><sheetData>${sheetRows.join('')}</sheetData></worksheet>`),
  ]);
}

// ---- partners: banks (一证一卡) and merchants (嘉许回馈) ----------------------------------------------------

// A partner account (role bank_operator of a bank, or merchant of a merchant) created with `zhiyuan admin create
// --role ROLE --partner CODE` against the server's database, then logged in: {phone, token, accountId, http
// (secret-checked, like api()), raw (unchecked: a bank operator sees applicants' full ID numbers and phones)}.
export async function partnerSession(server, role, partner, name = `测试${role}`) {
  const phone = freshPhone();
  server.createAdmin({ phone, password: ADMIN_PASSWORD, role, partner, name });
  const token = await login(api(server.baseUrl), phone, ADMIN_PASSWORD);
  const http = api(server.baseUrl, token);
  const me = await http.get('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  return { phone, token, accountId: me.body.account.id, roles: me.body.account.roles, http, raw: client(server.baseUrl, token) };
}

// The bank-interface signature: lowercase hex HMAC-SHA256 with the bank's API key over
// timestamp "\n" nonce "\n" METHOD "\n" path-with-query "\n" body.
export function bankSignature(key, { timestamp, nonce, method, target, body = '' }) {
  return createHmac('sha256', key).update(`${timestamp}\n${nonce}\n${method}\n${target}\n${body}`).digest('hex');
}

let nonceCounter = 0;
export const freshNonce = () => `${randomBytes(12).toString('hex')}-${(nonceCounter += 1)}`;

// A partner bank's system calling the signed bank interface (no session): each request gets the current Unix
// time and a fresh nonce and is signed with `key`. `body` is an object (sent as JSON) or a string (sent as is, as
// text/csv: a status file). Options, to build bad requests: timestamp, nonce, key (sign with another key),
// signature (send this one), sign ({method, target, body}: sign something other than what is sent), headers
// (merged last; undefined leaves a header out), contentType. Answers {status, body, headers, text, nonce,
// timestamp}. Not secret-checked: the bank is meant to receive full ID numbers and phones.
export function bankClient(baseUrl, code, key) {
  const request = async (method, target, body, opts = {}) => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = opts.nonce ?? freshNonce();
    const signed = { method, target, body: text, ...(opts.sign || {}) };
    const signature = opts.signature ?? bankSignature(opts.key ?? key, { timestamp, nonce, ...signed });
    const headers = { 'x-bank-code': code, 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature };
    if (body !== undefined) {
      headers['content-type'] = opts.contentType ?? (typeof body === 'string' ? 'text/csv; charset=utf-8' : 'application/json');
    }
    Object.assign(headers, opts.headers || {});
    for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k];
    const r = await fetch(baseUrl + target, { method, headers, body: body === undefined ? undefined : text });
    const answer = await r.text();
    let json = null;
    try { json = answer ? JSON.parse(answer) : null; } catch { json = answer; }
    return { status: r.status, body: json, headers: r.headers, text: answer, nonce, timestamp };
  };
  return {
    code,
    request,
    get: (target, opts) => request('GET', target, undefined, opts),
    post: (target, body = {}, opts) => request('POST', target, body, opts),
  };
}

// ---- the route table (`zhiyuan routes`) -------------------------------------------------------------------------

// Runs `zhiyuan routes [--json]` as scripts/lint-openapi.mjs does: from a throwaway directory, against a throwaway
// SQLite database and key file, so that listing routes touches nobody's data. Answers its stdout; throws with the
// binary's own complaint (e.g. the signed-in routes it found without a role policy) when it exits non-zero.
function runRoutes(args) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'zhiyuan-routes-'));
  try {
    const run = spawnSync(binary, ['routes', ...args], {
      cwd: tmp,
      env: { ...process.env, ZHIYUAN_DATABASE: `sqlite:${path.join(tmp, 'r.db')}`, ZHIYUAN_KEY_FILE: path.join(tmp, 'k') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.error) throw new Error(`cannot run ${binary} routes: ${run.error.message}`);
    if (run.status !== 0) {
      throw new Error(`${binary} routes ${args.join(' ')} exited with ${run.status ?? run.signal}:\n`
        + `${(run.stderr || run.stdout || '').trim()}`);
    }
    return run.stdout;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// The server's routes as `zhiyuan routes` prints them: [{method, path, access ('public' | 'authenticated' |
// 'bank')}], in the order the server registers them.
export function serverRoutes() {
  const routes = [];
  for (const raw of runRoutes([]).split('\n')) {
    const m = /^([A-Z]+) (\/\S*) (public|authenticated|bank)$/.exec(raw.trim());
    if (m) routes.push({ method: m[1], path: m[2], access: m[3] });
  }
  assert.ok(routes.length > 0, `${binary} routes listed no routes`);
  return routes;
}

// The authorisation matrix the server declares (`zhiyuan routes --json`): [{method, path, access, any_account,
// roles}], where a signed-in route is open to a caller holding any of `roles`, or to every account when
// `any_account`. Throws when the binary prints no such table (a binary from before role policies).
export function routePolicies() {
  const out = runRoutes(['--json']);
  let table;
  try {
    table = JSON.parse(out);
  } catch {
    throw new Error(`${binary} routes --json printed no JSON (a binary without role policies?):\n${out.slice(0, 300)}`);
  }
  assert.ok(Array.isArray(table) && table.length > 0, `${binary} routes --json: want a non-empty array`);
  for (const r of table) {
    assert.ok(r && typeof r.method === 'string' && typeof r.path === 'string' && typeof r.access === 'string'
      && Array.isArray(r.roles) && typeof r.any_account === 'boolean', `routes --json: malformed entry ${JSON.stringify(r)}`);
  }
  return table;
}
