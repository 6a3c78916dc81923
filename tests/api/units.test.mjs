// Units' rosters 花名册 (CSV and XLSX uploads, row by row), the roster view against registrations and hours,
// scope, and the invitation link a unit's members join by.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  adminSession, api, assertNoSecrets, assertProblem, freshId, freshPhone, maskedId, rememberSecret, volunteerSession,
  XLSX_TYPE, csvFile, xlsxFile, xlsxStrings, zipFile,
} from './helpers.mjs';

let server;
let city;
let county; // 五华县 441424, where the units are
let otherCounty; // 梅县区 441403

before(async () => {
  server = await startServer();
  city = await adminSession(server, 'city_admin');
  county = await adminSession(server, 'county_admin', '441424');
  otherCounty = await adminSession(server, 'county_admin', '441403');
});
after(async () => { await server?.stop(); });

const MiB = 1024 * 1024;
const HEADER = ['姓名', '身份证号码', '政治面貌', '手机号码', '部门'];
// Any 17 digits and a check character in a row: a full resident ID number, which no answer may carry.
const FULL_ID = /\d{17}[\dXx]/;

let unitCounter = 0;
async function newUnit(admin = county, region = '441424') {
  unitCounter += 1;
  const r = await admin.http.post('/api/v1/units', {
    name: `五华县测试单位${unitCounter}-${Math.floor(Math.random() * 1e6)}`, kind: 'school', region_code: region,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// The CSV and XLSX writers live in helpers.mjs (the volunteer imports use them too).
const csv = csvFile;
const zip = zipFile;
const xlsx = xlsxFile;

// ---- calls -----------------------------------------------------------------------------------------------------

function checked(text, headers, where) {
  assertNoSecrets(text, `response body of ${where}`);
  for (const [name, value] of headers) assertNoSecrets(value, `response header ${name} of ${where}`);
  assert.ok(!FULL_ID.test(text), `${where} carries a full ID number: ${text.slice(0, 500)}`);
}

// Uploads a roster file (raw bytes) as `session`; answers {status, body, headers, text}.
async function upload(session, unitId, bytes, { fileName = 'roster.csv', type = 'text/csv; charset=utf-8' } = {}) {
  const p = `/api/v1/units/${unitId}/roster-imports?file_name=${encodeURIComponent(fileName)}`;
  const headers = { 'content-type': type };
  if (session?.token) headers.authorization = `Bearer ${session.token}`;
  const r = await fetch(server.baseUrl + p, { method: 'POST', headers, body: bytes });
  const text = await r.text();
  checked(text, r.headers, `POST ${p}`);
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  return { status: r.status, body, headers: r.headers, text };
}

async function imported(session, unitId, bytes, opts) {
  const r = await upload(session, unitId, bytes, opts);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function roster(session, unitId, query = '') {
  const r = await session.http.get(`/api/v1/units/${unitId}/roster${query}`);
  assert.equal(r.status, 200, r.text);
  checked(r.text, r.headers, `GET roster${query}`);
  return r.body;
}

async function importsOf(session, unitId) {
  const r = await session.http.get(`/api/v1/units/${unitId}/roster-imports`);
  assert.equal(r.status, 200, r.text);
  checked(r.text, r.headers, 'GET roster-imports');
  return r.body.items;
}

const counts = (i) => ({
  rows: i.rows, added: i.added, updated: i.updated, unchanged: i.unchanged,
  duplicates_merged: i.duplicates_merged, rejected: i.rejected,
});
const errorsOf = (i) => i.errors.map(({ line, field, code }) => ({ line, field, code }))
  .sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));

// The same valid ID with a wrong check character.
function withWrongCheckDigit(id) {
  const last = id[17] === 'X' ? '0' : String((Number(id[17]) + 1) % 10);
  return rememberSecret(id.slice(0, 17) + last);
}

// A roster with 4 distinct members, two bad rows and one repeated ID; `registeredId` is a registered volunteer's.
function sampleRoster(registeredId) {
  const p = {
    zhang: freshId(), li: freshId(), bad: withWrongCheckDigit(freshId()), unnamed: freshId(),
    zhao: freshId({ accept: (id) => id.endsWith('X') }), phoneZhang: freshPhone(), phoneZhao: freshPhone(),
  };
  const rows = [
    HEADER,
    ['张一', p.zhang, '共青团员', p.phoneZhang, '团委'], // line 2
    ['李二', p.li, '中共党员', '', '教务处'], // line 3
    ['王三', p.bad, '团员', '', '办公室'], // line 4: bad check digit
    ['', p.unnamed, '群众', '', '办公室'], // line 5: no name, not a party or League member
    ['赵四', p.zhao.toLowerCase(), '预备党员', p.phoneZhao, '团委'], // line 6: a lowercase x is the same ID
    ['张一', p.zhang, '共青团员', p.phoneZhang, '学生会'], // line 7: line 2 again, corrected: the last wins
    ['陈五', registeredId, 'probationary_party_member', '', '财务处'], // line 8
  ];
  return { people: p, rows };
}

const FIRST_IMPORT = { rows: 7, added: 4, updated: 0, unchanged: 0, duplicates_merged: 1, rejected: 2 };
const ROW_ERRORS = [
  { line: 4, field: 'id_number', code: 'invalid_check_digit' },
  { line: 5, field: 'name', code: 'required' },
  { line: 5, field: 'political_status', code: 'invalid_political_status' },
];

// ---- tests -----------------------------------------------------------------------------------------------------

test('a CSV roster: good rows kept, bad rows reported by line and field, a repeated ID merged; re-importing changes nothing; a corrected row updates', async () => {
  const unit = await newUnit();
  const registered = await volunteerSession(server, { county_code: '441424' });
  const { people, rows } = sampleRoster(registered.body.id_number);
  const file = csv(rows);

  const first = await imported(county, unit.id, file, { fileName: '五华县测试单位花名册.csv' });
  assert.deepEqual(counts(first), FIRST_IMPORT, JSON.stringify(first));
  assert.deepEqual(errorsOf(first), ROW_ERRORS, JSON.stringify(first.errors));
  for (const e of first.errors) assert.match(e.message, /[\u4e00-\u9fff]/, 'errors[].message is Chinese');
  assert.equal(first.import_id, first.id);
  assert.equal(first.file_name, '五华县测试单位花名册.csv');
  assert.equal(first.imported_by, '测试county_admin');
  assert.match(first.imported_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);

  const again = await imported(county, unit.id, file);
  assert.deepEqual(counts(again), { ...FIRST_IMPORT, added: 0, unchanged: 4 }, 'the same file again changes nothing');
  assert.deepEqual(errorsOf(again), ROW_ERRORS);

  const corrected = rows.map((r) => (r[0] === '李二' ? [...r.slice(0, 4), '学工处'] : r));
  const third = await imported(county, unit.id, csv(corrected), { fileName: 'corrected.csv' });
  assert.deepEqual(counts(third), { ...FIRST_IMPORT, added: 0, updated: 1, unchanged: 3 });

  const history = await importsOf(county, unit.id);
  assert.deepEqual(history.map((i) => i.id), [third.id, again.id, first.id], 'newest first');
  assert.deepEqual(counts(history[0]), counts(third));
  assert.equal(history[0].file_name, 'corrected.csv');
  assert.equal(history[2].file_name, '五华县测试单位花名册.csv');

  // The roster: the registered volunteer found by ID number, the others not registered yet.
  const all = await roster(county, unit.id);
  assert.equal(all.unit.id, unit.id);
  assert.equal(all.unit.region_code, '441424');
  assert.deepEqual(all.summary, { members: 4, registered: 1, unregistered: 3, under_20h: 1, joined: 0 });
  assert.equal(all.total, 4);
  assert.equal(all.items.length, 4);
  const by = Object.fromEntries(all.items.map((i) => [i.name, i]));
  assert.deepEqual(Object.keys(by).sort(), ['张一', '李二', '赵四', '陈五'].sort());
  assert.deepEqual(by['张一'], {
    name: '张一', id_number: maskedId(people.zhang), political_status: 'league_member', department: '学生会',
    phone: `${people.phoneZhang.slice(0, 3)}****${people.phoneZhang.slice(-4)}`, registered: false,
    volunteer_number: null, year_minutes: 0, status: 'unregistered', source: 'roster',
  });
  assert.equal(by['李二'].political_status, 'party_member');
  assert.equal(by['李二'].department, '学工处', 'the corrected department');
  assert.equal(by['李二'].phone, '');
  assert.equal(by['赵四'].id_number, maskedId(people.zhao), 'the lowercase x is read as X');
  assert.equal(by['赵四'].political_status, 'probationary_party_member');
  assert.deepEqual(by['陈五'], {
    name: '陈五', id_number: maskedId(registered.body.id_number), political_status: 'probationary_party_member',
    department: '财务处', phone: '', registered: true, volunteer_number: registered.volunteer.volunteer_number,
    year_minutes: 0, status: 'under_20h', source: 'roster',
  });
  assert.ok(all.items.findIndex((i) => i.registered) === 3, 'the unregistered come first');

  const unregistered = await roster(county, unit.id, '?status=unregistered');
  assert.equal(unregistered.total, 3);
  assert.deepEqual(unregistered.items.map((i) => i.name).sort(), ['张一', '李二', '赵四'].sort());
  assert.ok(unregistered.items.every((i) => !i.registered && i.status === 'unregistered' && i.volunteer_number === null));
  assert.deepEqual(unregistered.summary, all.summary, 'the summary is of the whole roster');
  const under = await roster(county, unit.id, '?status=under_20h');
  assert.deepEqual(under.items.map((i) => i.name), ['陈五']);

  const page1 = await roster(county, unit.id, '?page=1&page_size=3');
  const page2 = await roster(county, unit.id, '?page=2&page_size=3');
  assert.equal(page1.total, 4);
  assert.equal(page1.page_size, 3);
  assert.equal(page1.items.length, 3);
  assert.equal(page2.page, 2);
  assert.deepEqual([...page1.items, ...page2.items].map((i) => i.name), all.items.map((i) => i.name));

  const lastYear = await roster(county, unit.id, '?year=2025');
  assert.equal(lastYear.year, 2025);
  assert.equal(lastYear.total, 4);
  assert.equal(all.year, new Date(Date.now() + 8 * 3600e3).getUTCFullYear(), 'this year (China time) by default');

  assertProblem(await county.http.get(`/api/v1/units/${unit.id}/roster?status=gone`), 422,
    { field: 'status', fieldCode: 'invalid_status' });
  assertProblem(await county.http.get(`/api/v1/units/${unit.id}/roster?year=abc`), 422,
    { field: 'year', fieldCode: 'invalid_year' });
  assertProblem(await county.http.get(`/api/v1/units/${unit.id}/roster?year=1999`), 422,
    { field: 'year', fieldCode: 'invalid_year' });
});

test('the same roster as an .xlsx workbook gives the same result, and reads as the same rows as the CSV', async () => {
  const registered = await volunteerSession(server, { county_code: '441424' });
  const { rows } = sampleRoster(registered.body.id_number);
  const workbook = xlsx(rows);
  assert.equal(xlsxStrings(workbook).length, rows.flat().filter((v) => v !== '').length, 'the writer makes a readable XLSX');

  const fromCsv = await newUnit();
  const fromXlsx = await newUnit();
  const a = await imported(county, fromCsv.id, csv(rows));
  const b = await imported(county, fromXlsx.id, workbook, { fileName: '花名册.xlsx', type: XLSX_TYPE });
  assert.deepEqual(counts(b), FIRST_IMPORT, JSON.stringify(b));
  assert.deepEqual(counts(b), counts(a));
  assert.deepEqual(errorsOf(b), ROW_ERRORS, 'sheet rows are the lines: the header is row 1');
  assert.deepEqual(b.errors.map((e) => e.message), a.errors.map((e) => e.message));
  assert.equal(b.file_name, '花名册.xlsx');

  // Recognised by content: the workbook sent as text/csv, and the CSV as XLSX, both read right and match.
  const sameAsCsv = await imported(county, fromXlsx.id, csv(rows), { type: XLSX_TYPE });
  assert.deepEqual(counts(sameAsCsv), { ...FIRST_IMPORT, added: 0, unchanged: 4 }, 'the CSV repeats the workbook');
  const sameAsXlsx = await imported(county, fromCsv.id, workbook, { fileName: 'x.csv' });
  assert.deepEqual(counts(sameAsXlsx), { ...FIRST_IMPORT, added: 0, unchanged: 4 }, 'the workbook repeats the CSV');

  const ra = await roster(county, fromCsv.id);
  const rb = await roster(county, fromXlsx.id);
  assert.deepEqual(rb.items, ra.items);
  assert.deepEqual(rb.summary, ra.summary);
});

test('English headers and status codes are read too; optional columns may be left out', async () => {
  const unit = await newUnit();
  const ids = [freshId(), freshId(), freshId()];
  const r = await imported(county, unit.id, csv([
    ['name', 'id_number', 'political_status'],
    ['Li Lei', ids[0], 'league_member'],
    ['韩梅梅', ids[1], 'party_member'],
    ['吴六', ids[2], '党员'],
  ]));
  assert.deepEqual(counts(r), { rows: 3, added: 3, updated: 0, unchanged: 0, duplicates_merged: 0, rejected: 0 });
  assert.deepEqual(r.errors, []);
  const view = await roster(county, unit.id);
  assert.deepEqual(view.items.map((i) => i.political_status).sort(), ['league_member', 'party_member', 'party_member']);
  assert.ok(view.items.every((i) => i.department === '' && i.phone === ''));
});

test('a file that is not a roster is refused whole (422 roster_unreadable) and leaves no import behind', async () => {
  const unit = await newUnit();
  const noId = await upload(county, unit.id, csv([['姓名', '政治面貌', '部门'], ['张一', '共青团员', '团委']]));
  const p = assertProblem(noId, 422, { code: 'roster_unreadable' });
  assert.match(p.detail, /身份证号码/, 'the missing column is named');

  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131 + 7) % 256))]);
  assertProblem(await upload(county, unit.id, png, { fileName: 'photo.png', type: 'image/png' }), 422,
    { code: 'roster_unreadable' });
  const notAWorkbook = zip([{ name: 'readme.txt', data: Buffer.from('姓名,身份证号码,政治面貌\n', 'utf8') }]);
  assertProblem(await upload(county, unit.id, notAWorkbook, { type: XLSX_TYPE }), 422, { code: 'roster_unreadable' });
  const truncated = xlsx([HEADER, ['张一', freshId(), '团员', '', '']]).subarray(0, 200);
  assertProblem(await upload(county, unit.id, truncated, { type: XLSX_TYPE }), 422, { code: 'roster_unreadable' });
  assertProblem(await upload(county, unit.id, Buffer.alloc(0)), 422, { code: 'roster_unreadable' });
  assertProblem(await upload(county, unit.id, Buffer.from('姓名,身份证号码,政治面貌\n"张一,', 'utf8')), 422,
    { code: 'roster_unreadable' });

  assert.deepEqual(await importsOf(county, unit.id), [], 'nothing was imported');
  assert.equal((await roster(county, unit.id)).total, 0);
});

