// 批量导入志愿者 (an organisation registers its existing volunteers from a CSV or XLSX file) and 账号激活 (the new
// volunteer sets the first password through the link in the SMS): counts and per-row errors, re-imports that change
// nothing, the SMS in the outbox, activation end to end, and who may do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  PASSWORD, XLSX_TYPE, adminSession, api, approvedOrganization, assertNoSecrets, assertProblem, csvFile, freshId,
  freshPhone, maskedId, notificationsOf, organizationBody, outboxMessages, volunteerSession, xlsxFile,
} from './helpers.mjs';

const MiB = 1024 * 1024;
const HEADER = ['姓名', '身份证号码', '手机号码', '政治面貌', '所在县区'];
const NEW_PASSWORD = 'Huodong#2026b';
// Any 17 digits and a check character: a full resident ID number, which no answer may carry.
const FULL_ID = /\d{17}[\dXx]/;

let server;
let county; // 梅江区 441402: approves the organisations
let boss; // admin of `org`
let org; // approved, 梅江区
let otherBoss; // admin of `otherOrg`
let otherOrg;

before(async () => {
  server = await startServer();
  county = await adminSession(server, 'county_admin', '441402');
  boss = await volunteerSession(server);
  org = await approvedOrganization(boss, county);
  otherBoss = await volunteerSession(server);
  otherOrg = await approvedOrganization(otherBoss, county);
});
after(async () => { await server?.stop(); });

// ---- calls -------------------------------------------------------------------------------------------------

async function upload(session, orgId, bytes, { type = 'text/csv; charset=utf-8' } = {}) {
  const p = `/api/v1/organizations/${orgId}/volunteer-imports`;
  const headers = { 'content-type': type };
  if (session?.token) headers.authorization = `Bearer ${session.token}`;
  const r = await fetch(server.baseUrl + p, { method: 'POST', headers, body: bytes });
  const text = await r.text();
  assertNoSecrets(text, `response body of POST ${p}`);
  for (const [name, value] of r.headers) assertNoSecrets(value, `response header ${name} of POST ${p}`);
  assert.ok(!FULL_ID.test(text), `the answer carries a full ID number: ${text.slice(0, 400)}`);
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  return { status: r.status, body, headers: r.headers, text };
}

async function imported(bytes, opts) {
  const r = await upload(boss, org.id, bytes, opts);
  assert.equal(r.status, 200, r.text);
  for (const k of ['rows', 'created', 'joined', 'unchanged', 'rejected']) assert.ok(Number.isInteger(r.body[k]), `${k}: ${r.text}`);
  assert.ok(Array.isArray(r.body.errors));
  return r.body;
}

const counts = (r) => ({ rows: r.rows, created: r.created, joined: r.joined, unchanged: r.unchanged, rejected: r.rejected });
const errorsOf = (r) => r.errors.map((e) => [e.line, e.field, e.code]);

// A person not yet on the platform (an adult of 梅江区).
let personCounter = 0;
function person(overrides = {}) {
  personCounter += 1;
  return { name: `导入志愿者${personCounter}`, id: freshId(), phone: freshPhone(), political: '', county: '', ...overrides };
}
const row = (p) => [p.name, p.id, p.phone, p.political, p.county];

// The SMS activation links sent so far: [{account_id, body, token, url}].
function activationSms() {
  return outboxMessages(server).filter((m) => m.subject === '志愿者账号激活').map((m) => {
    const match = /(https?:\/\/\S+?)\/activate\/([A-Za-z0-9_-]+)/.exec(m.body);
    assert.ok(match, `the SMS carries an activation link: ${m.body}`);
    return { ...m, url: `${match[1]}/activate/${match[2]}`, base: match[1], token: match[2] };
  });
}
const smsFor = (name) => activationSms().filter((m) => m.body.includes(`${name}您好`));

const anon = () => api(server.baseUrl);

// ---- tests -----------------------------------------------------------------------------------------------------

