// Regions 行政区划 and their resident populations (SPEC §3), maintained by city admins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { api, assertProblem, adminSession, volunteerSession } from './helpers.mjs';

let server;
let anon;
let city;
let county;
let volunteer;

// 梅州市 2022 统计公报, year-end resident population in persons (平远县/蕉岭县 split as the spec's estimate).
const EXPECTED = {
  441402: ['梅江区', 437800],
  441403: ['梅县区', 555100],
  441422: ['大埔县', 323000],
  441423: ['丰顺县', 480000],
  441424: ['五华县', 924400],
  441426: ['平远县', 190000],
  441427: ['蕉岭县', 177400],
  441481: ['兴宁市', 770300],
};

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
  city = await adminSession(server, 'city_admin');
  county = await adminSession(server, 'county_admin', '441424');
  volunteer = await volunteerSession(server);
});
after(async () => { await server?.stop(); });

test('GET /api/v1/regions lists the 8 counties of Meizhou with populations in persons, and the city total', async () => {
  const r = await anon.get('/api/v1/regions');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items.length, 8, r.text);
  const byCode = Object.fromEntries(r.body.items.map((i) => [i.code, i]));
  for (const [code, [name, population]] of Object.entries(EXPECTED)) {
    assert.ok(byCode[code], `county ${code} is listed`);
    assert.equal(byCode[code].name, name);
    assert.equal(byCode[code].level, 'county');
    assert.equal(byCode[code].population, population, `${name} population`);
    assert.equal(byCode[code].population_year, 2022);
  }
  assert.equal(byCode['441402'].population, 437800);
  assert.equal(byCode['441424'].population, 924400);
  assert.equal(r.body.city.code, '441400');
  assert.equal(r.body.city.name, '梅州市');
  assert.equal(r.body.city.population, 3858000);
  assert.equal(r.body.city.population_year, 2022);
  assert.equal(r.body.items.reduce((s, i) => s + i.population, 0), r.body.city.population);
});

test('GET /api/v1/regions/{code}/populations lists the yearly entries; an unknown code is 404', async () => {
  const r = await anon.get('/api/v1/regions/441402/populations');
  assert.equal(r.status, 200, r.text);
  const y2022 = r.body.items.find((e) => e.year === 2022);
  assert.ok(y2022, r.text);
  assert.equal(y2022.population, 437800);
  assertProblem(await anon.get('/api/v1/regions/999999/populations'), 404);
});

test('a city admin can set a population for a year, and the county then shows it', async () => {
  const year = new Date().getFullYear() - 1;
  const r = await city.http.put(`/api/v1/regions/441426/populations/${year}`,
    { population: 191234, note: '统计公报（测试）' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.year, year);
  assert.equal(r.body.population, 191234);
  assert.equal(r.body.note, '统计公报（测试）');

  const history = await anon.get('/api/v1/regions/441426/populations');
  const entry = history.body.items.find((e) => e.year === year);
  assert.ok(entry, history.text);
  assert.equal(entry.population, 191234);
  assert.ok(history.body.items.some((e) => e.year === 2022 && e.population === 190000), 'older years are kept');

  const regions = await anon.get('/api/v1/regions');
  const pingyuan = regions.body.items.find((i) => i.code === '441426');
  assert.equal(pingyuan.population, 191234);
  assert.equal(pingyuan.population_year, year);

  // Setting the same year again replaces the figure.
  const again = await city.http.put(`/api/v1/regions/441426/populations/${year}`, { population: 191300 });
  assert.equal(again.status, 200, again.text);
  const after = await anon.get('/api/v1/regions/441426/populations');
  assert.equal(after.body.items.filter((e) => e.year === year).length, 1);
  assert.equal(after.body.items.find((e) => e.year === year).population, 191300);
});

test('after one county gets a newer year, the city figure stays the last year in which every county has one', async () => {
  // Depends on the previous test: 平远县 has a figure for last year (191300), the others only for 2022.
  const r = await anon.get('/api/v1/regions');
  assert.equal(r.body.city.population, 3858000,
    `the city population ${r.body.city.population} (year ${r.body.city.population_year}) must not be the sum of ` +
    'only the counties that have the newest year');
  assert.equal(r.body.city.population_year, 2022);
});

test('a county admin or a volunteer setting a population gets 403, and nothing changes', async () => {
  assertProblem(await county.http.put('/api/v1/regions/441424/populations/2022', { population: 1 }), 403,
    { code: 'forbidden' });
  assertProblem(await volunteer.http.put('/api/v1/regions/441424/populations/2022', { population: 1 }), 403);
  const r = await anon.get('/api/v1/regions');
  assert.equal(r.body.items.find((i) => i.code === '441424').population, 924400);
});

test('an impossible population or year is refused with 422, and the city itself is not edited directly', async () => {
  const year = new Date().getFullYear() - 1;
  assertProblem(await city.http.put(`/api/v1/regions/441402/populations/${year}`, { population: -5 }), 422,
    { field: 'population' });
  assertProblem(await city.http.put(`/api/v1/regions/441402/populations/${year}`, {}), 422, { field: 'population' });
  assertProblem(await city.http.put(`/api/v1/regions/441402/populations/${new Date().getFullYear() + 2}`,
    { population: 440000 }), 422, { field: 'year' });
  assertProblem(await city.http.put(`/api/v1/regions/441402/populations/1999`, { population: 440000 }), 422,
    { field: 'year' });
  assertProblem(await city.http.put(`/api/v1/regions/441400/populations/${year}`, { population: 3900000 }), 422);
  assertProblem(await city.http.put(`/api/v1/regions/999999/populations/${year}`, { population: 1000 }), 404);
});