test('roster uploads take up to 5 MiB (413 body_too_large beyond); other routes keep their 1 MiB limit', async () => {
  const unit = await newUnit();
  // 1,000 real rows padded with an extra column (备注, not read) to 1.5 MiB.
  const rows = [[...HEADER, '备注']];
  for (let i = 0; i < 1000; i += 1) rows.push([`成员${i}`, freshId(), '共青团员', '', '团委', '']);
  const bare = csv(rows).length;
  const pad = Math.ceil((1.5 * MiB - bare) / 1000);
  for (let i = 1; i < rows.length; i += 1) rows[i][5] = '备'.repeat(Math.ceil(pad / 3));
  const big = csv(rows);
  assert.ok(big.length > 1.5 * MiB && big.length < 1.6 * MiB, `${big.length} bytes`);
  const r = await upload(county, unit.id, big, { fileName: 'big.csv' });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.deepEqual(counts(r.body), { rows: 1000, added: 1000, updated: 0, unchanged: 0, duplicates_merged: 0, rejected: 0 });
  assert.equal((await roster(county, unit.id, '?page_size=1')).summary.members, 1000);

  // Exactly 5 MiB is read (and refused for what it says — no roster header — not for its size); one byte more
  // is 413.
  assertProblem(await upload(county, unit.id, Buffer.alloc(5 * MiB, 'a')), 422, { code: 'roster_unreadable' });
  const tooBig = await upload(county, unit.id, Buffer.alloc(5 * MiB + 1, 'a'));
  assertProblem(tooBig, 413, { code: 'body_too_large' });
  assert.match(tooBig.body.detail, /5MB/);

  // The JSON routes still refuse a body over 1 MiB.
  const json = JSON.stringify({ phone: '1'.repeat(1.5 * MiB) });
  const res = await fetch(`${server.baseUrl}/api/v1/units/${unit.id}/contacts`, {
    method: 'POST', headers: { authorization: `Bearer ${county.token}`, 'content-type': 'application/json' }, body: json,
  });
  assert.equal(res.status, 413);
  const body = await res.json();
  assert.equal(body.code, 'body_too_large');
  assert.match(body.detail, /1MB/);
  assert.equal((await importsOf(county, unit.id)).length, 1, 'only the 1.5 MiB roster was imported');
});