test('a CSV with new people, a registered volunteer and bad rows: counts, errors by line, SMS to the new ones', async () => {
  const a = person({ political: '中共党员', county: '梅县区' });
  const b = person({ political: 'league_member', county: '441402' });
  const c = person({ political: '' }); // defaults: 群众, the organisation's county
  const registered = await volunteerSession(server); // already on the platform: joins
  const minor = person({ id: freshId({ birth: '20120315' }) });
  const badCheck = person();
  badCheck.id = `${badCheck.id.slice(0, 17)}${badCheck.id[17] === '1' ? '2' : '1'}`;
  const badPhone = person({ phone: '12345' });
  const phoneOwner = await volunteerSession(server);
  const takenPhone = person({ phone: phoneOwner.phone }); // the phone of another account (not in the file)
  const dupOfA = person({ id: a.id }); // the same ID again in the file
  const badPolitical = person({ political: '无党派人士' });
  const badCounty = person({ county: '广州市' });
  const noName = person({ name: '' });
  const rows = [
    HEADER,
    row(a), // 2
    row(b), // 3
    [registered.body.name, registered.body.id_number, registered.phone, '', ''], // 4
    row(minor), // 5
    row(badCheck), // 6
    row(badPhone), // 7
    row(takenPhone), // 8
    row(dupOfA), // 9
    row(badPolitical), // 10
    row(badCounty), // 11
    row(noName), // 12
    row(c), // 13
  ];
  const smsBefore = activationSms().length;
  const r = await imported(csvFile(rows));
  assert.deepEqual(counts(r), { rows: 12, created: 3, joined: 1, unchanged: 0, rejected: 8 }, r.text);
  assert.deepEqual(errorsOf(r), [
    [5, 'id_number', 'minor'],
    [6, 'id_number', 'invalid_check_digit'],
    [7, 'phone', 'invalid_phone'],
    [8, 'phone', 'duplicate_phone'],
    [9, 'id_number', 'duplicate_row'],
    [10, 'political_status', 'invalid_political_status'],
    [11, 'county', 'unknown_county'],
    [12, 'name', 'required'],
  ], JSON.stringify(r.errors));
  for (const e of r.errors) assert.match(e.message, /[\u4e00-\u9fff]/, `a Chinese reason: ${e.message}`);

  // One SMS per new person, naming them and the organisation, with a link under the public URL.
  const sms = activationSms().slice(smsBefore);
  assert.equal(sms.length, 3);
  for (const p of [a, b, c]) {
    const [m] = smsFor(p.name);
    assert.ok(m, `an SMS to ${p.name}`);
    assert.equal(m.channel, 'sms');
    assert.ok(m.body.includes(org.name));
    assert.ok(m.body.includes('30天'));
    assert.equal(m.base, server.baseUrl, 'the link is under the public URL (here the listen address)');
    assert.ok(!m.body.includes(p.id), 'the SMS does not carry the ID number');
  }
  assert.equal(new Set(sms.map((m) => m.token)).size, 3, 'every link is its own');

  // The registered volunteer was added, approved, and told in the app.
  const mine = await registered.http.get('/api/v1/organizations?mine=true');
  assert.ok(mine.body.items.some((o) => o.id === org.id), mine.text);
  const notes = await notificationsOf(registered);
  assert.ok(notes.some((n) => n.title.includes(org.name)), JSON.stringify(notes));
  const members = await boss.http.get(`/api/v1/organizations/${org.id}/memberships?page_size=100`);
  assert.equal(members.status, 200, members.text);
  const member = members.body.items.find((m) => m.volunteer_id === registered.volunteer.id);
  assert.equal(member?.status, 'approved', members.text);

  // Nobody can log in as a new person before they set a password (not even with an empty one).
  for (const pw of ['', PASSWORD, NEW_PASSWORD]) {
    const s = await anon().post('/api/v1/sessions', { phone: a.phone, password: pw });
    assert.equal(s.status, 401, `log-in with "${pw}" before activation: ${s.status} ${s.text}`);
  }

  // Re-import: nothing changes — no new accounts, memberships, messages or notifications.
  const outboxBefore = outboxMessages(server).length;
  const notesBefore = (await notificationsOf(registered)).length;
  const again = await imported(csvFile(rows));
  assert.deepEqual(counts(again), { rows: 12, created: 0, joined: 0, unchanged: 4, rejected: 8 }, JSON.stringify(again));
  assert.deepEqual(errorsOf(again), errorsOf(r));
  assert.equal(outboxMessages(server).length, outboxBefore, 'no new SMS');
  assert.equal((await notificationsOf(registered)).length, notesBefore, 'no new notification');
});

