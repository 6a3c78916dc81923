// The target desk 测评考核 (first slice): the contract shape, figures against a recomputation from what the test
// itself registered, scope by role, the XLSX and PDF exports, and snapshots (frozen desks with reproducible files).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  adminSession, assertProblem, download, pdfText, sha256Hex, volunteerSession, XLSX_TYPE, xlsxStrings, zipEntries,
} from './helpers.mjs';

let server;
let city;
let county;
const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();

before(async () => {
  server = await startServer();
  city = await adminSession(server, 'city_admin');
  county = await adminSession(server, 'county_admin', '441424');
});
after(async () => { await server?.stop(); });

const desk = async (session, query = '') => {
  const r = await session.http.get(`/api/v1/targets${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const of = (d, code) => d.counties.find((c) => c.county_code === code);

test('GET /api/v1/targets has every contract figure with its target and gap; populations fall back to the latest year and say so', async () => {
  const d = await desk(city, `?year=${YEAR}`);
  assert.equal(d.year, YEAR);
  assert.equal(d.counties.length, 8);
  const wuhua = of(d, '441424');
  for (const key of ['county_code', 'name', 'population', 'registered', 'registration_rate', 'league_members',
    'league_registered', 'league_rate', 'certificate_holders', 'certificate_rate', 'card_holders', 'card_rate',
    'avg_annual_minutes', 'activities_published', 'organizations', 'members_20h_rate', 'registration_target',
    'registration_gap', 'league_target', 'certificate_target', 'card_target']) {
    assert.ok(key in wuhua, `${key} in ${JSON.stringify(wuhua)}`);
  }
  assert.equal(wuhua.name, '五华县');
  assert.equal(wuhua.population, 924400);
  assert.equal(wuhua.population_year, 2022, 'no figure for this year: the latest earlier one, named');
  assert.equal(wuhua.registration_target, 0.1);
  assert.equal(wuhua.league_target, 0.8);
  assert.equal(wuhua.certificate_target, 0.3);
  assert.equal(wuhua.card_target, 0.15);
  assert.equal(wuhua.registration_gap, 92440 - wuhua.registered, '还需 N 人注册');
  assert.ok(Math.abs(wuhua.registration_rate - wuhua.registered / 924400) < 1e-12);
  assert.equal(d.city.registered, d.counties.reduce((n, c) => n + c.registered, 0), 'the city is the sum of its counties');
  assert.ok(d.formulas.registration_rate.includes('常住人口'));
});

test('registrations, League members and the reported League count move the figures by exactly what happened', async () => {
  const before = of(await desk(city), '441424');
  await volunteerSession(server, { county_code: '441424', political_status: 'league_member' });
  await volunteerSession(server, { county_code: '441424', political_status: 'league_member' });
  await volunteerSession(server, { county_code: '441424' });
  const put = await city.http.put('/api/v1/targets/member-counts',
    { county_code: '441424', year: YEAR, kind: 'league_members', members: 10, note: '团县委报送' });
  assert.equal(put.status, 204, put.text);
  const after = of(await desk(city), '441424');
  assert.equal(after.registered, before.registered + 3);
  assert.equal(after.league_registered, before.league_registered + 2);
  assert.equal(after.league_members, 10);
  assert.equal(after.league_members_year, YEAR);
  assert.ok(Math.abs(after.league_rate - after.league_registered / 10) < 1e-12);
  assert.equal(after.league_gap, Math.max(0, 8 - after.league_registered));
  assert.equal(after.certificate_gap, Math.max(0, Math.ceil(0.3 * after.registered - 1e-9) - after.certificate_holders));
});

test('scope: a county admin sees their county (and the city), a volunteer 403, anonymous 401; bad years 422', async () => {
  const d = await desk(county);
  assert.deepEqual(d.counties.map((c) => c.county_code), ['441424']);
  assert.equal(d.city.county_code, '441400');
  const v = await volunteerSession(server);
  assertProblem(await v.http.get('/api/v1/targets'), 403);
  assertProblem(await v.http.put('/api/v1/targets/member-counts', { county_code: '441424', year: YEAR, kind: 'league_members', members: 1 }), 403);
  assertProblem(await county.http.put('/api/v1/targets/member-counts', { county_code: '441424', year: YEAR, kind: 'league_members', members: 1 }), 403);
  assertProblem(await city.http.get('/api/v1/targets?year=2016'), 422, { field: 'year', fieldCode: 'invalid_year' });
  assertProblem(await city.http.get('/api/v1/targets?year=abc'), 422, { field: 'year' });
  assertProblem(await city.http.put('/api/v1/targets/member-counts', { county_code: '999999', year: YEAR, kind: 'x', members: -1 }), 422);
  const empty = await city.http.put('/api/v1/targets/member-counts', {});
  assert.equal(empty.status, 422, empty.text);
  assert.deepEqual(empty.body.errors.map((e) => e.field).sort(), ['county_code', 'kind', 'members', 'year'],
    'every field at fault in one answer');
});

test('GET /api/v1/targets/export.xlsx is the assessment table: a county row per county seen, then the city', async () => {
  const d = await desk(city);
  const x = await download(server.baseUrl, `/api/v1/targets/export.xlsx?year=${YEAR}`, city.token);
  assert.equal(x.status, 200);
  assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK');
  const strings = xlsxStrings(x.bytes);
  for (const s of ['县（市、区）', '注册率', '五华县', '梅州市', String(of(d, '441424').registered), '924400（2022年）']) {
    assert.ok(strings.includes(s), `the XLSX holds ${s}`);
  }
  const own = await download(server.baseUrl, '/api/v1/targets/export.xlsx', county.token);
  assert.equal(own.status, 200);
  assert.ok(!xlsxStrings(own.bytes).includes('梅江区'), 'a county admin\'s table holds only their county');
});

// ---- snapshots 快照: a frozen desk that no later record changes, and its files byte-for-byte reproducible ------

const sleepMs = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The rows of an XLSX's first sheet as arrays of cell texts (shared or inline strings, or numbers).
function xlsxRows(bytes) {
  const parts = zipEntries(bytes);
  const decode = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
  const shared = [...(parts.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => [...m[1].matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => decode(t[1])).join(''));
  const sheet = parts.get('xl/worksheets/sheet1.xml').toString('utf8');
  return [...sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...row[1].matchAll(/<c([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map(([, attrs, inner = '']) => {
      const v = /<v>([^<]*)<\/v>/.exec(inner)?.[1];
      if (/t="s"/.test(attrs)) return shared[Number(v)];
      if (/t="inlineStr"/.test(attrs)) return decode(/<t(?:\s[^>]*)?>([^<]*)<\/t>/.exec(inner)?.[1] ?? '');
      return v === undefined ? '' : decode(v);
    }));
}
const percent = (rate) => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);
const freeze = (session, body) => session.http.post('/api/v1/targets/snapshots', body);
let labelCounter = 0;
const freshLabel = (what) => `${YEAR}年度考核（${what}${++labelCounter}）`;

test('POST /api/v1/targets/snapshots freezes a year for the city admin: 201, 409 on the same label, 422, 403 for others', async () => {
  const label = freshLabel('冻结');
  const created = await freeze(city, { year: YEAR, label });
  assert.equal(created.status, 201, created.text);
  const s = created.body;
  assert.ok(Number.isInteger(s.id) && s.id > 0);
  assert.equal(s.year, YEAR);
  assert.equal(s.label, label);
  assert.match(s.frozen_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.ok(Math.abs(Date.parse(s.frozen_at) - Date.now()) < 60e3, s.frozen_at);
  assert.equal(s.frozen_by, '测试city_admin');

  assertProblem(await freeze(city, { year: YEAR, label }), 409, { code: 'snapshot_exists', field: 'label' });
  // The same label for another year is another snapshot.
  const lastYear = await freeze(city, { year: YEAR - 1, label });
  assert.equal(lastYear.status, 201, lastYear.text);

  assertProblem(await freeze(city, { year: YEAR }), 422, { field: 'label', fieldCode: 'required' });
  assertProblem(await freeze(city, { year: YEAR, label: '   ' }), 422, { field: 'label', fieldCode: 'required' });
  assertProblem(await freeze(city, { year: YEAR, label: '长'.repeat(61) }), 422, { field: 'label', fieldCode: 'too_long' });
  assertProblem(await freeze(city, { year: 2016, label: freshLabel('早') }), 422, { field: 'year', fieldCode: 'invalid_year' });
  assertProblem(await freeze(city, { year: YEAR + 1, label: freshLabel('晚') }), 422, { field: 'year', fieldCode: 'invalid_year' });
  const sixty = await freeze(city, { year: YEAR, label: `${'长'.repeat(58)}${++labelCounter % 10}${labelCounter % 10}` });
  assert.equal(sixty.status, 201, `60 characters are allowed: ${sixty.text}`);

  assertProblem(await freeze(county, { year: YEAR, label: freshLabel('县') }), 403);
  const v = await volunteerSession(server);
  assertProblem(await freeze(v, { year: YEAR, label: freshLabel('志愿者') }), 403);
  const anon = await fetch(`${server.baseUrl}/api/v1/targets/snapshots`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ year: YEAR, label: 'x' }),
  });
  assert.ok([401, 403].includes(anon.status), `anonymous: ${anon.status}`);
});

test('GET /api/v1/targets/snapshots lists every snapshot, newest year first, to city and county admins only', async () => {
  const newer = (await freeze(city, { year: YEAR, label: freshLabel('列表') })).body;
  const older = (await freeze(city, { year: YEAR - 2, label: freshLabel('列表') })).body;
  for (const session of [city, county]) {
    const r = await session.http.get('/api/v1/targets/snapshots');
    assert.equal(r.status, 200, r.text);
    const items = r.body.items;
    assert.ok(items.some((s) => s.id === newer.id) && items.some((s) => s.id === older.id));
    assert.deepEqual(items.find((s) => s.id === newer.id), newer, 'the list shows what the freeze answered');
    for (let i = 1; i < items.length; i += 1) {
      assert.ok(items[i - 1].year >= items[i].year, `newest year first: ${items.map((s) => s.year)}`);
      if (items[i - 1].year === items[i].year) assert.ok(items[i - 1].id > items[i].id, 'then newest first');
    }
  }
  const v = await volunteerSession(server);
  assertProblem(await v.http.get('/api/v1/targets/snapshots'), 403);
  assert.equal((await fetch(`${server.baseUrl}/api/v1/targets/snapshots`)).status, 401);
});

test('GET /api/v1/targets?snapshot= is the frozen desk: unchanged by later registrations while the live desk moves; scoped; 404 unknown', async () => {
  const live0 = await desk(city, `?year=${YEAR}`);
  assert.equal(live0.snapshot, null, 'a live desk has no snapshot');
  const s = (await freeze(city, { year: YEAR, label: freshLabel('不变') })).body;
  const frozen = await desk(city, `?snapshot=${s.id}`);
  assert.deepEqual(frozen.snapshot, s);
  assert.equal(frozen.year, YEAR);
  assert.deepEqual(frozen.formulas, live0.formulas);
  // Nothing happened between the two reads, so the frozen desk is the live one as it was.
  assert.deepEqual({ ...frozen, snapshot: null }, live0);

  await volunteerSession(server, { county_code: '441424', political_status: 'league_member' });
  await volunteerSession(server, { county_code: '441424' });
  const live1 = await desk(city, `?year=${YEAR}`);
  assert.equal(of(live1, '441424').registered, of(live0, '441424').registered + 2, 'the live desk moves');
  assert.equal(of(live1, '441424').league_registered, of(live0, '441424').league_registered + 1);
  assert.equal(live1.city.registered, live0.city.registered + 2);
  const again = await desk(city, `?snapshot=${s.id}`);
  assert.deepEqual(again, frozen, 'the frozen desk does not');

  // A county admin: their county and the city, as on the live desk.
  const theirs = await desk(county, `?snapshot=${s.id}`);
  assert.deepEqual(theirs.counties.map((c) => c.county_code), ['441424']);
  assert.deepEqual(theirs.counties[0], of(frozen, '441424'));
  assert.deepEqual(theirs.city, frozen.city, 'the city is the whole city even for a county admin');
  assert.deepEqual(theirs.snapshot, s);

  assertProblem(await city.http.get('/api/v1/targets?snapshot=999999'), 404);
  assertProblem(await county.http.get('/api/v1/targets?snapshot=999999'), 404);
  assertProblem(await city.http.get('/api/v1/targets?snapshot=abc'), 404);
  const v = await volunteerSession(server);
  assertProblem(await v.http.get(`/api/v1/targets?snapshot=${s.id}`), 403);
  assertProblem(await download(server.baseUrl, '/api/v1/targets/export.xlsx?snapshot=999999', city.token), 404);
  assertProblem(await download(server.baseUrl, '/api/v1/targets/export.pdf?snapshot=999999', city.token), 404);
});

test('a snapshot\'s XLSX and PDF are the same bytes on every download and hold the frozen figures', async () => {
  const s = (await freeze(city, { year: YEAR, label: freshLabel('归档') })).body;
  const frozen = await desk(city, `?snapshot=${s.id}`);
  // Something happens after the freeze: the files must not show it.
  await volunteerSession(server, { county_code: '441424' });
  const get = (kind, session = city) => download(server.baseUrl, `/api/v1/targets/export.${kind}?snapshot=${s.id}`, session.token);
  const x1 = await get('xlsx');
  const p1 = await get('pdf');
  await sleepMs(2100);
  const x2 = await get('xlsx');
  const p2 = await get('pdf');
  for (const [r, type, ext] of [[x1, XLSX_TYPE, 'xlsx'], [p1, 'application/pdf', 'pdf']]) {
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), type);
    assert.match(r.headers.get('content-disposition'), new RegExp(`filename="assessment-${YEAR}-snapshot-${s.id}\\.${ext}"`));
  }
  assert.ok(x1.bytes.equals(x2.bytes), `the XLSX is reproducible: ${sha256Hex(x1.bytes)} vs ${sha256Hex(x2.bytes)}`);
  assert.ok(p1.bytes.equals(p2.bytes), `the PDF is reproducible: ${sha256Hex(p1.bytes)} vs ${sha256Hex(p2.bytes)}`);

  // The XLSX: the header, a row per county in the desk's order, then the city — the frozen figures.
  const rows = xlsxRows(x1.bytes);
  assert.equal(rows[0][0], '县（市、区）');
  assert.equal(rows[0][2], '注册志愿者');
  assert.equal(rows[0][3], '注册率');
  assert.deepEqual(rows.slice(1).map((r) => r[0]), [...frozen.counties.map((c) => c.name), '梅州市']);
  for (const f of [...frozen.counties, frozen.city]) {
    const row = rows.find((r) => r[0] === f.name);
    assert.equal(row[1], f.population === null ? '—' : `${f.population}（${f.population_year}年）`, `${f.name} population`);
    assert.equal(row[2], String(f.registered), `${f.name} registered`);
    assert.equal(row[3], percent(f.registration_rate), `${f.name} registration rate`);
    assert.equal(row[4], String(f.registration_gap), `${f.name} registration gap`);
    assert.equal(row[6], String(f.league_registered), `${f.name} League registered`);
    assert.equal(row[9], String(f.certificate_holders), `${f.name} certificate holders`);
    assert.equal(row[12], String(f.card_holders), `${f.name} card holders`);
    assert.equal(row[16], String(f.activities_published), `${f.name} activities`);
    assert.equal(row[17], String(f.organizations), `${f.name} organizations`);
  }
  const live = await desk(city, `?year=${YEAR}`);
  assert.notEqual(of(live, '441424').registered, of(frozen, '441424').registered, 'the live desk has moved on');

  // The PDF: a PDF with the title, the snapshot's label and the frozen rows.
  assert.equal(p1.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(p1.bytes.length > 1000, `${p1.bytes.length} bytes`);
  const text = pdfText(p1.bytes);
  if (text !== null) {
    const flat = text.replace(/\s+/g, '');
    assert.ok(flat.includes(`梅州市志愿服务${YEAR}年测评考核表`), text.slice(0, 300));
    assert.ok(flat.includes(`快照：${s.label}`), 'the snapshot is named');
    assert.ok(flat.includes('冻结'));
    assert.ok(flat.includes('计算口径'), 'the formulas beneath the table');
    for (const name of ['五华县', '梅江区', '梅州市']) assert.ok(flat.includes(name), name);
  }

  // A county admin's files of the same snapshot: their county only, and also reproducible.
  const c1 = await get('xlsx', county);
  const c2 = await get('xlsx', county);
  assert.equal(c1.status, 200);
  assert.ok(c1.bytes.equals(c2.bytes));
  assert.deepEqual(xlsxRows(c1.bytes).slice(1).map((r) => r[0]), ['五华县', '梅州市']);
  const cp = await get('pdf', county);
  assert.equal(cp.status, 200);
  const ctext = pdfText(cp.bytes);
  if (ctext !== null) assert.ok(!ctext.includes('梅江区'), 'a county admin\'s PDF holds only their county');
});

test('GET /api/v1/targets/export.pdf of the live desk: a county admin\'s county, this year or one asked; 422 on bad years, 403 for volunteers', async () => {
  const r = await download(server.baseUrl, '/api/v1/targets/export.pdf', county.token);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.match(r.headers.get('content-disposition'), new RegExp(`filename="assessment-${YEAR}\\.pdf"`));
  assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = pdfText(r.bytes);
  if (text !== null) {
    const flat = text.replace(/\s+/g, '');
    assert.ok(flat.includes(`梅州市志愿服务${YEAR}年测评考核表`), text.slice(0, 300));
    assert.ok(flat.includes('实时数据'), 'a live table says it is live');
    assert.ok(flat.includes('五华县') && flat.includes('梅州市'));
    assert.ok(!flat.includes('梅江区'), 'only the county admin\'s own county');
  }
  const older = await download(server.baseUrl, `/api/v1/targets/export.pdf?year=${YEAR - 1}`, city.token);
  assert.equal(older.status, 200);
  assert.match(older.headers.get('content-disposition'), new RegExp(`filename="assessment-${YEAR - 1}\\.pdf"`));
  assertProblem(await download(server.baseUrl, '/api/v1/targets/export.pdf?year=2016', city.token), 422, { field: 'year' });
  const v = await volunteerSession(server);
  assertProblem(await download(server.baseUrl, '/api/v1/targets/export.pdf', v.token), 403);
  assert.equal((await fetch(`${server.baseUrl}/api/v1/targets/export.pdf`)).status, 401);
});

test('GET /api/v1/targets/trend gives one desk a year; the drill-down lists a county\'s units with their rosters', async () => {
  const t = await city.http.get(`/api/v1/targets/trend?from=${YEAR - 2}&to=${YEAR}`);
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.body.items.map((i) => i.year), [YEAR - 2, YEAR - 1, YEAR]);
  const now = await desk(city);
  assert.equal(t.body.items.at(-1).city.registered, now.city.registered);
  const ct = await county.http.get('/api/v1/targets/trend');
  assert.equal(ct.status, 200, ct.text);
  assert.ok(ct.body.items.every((i) => i.counties.length === 1 && i.counties[0].county_code === '441424'));
  assertProblem(await city.http.get(`/api/v1/targets/trend?from=${YEAR}&to=${YEAR - 1}`), 422, { field: 'from' });

  const unit = await county.http.post('/api/v1/units', { name: `五华县下钻单位${Date.now()}`, kind: 'government', region_code: '441424' });
  assert.equal(unit.status, 201, unit.text);
  const b = await county.http.get(`/api/v1/targets/counties/441424?year=${YEAR}`);
  assert.equal(b.status, 200, b.text);
  assert.equal(b.body.county.county_code, '441424');
  const u = b.body.units.find((x) => x.id === unit.body.id);
  assert.deepEqual([u.members, u.registered, u.unregistered, u.under_20h], [0, 0, 0, 0]);
  assert.ok(Array.isArray(b.body.organizations));
  assertProblem(await county.http.get('/api/v1/targets/counties/441402'), 404);
  assertProblem(await (await volunteerSession(server)).http.get('/api/v1/targets/counties/441424'), 403);
});