test('the roster is for the unit\'s contacts and its region\'s admins: anyone else gets 404', async () => {
  const unit = await newUnit();
  const contact = await volunteerSession(server, { county_code: '441424' });
  const added = await county.http.post(`/api/v1/units/${unit.id}/contacts`, { phone: contact.phone });
  assert.equal(added.status, 201, added.text);
  const stranger = await volunteerSession(server, { county_code: '441424' });
  const file = csv([HEADER, ['张一', freshId(), '共青团员', '', '团委']]);

  for (const s of [otherCounty, stranger]) { // another county's admin, an unrelated volunteer
    assertProblem(await upload(s, unit.id, file), 404, { code: 'not_found' });
    assertProblem(await s.http.get(`/api/v1/units/${unit.id}/roster-imports`), 404, { code: 'not_found' });
    assertProblem(await s.http.get(`/api/v1/units/${unit.id}/roster`), 404, { code: 'not_found' });
    assertProblem(await s.http.get(`/api/v1/units/${unit.id}/invitation`), 404, { code: 'not_found' });
  }
  assertProblem(await upload(null, unit.id, file), 401);
  assertProblem(await api(server.baseUrl).get(`/api/v1/units/${unit.id}/roster`), 401);
  for (const s of [county, city]) {
    assertProblem(await upload(s, 999999, file), 404, { code: 'not_found' });
    assertProblem(await s.http.get('/api/v1/units/999999/roster'), 404, { code: 'not_found' });
    assertProblem(await s.http.get('/api/v1/units/abc/roster'), 404);
    assertProblem(await s.http.get('/api/v1/units/999999/invitation'), 404, { code: 'not_found' });
  }
  assert.deepEqual(await importsOf(county, unit.id), [], 'the refused upload left nothing');

  const byCounty = await imported(county, unit.id, file);
  assert.equal(byCounty.added, 1);
  const byCity = await imported(city, unit.id, file);
  assert.equal(byCity.unchanged, 1);
  assert.equal(byCity.imported_by, '测试city_admin');
  const byContact = await imported(contact, unit.id, file);
  assert.equal(byContact.unchanged, 1);
  assert.equal(byContact.imported_by, contact.body.name);
  for (const s of [county, city, contact]) {
    assert.equal((await roster(s, unit.id)).total, 1);
    assert.equal((await importsOf(s, unit.id)).length, 3);
    const inv = await s.http.get(`/api/v1/units/${unit.id}/invitation`);
    assert.equal(inv.status, 200, inv.text);
  }

  // A city-level unit (441400) is the city admin's alone.
  const cityUnit = await newUnit(city, '441400');
  assert.equal((await roster(city, cityUnit.id)).total, 0);
  assertProblem(await county.http.get(`/api/v1/units/${cityUnit.id}/roster`), 404);
});