test('activation end to end: the link shows who it is for, a weak password is refused, then log-in works', async () => {
  const p = person({ political: '中共预备党员', county: '441403' });
  const r = await imported(csvFile([HEADER, row(p)]));
  assert.equal(r.created, 1, JSON.stringify(r));
  const [sms] = smsFor(p.name);
  const path = `/api/v1/account-activations/${sms.token}`;

  const shown = await anon().get(path);
  assert.equal(shown.status, 200, shown.text);
  assert.deepEqual(shown.body, { name: p.name, phone: `${p.phone.slice(0, 3)}****${p.phone.slice(-4)}` });

  for (const [password, code] of [['short1A', 'weak_password'], ['alllowercaseletters', 'weak_password'], ['', 'required']]) {
    assertProblem(await anon().post(path, { password }), 422, { field: 'password', fieldCode: code });
  }
  assertProblem(await anon().post(path, { password: 'x'.repeat(129) + 'A1#' }), 422, { field: 'password' });
  // The refusals used nothing up.
  assert.equal((await anon().get(path)).status, 200);

  const done = await anon().post(path, { password: NEW_PASSWORD });
  assert.equal(done.status, 200, done.text);
  assert.deepEqual(done.body, { activated: true });

  // Used: gone, for both reading and setting a password again.
  assertProblem(await anon().get(path), 404);
  assertProblem(await anon().post(path, { password: 'Another#2026c' }), 404);

  // The phone and the new password log in; the profile is what the file said; the organisation is theirs.
  const login = await anon().post('/api/v1/sessions', { phone: p.phone, password: NEW_PASSWORD });
  assert.equal(login.status, 201, login.text);
  assertProblem(await anon().post('/api/v1/sessions', { phone: p.phone, password: 'Another#2026c' }), 401);
  const me = api(server.baseUrl, login.body.token);
  const profile = await me.get('/api/v1/me');
  assert.equal(profile.status, 200, profile.text);
  assert.equal(profile.body.volunteer.name, p.name);
  assert.equal(profile.body.volunteer.id_number, maskedId(p.id));
  assert.equal(profile.body.volunteer.county_code, '441403');
  assert.equal(profile.body.volunteer.political_status, 'probationary_party_member');
  assert.match(profile.body.volunteer.volunteer_number, /\S/);
  const orgs = await me.get('/api/v1/organizations?mine=true');
  assert.deepEqual(orgs.body.items.map((o) => o.id), [org.id]);
});

test('unknown, malformed and overlong tokens are 404 and reveal nothing', async () => {
  for (const token of ['nope', 'A'.repeat(32), 'x'.repeat(300), '%2E%2E']) {
    assertProblem(await anon().get(`/api/v1/account-activations/${token}`), 404);
    assertProblem(await anon().post(`/api/v1/account-activations/${token}`, { password: NEW_PASSWORD }), 404);
  }
});

test('an XLSX works as well as a CSV: columns in any order, English names, a required-column mark', async () => {
  const p = person({ political: '团员' });
  const q = person({ political: 'masses', county: '兴宁市' });
  const existing = await volunteerSession(server);
  const bad = person({ id: freshId({ birth: '20100601' }) });
  const workbook = xlsxFile([
    ['phone', '*姓名', 'political_status', '身份证号', 'county'],
    [p.phone, p.name, p.political, p.id, ''],
    [q.phone, q.name, q.political, q.id, q.county],
    [existing.phone, existing.body.name, '', existing.body.id_number, ''],
    [bad.phone, bad.name, '', bad.id, ''],
  ], { sheetName: '志愿者' });
  const r = await imported(workbook, { type: XLSX_TYPE });
  assert.deepEqual(counts(r), { rows: 4, created: 2, joined: 1, unchanged: 0, rejected: 1 }, JSON.stringify(r));
  assert.deepEqual(errorsOf(r), [[5, 'id_number', 'minor']]);
  // The same rows again, now as CSV: all there already.
  const again = await imported(csvFile([
    ['手机号码', '姓名', '身份证号码'],
    [p.phone, p.name, p.id.toLowerCase()],
    [q.phone, q.name, q.id],
    [existing.phone, existing.body.name, existing.body.id_number],
  ]));
  assert.deepEqual(counts(again), { rows: 3, created: 0, joined: 0, unchanged: 3, rejected: 0 });
  // Activation of the XLSX's person from 兴宁市 (441481).
  const [sms] = smsFor(q.name);
  assert.equal((await anon().post(`/api/v1/account-activations/${sms.token}`, { password: NEW_PASSWORD })).status, 200);
  const token = (await anon().post('/api/v1/sessions', { phone: q.phone, password: NEW_PASSWORD })).body.token;
  const me = await api(server.baseUrl, token).get('/api/v1/me');
  assert.equal(me.body.volunteer.county_code, '441481');
  assert.equal(me.body.volunteer.political_status, 'masses');
});

