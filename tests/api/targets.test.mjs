// The target desk 测评考核 (first slice): the contract shape, figures against a recomputation from what the test
// itself registered, scope by role, and the XLSX export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { adminSession, assertProblem, download, volunteerSession, xlsxStrings } from './helpers.mjs';

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