test('the invitation link: one standing token, a public lookup, volunteers join once and show in the roster', async () => {
  const unit = await newUnit();
  const onRoster = await volunteerSession(server, { county_code: '441424' });
  const r = await imported(county, unit.id, csv([HEADER,
    ['陈五', onRoster.body.id_number, '中共党员', '', '财务处'],
    ['张一', freshId(), '共青团员', '', '团委']]));
  assert.equal(r.added, 2);

  const inv = await county.http.get(`/api/v1/units/${unit.id}/invitation`);
  assert.equal(inv.status, 200, inv.text);
  assert.equal(inv.body.unit_id, unit.id);
  assert.equal(inv.body.unit_name, unit.name);
  assert.match(inv.body.token, /^[A-Za-z0-9_-]{16,}$/);
  assert.ok(inv.body.url.endsWith(`/join/unit/${inv.body.token}`), inv.body.url);
  assert.match(inv.body.qr_svg, /^<svg|<svg[\s>]/);
  const again = await city.http.get(`/api/v1/units/${unit.id}/invitation`);
  assert.equal(again.body.token, inv.body.token, 'the same token every time, for every caller');
  assert.equal(again.body.url, inv.body.url);
  const other = await county.http.get(`/api/v1/units/${(await newUnit()).id}/invitation`);
  assert.notEqual(other.body.token, inv.body.token, 'each unit its own');

  const anon = api(server.baseUrl);
  const lookup = await anon.get(`/api/v1/unit-invitations/${inv.body.token}`);
  assert.equal(lookup.status, 200, lookup.text);
  assert.deepEqual(lookup.body, { unit_id: unit.id, unit_name: unit.name, region_name: '五华县' });
  assertProblem(await anon.get('/api/v1/unit-invitations/not-a-token'), 404, { code: 'not_found' });
  assertProblem(await anon.get(`/api/v1/unit-invitations/${'a'.repeat(200)}`), 404, { code: 'not_found' });

  const joiner = await volunteerSession(server, { county_code: '441402' });
  const joined = await joiner.http.post('/api/v1/me/unit-memberships', { token: inv.body.token });
  assert.equal(joined.status, 201, joined.text);
  assert.equal(joined.body.unit_id, unit.id);
  assert.equal(joined.body.unit_name, unit.name);
  assert.match(joined.body.joined_at, /\+08:00$/);
  const twice = await joiner.http.post('/api/v1/me/unit-memberships', { token: inv.body.token });
  assert.equal(twice.status, 200, twice.text);
  assert.equal(twice.body.unit_id, unit.id);

  let view = await roster(county, unit.id);
  assert.deepEqual(view.summary, { members: 3, registered: 2, unregistered: 1, under_20h: 2, joined: 1 });
  const viaLink = view.items.find((i) => i.source === 'invitation');
  assert.deepEqual(viaLink, {
    name: joiner.body.name, id_number: maskedId(joiner.body.id_number), political_status: joiner.volunteer.political_status,
    department: '', phone: '', registered: true, volunteer_number: joiner.volunteer.volunteer_number,
    year_minutes: 0, status: 'under_20h', source: 'invitation',
  });

  // A member on the roster who also joins is counted as joined but listed once, from the roster.
  const member = await onRoster.http.post('/api/v1/me/unit-memberships', { token: inv.body.token });
  assert.equal(member.status, 201, member.text);
  view = await roster(county, unit.id);
  assert.equal(view.summary.joined, 2);
  assert.equal(view.total, 3);
  assert.deepEqual(view.items.filter((i) => i.volunteer_number === onRoster.volunteer.volunteer_number)
    .map((i) => [i.name, i.source]), [['陈五', 'roster']]);

  // Joining is a volunteer's action: the route's role gate refuses an administrator without a volunteer record.
  assertProblem(await county.http.post('/api/v1/me/unit-memberships', { token: inv.body.token }), 403,
    { code: 'forbidden' });
  assertProblem(await joiner.http.post('/api/v1/me/unit-memberships', { token: 'no-such-token' }), 404,
    { code: 'not_found' });
  assertProblem(await anon.post('/api/v1/me/unit-memberships', { token: inv.body.token }), 401);
  assert.equal((await roster(county, unit.id)).summary.joined, 2, 'the refused calls joined nobody');
});