test('a person imported by one organisation joins the other on its import; a former applicant is approved', async () => {
  const p = person();
  assert.equal((await imported(csvFile([HEADER, row(p)]))).created, 1);
  const r = await upload(otherBoss, otherOrg.id, csvFile([HEADER, row(p)]));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(counts(r.body), { rows: 1, created: 0, joined: 1, unchanged: 0, rejected: 0 });
  assert.equal(smsFor(p.name).length, 1, 'still the one SMS');

  // A volunteer who applied to join and waits: the import approves them.
  const applicant = await volunteerSession(server);
  const applied = await applicant.http.post(`/api/v1/organizations/${org.id}/memberships`, {});
  assert.equal(applied.status, 201, applied.text);
  assert.equal(applied.body.status, 'pending');
  const j = await imported(csvFile([HEADER, [applicant.body.name, applicant.body.id_number, applicant.phone, '', '']]));
  assert.deepEqual(counts(j), { rows: 1, created: 0, joined: 1, unchanged: 0, rejected: 0 });
  const members = await boss.http.get(`/api/v1/organizations/${org.id}/memberships?page_size=100`);
  assert.equal(members.body.items.find((m) => m.volunteer_id === applicant.volunteer.id)?.status, 'approved');
});

test('unreadable files: missing required columns, not a table at all, too big', async () => {
  const missing = await upload(boss, org.id, csvFile([['姓名', '政治面貌'], ['张三', '群众']]));
  assertProblem(missing, 422, { code: 'sheet_unreadable' });
  assert.match(missing.body.detail, /身份证号码/);
  assert.match(missing.body.detail, /手机号码/);
  assertProblem(await upload(boss, org.id, Buffer.from([0x00, 0xff, 0x10, 0x80, 0x00])), 422, { code: 'sheet_unreadable' });
  assertProblem(await upload(boss, org.id, xlsxFile([HEADER]).subarray(0, 120), { type: XLSX_TYPE }), 422, { code: 'sheet_unreadable' });
  // Only a header: nothing to do.
  const empty = await imported(csvFile([HEADER]));
  assert.deepEqual(counts(empty), { rows: 0, created: 0, joined: 0, unchanged: 0, rejected: 0 });

  const big = Buffer.concat([csvFile([HEADER]), Buffer.alloc(5 * MiB, 0x20)]);
  assertProblem(await upload(boss, org.id, big), 413);
});

test('access: another organisation’s admin gets 404 and callers without the organisation admin role 403 (before the file is read), a pending organisation 409, nobody anonymous', async () => {
  const p = person();
  const file = csvFile([HEADER, row(p)]);
  const outsider = await volunteerSession(server);
  const city = await adminSession(server, 'city_admin');
  // The route's role gate: importing is an organisation admin's action.
  for (const who of [outsider, county, city]) {
    assertProblem(await upload(who, org.id, file), 403, { code: 'forbidden' });
    assertProblem(await upload(who, org.id, Buffer.from('garbage')), 403, { code: 'forbidden' });
  }
  assertProblem(await upload(otherBoss, org.id, file), 404);
  // Not even a broken file tells them anything else.
  assertProblem(await upload(otherBoss, org.id, Buffer.from('garbage')), 404);
  assertProblem(await upload(boss, 999999, file), 404);
  assertProblem(await upload(null, org.id, file), 401);

  const founder = await volunteerSession(server);
  const pending = await founder.http.post('/api/v1/organizations', organizationBody());
  assert.equal(pending.status, 201, pending.text);
  assertProblem(await upload(founder, pending.body.id, file), 409, { code: 'org_not_approved' });
  assert.equal(smsFor(p.name).length, 0, 'nobody was registered');
  assert.equal((await anon().post('/api/v1/sessions', { phone: p.phone, password: NEW_PASSWORD })).status, 401);
});