// ---- once server bugs, kept as regression tests ---------------------------------------------------------------

test('scope comes before the file: a bad file for a unit the caller may not manage, or none, is 404 too', async () => {
  const unit = await newUnit();
  const unreadable = Buffer.from([0xff, 0xfe, 0x00]);
  const noColumns = csv([['姓名'], ['张一']]);
  for (const file of [unreadable, noColumns]) {
    assertProblem(await upload(otherCounty, unit.id, file), 404, { code: 'not_found' });
    assertProblem(await upload(county, 999999, file), 404, { code: 'not_found' });
  }
});

test('the file name is kept as valid UTF-8: cut on a character boundary, never a 500', async () => {
  const unit = await newUnit();
  const file = csv([HEADER, ['张一', freshId(), '共青团员', '', '']]);
  const long = await upload(county, unit.id, file, { fileName: '花'.repeat(67) }); // 201 bytes
  assert.equal(long.status, 200, long.text);
  assert.match(long.body.file_name, /^花{66,67}$/);
  const p = `/api/v1/units/${unit.id}/roster-imports?file_name=%FF`;
  const bad = await fetch(server.baseUrl + p, { method: 'POST', headers: { authorization: `Bearer ${county.token}` }, body: file });
  assert.ok([200, 422].includes(bad.status), `${bad.status} ${await bad.text()}`);
  for (const i of await importsOf(county, unit.id)) assert.ok(!i.file_name.includes('\ufffd'), i.file_name);
});

test('a CSV over 50,000 rows is refused also when its last line has no line break', async () => {
  const unit = await newUnit();
  const lines = ['姓名,身份证号码,政治面貌'];
  for (let i = 0; i < 50001; i += 1) lines.push(`成员${i},,`);
  // Unchecked for secrets (the rows hold none): while the bug lasts, the answer lists 100,002 row errors.
  const r = await fetch(`${server.baseUrl}/api/v1/units/${unit.id}/roster-imports`, {
    method: 'POST', headers: { authorization: `Bearer ${county.token}` }, body: lines.join('\n'),
  });
  const body = await r.json();
  assert.equal(r.status, 422, `${r.status}: rows ${body.rows}`);
  assert.equal(body.code, 'roster_unreadable');
});
