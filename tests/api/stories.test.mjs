// Publicity 宣传: stories of good practice and exemplary volunteers and organisations, written by the city and
// county admins, shown publicly once published; and the city's headline figures for the portal's home page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { adminSession, api, assertProblem, sleep, volunteerSession } from './helpers.mjs';

let server;
let anon;
let city;
let meijiang;
let wuhua;
let volunteer;

const CITY = '441400';
const MEIJIANG = '441402';
const WUHUA = '441424';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LIST_KEYS = ['author_name', 'created_at', 'id', 'kind', 'published_at', 'region_code', 'region_name', 'status', 'summary', 'title', 'updated_at'];

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
  city = await adminSession(server, 'city_admin');
  meijiang = await adminSession(server, 'county_admin', MEIJIANG);
  wuhua = await adminSession(server, 'county_admin', WUHUA);
  volunteer = await volunteerSession(server);
});
after(async () => { await server?.stop(); });

let counter = 0;
const storyBody = (over = {}) => {
  counter += 1;
  return {
    title: `优秀志愿者风采${counter}`,
    kind: 'volunteer',
    summary: `扎根社区服务的志愿者${counter}`,
    body: `第一段：他坚持服务社区十年。\n\n第二段：累计服务时长超过一千小时。`,
    ...over,
  };
};

async function create(session, over = {}) {
  const r = await session.http.post('/api/v1/stories', storyBody(over));
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function setStatus(session, id, status) {
  const r = await session.http.post(`/api/v1/stories/${id}/status`, { status });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, status);
  return r.body;
}

const publicIds = async (http = anon, query = '') => {
  const r = await http.get(`/api/v1/stories?page_size=100${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((s) => s.id);
};

test('a city admin writes a draft, publishes it for everyone, withdraws it, and publishing again keeps its first date', async () => {
  assertProblem(await anon.post('/api/v1/stories', storyBody()), 401);
  assertProblem(await volunteer.http.post('/api/v1/stories', storyBody()), 403);
  assertProblem(await anon.get('/api/v1/stories?manage=true'), 401);
  assertProblem(await volunteer.http.get('/api/v1/stories?manage=true'), 403);

  const draft = await create(city, { title: '  市本级典型经验  ', kind: 'practice' });
  for (const k of [...LIST_KEYS, 'body']) assert.ok(k in draft, `${k} in ${JSON.stringify(draft)}`);
  assert.equal(draft.status, 'draft');
  assert.equal(draft.title, '市本级典型经验', 'trimmed');
  assert.equal(draft.kind, 'practice');
  assert.equal(draft.region_code, CITY, 'the city by default');
  assert.equal(draft.region_name, '梅州市');
  assert.equal(draft.published_at, null);
  assert.match(draft.updated_at, RFC3339);
  assert.equal(draft.author_name, '测试city_admin');
  assert.equal(draft.body, '第一段：他坚持服务社区十年。\n\n第二段：累计服务时长超过一千小时。');

  // A draft is the writers' own: 404 to the public, a volunteer and a county admin; listed only with ?manage=true.
  assertProblem(await anon.get(`/api/v1/stories/${draft.id}`), 404);
  assertProblem(await volunteer.http.get(`/api/v1/stories/${draft.id}`), 404);
  assertProblem(await meijiang.http.get(`/api/v1/stories/${draft.id}`), 404, { code: 'not_found' });
  assert.equal((await city.http.get(`/api/v1/stories/${draft.id}`)).status, 200);
  assert.ok(!(await publicIds()).includes(draft.id));
  assert.ok(!(await publicIds(city.http)).includes(draft.id), 'without ?manage=true even the city sees published ones only');
  const managed = await city.http.get('/api/v1/stories?manage=true&page_size=100');
  assert.equal(managed.status, 200, managed.text);
  assert.equal(managed.body.items.find((s) => s.id === draft.id)?.status, 'draft');

  const published = await setStatus(city, draft.id, 'published');
  assert.match(published.published_at, RFC3339);
  const seen = await anon.get(`/api/v1/stories/${draft.id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.body.body, draft.body);
  assert.equal(seen.body.status, 'published');
  assert.ok((await publicIds()).includes(draft.id));
  assert.equal((await meijiang.http.get(`/api/v1/stories/${draft.id}`)).status, 200, 'published: public to everyone');

  // Editing a published story keeps it published.
  const edited = await city.http.put(`/api/v1/stories/${draft.id}`, storyBody({ title: '市本级典型经验（修订）', kind: 'practice' }));
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.body.title, '市本级典型经验（修订）');
  assert.equal(edited.body.status, 'published');
  assert.equal(edited.body.published_at, published.published_at);
  assert.equal((await anon.get(`/api/v1/stories/${draft.id}`)).body.title, '市本级典型经验（修订）');

  const withdrawn = await setStatus(city, draft.id, 'withdrawn');
  assert.equal(withdrawn.published_at, published.published_at);
  assertProblem(await anon.get(`/api/v1/stories/${draft.id}`), 404);
  assert.ok(!(await publicIds()).includes(draft.id));
  const afterWithdrawal = await city.http.get('/api/v1/stories?manage=true&page_size=100');
  assert.equal(afterWithdrawal.body.items.find((s) => s.id === draft.id)?.status, 'withdrawn');

  await sleep(1100);
  const again = await setStatus(city, draft.id, 'published');
  assert.equal(again.published_at, published.published_at, 'published_at is the first publication');
  assert.ok((await publicIds()).includes(draft.id));
  // Setting the status it already has changes nothing.
  assert.equal((await setStatus(city, draft.id, 'published')).published_at, published.published_at);
  // Back to draft: gone from the public list again.
  await setStatus(city, draft.id, 'draft');
  assertProblem(await anon.get(`/api/v1/stories/${draft.id}`), 404);

  assertProblem(await city.http.post(`/api/v1/stories/${draft.id}/status`, { status: 'archived' }), 422, { field: 'status', fieldCode: 'invalid_status' });
  assertProblem(await city.http.post(`/api/v1/stories/${draft.id}/status`, {}), 422, { field: 'status', fieldCode: 'invalid_status' });
  assertProblem(await city.http.post('/api/v1/stories/999999/status', { status: 'published' }), 404);
  assertProblem(await city.http.put('/api/v1/stories/999999', storyBody()), 404);
  assertProblem(await anon.get('/api/v1/stories/999999'), 404);
  assertProblem(await anon.post(`/api/v1/stories/${draft.id}/status`, { status: 'published' }), 401);
  assertProblem(await anon.put(`/api/v1/stories/${draft.id}`, storyBody()), 401);
});

test('every field is checked at once, with its code', async () => {
  const all = assertProblem(await city.http.post('/api/v1/stories', { title: '', kind: 'hero', body: ' ', region_code: '440000' }), 422);
  const codes = Object.fromEntries(all.errors.map((e) => [e.field, e.code]));
  assert.deepEqual(codes, { title: 'required', body: 'required', kind: 'invalid_kind', region_code: 'unknown_region' });

  assertProblem(await city.http.post('/api/v1/stories', storyBody({ title: '题'.repeat(61) })), 422, { field: 'title', fieldCode: 'too_long' });
  assertProblem(await city.http.post('/api/v1/stories', storyBody({ summary: '摘'.repeat(201) })), 422, { field: 'summary', fieldCode: 'too_long' });
  assertProblem(await city.http.post('/api/v1/stories', storyBody({ body: '文'.repeat(20001) })), 422, { field: 'body', fieldCode: 'too_long' });
  assertProblem(await city.http.post('/api/v1/stories', storyBody({ kind: '' })), 422, { field: 'kind', fieldCode: 'invalid_kind' });
  // The limits are characters, not bytes: exactly at each limit is fine.
  const full = await create(city, { title: '题'.repeat(60), summary: '摘'.repeat(200), body: '文'.repeat(20000) });
  assert.equal([...full.title].length, 60);
  assert.equal([...full.body].length, 20000);

  // The same checks on PUT; a refused edit changes nothing.
  const s = await create(city);
  assertProblem(await city.http.put(`/api/v1/stories/${s.id}`, { ...storyBody(), title: '' }), 422, { field: 'title', fieldCode: 'required' });
  assertProblem(await city.http.put(`/api/v1/stories/${s.id}`, { ...storyBody(), kind: 'hero' }), 422, { field: 'kind', fieldCode: 'invalid_kind' });
  assert.equal((await city.http.get(`/api/v1/stories/${s.id}`)).body.title, s.title);
});

test('the summary defaults to the body’s first 80 characters on one line, with … when cut', async () => {
  const long = `${'甲'.repeat(40)}\n${'乙'.repeat(60)}`;
  const cut = await create(city, { summary: '', body: long });
  assert.equal(cut.summary, `${'甲'.repeat(40)} ${'乙'.repeat(39)}…`);
  const omitted = await city.http.post('/api/v1/stories', { title: '无摘要', kind: 'organization', body: '短短一段。' });
  assert.equal(omitted.status, 201, omitted.text);
  assert.equal(omitted.body.summary, '短短一段。', 'no … when the whole body fits');
  const exact = await create(city, { summary: '   ', body: '丙'.repeat(80) });
  assert.equal(exact.summary, '丙'.repeat(80));
  const given = await create(city, { summary: '  写好的摘要  ' });
  assert.equal(given.summary, '写好的摘要');
  // An edit with the summary left empty takes the new body's opening.
  const r = await city.http.put(`/api/v1/stories/${given.id}`, storyBody({ summary: '', body: '新的正文开头。' }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.summary, '新的正文开头。');
});

test('a county admin writes for their own county only; another county’s stories are 404 to them', async () => {
  const own = await create(meijiang, { region_code: MEIJIANG, kind: 'organization' });
  assert.equal(own.region_code, MEIJIANG);
  assert.equal(own.region_name, '梅江区');
  assertProblem(await meijiang.http.post('/api/v1/stories', storyBody({ region_code: WUHUA })), 403);
  assertProblem(await meijiang.http.post('/api/v1/stories', storyBody()), 403, { code: 'forbidden' }); // the city (default)
  assertProblem(await meijiang.http.post('/api/v1/stories', storyBody({ region_code: CITY })), 403);
  // Moving their own story to another county is refused too, and changes nothing.
  assertProblem(await meijiang.http.put(`/api/v1/stories/${own.id}`, storyBody({ region_code: WUHUA })), 403);
  assert.equal((await meijiang.http.get(`/api/v1/stories/${own.id}`)).body.region_code, MEIJIANG);

  // 五华县's admin: 梅江区's draft does not exist for them.
  assertProblem(await wuhua.http.get(`/api/v1/stories/${own.id}`), 404);
  assertProblem(await wuhua.http.put(`/api/v1/stories/${own.id}`, storyBody({ region_code: WUHUA })), 404);
  assertProblem(await wuhua.http.post(`/api/v1/stories/${own.id}/status`, { status: 'published' }), 404);
  assert.equal((await meijiang.http.get(`/api/v1/stories/${own.id}`)).body.status, 'draft', 'still a draft');
  // Nor does a city story for a county admin.
  const cityStory = await create(city);
  assertProblem(await meijiang.http.put(`/api/v1/stories/${cityStory.id}`, storyBody({ region_code: MEIJIANG })), 404);
  assertProblem(await meijiang.http.post(`/api/v1/stories/${cityStory.id}/status`, { status: 'published' }), 404);
  // The city admin edits any region's story.
  const byCity = await city.http.put(`/api/v1/stories/${own.id}`, storyBody({ region_code: MEIJIANG, title: '市里修改的稿件' }));
  assert.equal(byCity.status, 200, byCity.text);
  assert.equal(byCity.body.author_name, own.author_name, 'the author stays');
  const forWuhua = await create(city, { region_code: WUHUA });
  assert.equal(forWuhua.region_name, '五华县');

  // ?manage=true: a county admin sees their county's stories (drafts too), the city admin all of them.
  const mine = await meijiang.http.get('/api/v1/stories?manage=true&page_size=100');
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.body.items.length > 0);
  assert.ok(mine.body.items.every((s) => s.region_code === MEIJIANG), JSON.stringify(mine.body.items.map((s) => s.region_code)));
  assert.ok(mine.body.items.some((s) => s.id === own.id));
  const theirs = await wuhua.http.get('/api/v1/stories?manage=true&page_size=100');
  assert.ok(theirs.body.items.every((s) => s.region_code === WUHUA));
  assert.ok(theirs.body.items.some((s) => s.id === forWuhua.id));
  assert.ok(!theirs.body.items.some((s) => s.id === own.id));
  const every = await city.http.get('/api/v1/stories?manage=true&page_size=100');
  const ids = every.body.items.map((s) => s.id);
  for (const id of [own.id, cityStory.id, forWuhua.id]) assert.ok(ids.includes(id));

  // The county admin publishes their own; it is then public.
  await setStatus(meijiang, own.id, 'published');
  assert.equal((await wuhua.http.get(`/api/v1/stories/${own.id}`)).status, 200);
  assert.equal((await anon.get(`/api/v1/stories/${own.id}`)).body.region_name, '梅江区');
});

test('the public list: published only, newest publication first, by kind, paged, without the body', async () => {
  // A server of its own, so the counts are exactly this test's.
  const own = await startServer();
  try {
    const admin = await adminSession(own, 'city_admin');
    const pub = api(own.baseUrl);
    const make = async (over) => {
      const r = await admin.http.post('/api/v1/stories', storyBody(over));
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    const a = await make({ kind: 'practice' });
    const b = await make({ kind: 'volunteer', region_code: MEIJIANG });
    const c = await make({ kind: 'organization' });
    const d = await make({ kind: 'volunteer' }); // stays a draft
    const e = await make({ kind: 'volunteer' }); // published, then withdrawn
    const status = async (id, st) => assert.equal((await admin.http.post(`/api/v1/stories/${id}/status`, { status: st })).status, 200);
    // c (the newest id) is published first: the list follows publication, not creation.
    await status(c.id, 'published');
    await status(e.id, 'published');
    await sleep(1100);
    await status(a.id, 'published');
    await status(b.id, 'published');
    await status(e.id, 'withdrawn');

    const list = await pub.get('/api/v1/stories');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.total, 3);
    assert.equal(list.body.page, 1);
    assert.equal(list.body.page_size, 20);
    assert.deepEqual(list.body.items.map((s) => s.id), [b.id, a.id, c.id]);
    for (const s of list.body.items) {
      assert.deepEqual(Object.keys(s).sort(), LIST_KEYS, 'no body in the list');
      assert.equal(s.status, 'published');
    }
    assert.equal(list.body.items[0].region_name, '梅江区');
    assert.ok(list.body.items[0].published_at >= list.body.items[2].published_at);

    const volunteers = await pub.get('/api/v1/stories?kind=volunteer');
    assert.deepEqual(volunteers.body.items.map((s) => s.id), [b.id]);
    assert.equal(volunteers.body.total, 1);
    assert.deepEqual((await pub.get('/api/v1/stories?kind=organization')).body.items.map((s) => s.id), [c.id]);
    assert.equal((await pub.get('/api/v1/stories?kind=')).body.total, 3, 'an empty kind is no filter');

    const p1 = await pub.get('/api/v1/stories?page=1&page_size=2');
    assert.deepEqual(p1.body.items.map((s) => s.id), [b.id, a.id]);
    assert.equal(p1.body.total, 3);
    assert.equal(p1.body.page_size, 2);
    const p2 = await pub.get('/api/v1/stories?page=2&page_size=2');
    assert.deepEqual(p2.body.items.map((s) => s.id), [c.id]);
    assert.equal(p2.body.page, 2);
    assert.deepEqual((await pub.get('/api/v1/stories?page=3&page_size=2')).body.items, []);
    assert.equal((await pub.get('/api/v1/stories?page_size=1000')).body.page_size, 100, 'page_size is capped');

    // The writers' list: everything, drafts by creation among the published by publication.
    const managed = await admin.http.get('/api/v1/stories?manage=true');
    assert.equal(managed.body.total, 5);
    const byId = Object.fromEntries(managed.body.items.map((s) => [s.id, s.status]));
    assert.deepEqual(byId, { [a.id]: 'published', [b.id]: 'published', [c.id]: 'published', [d.id]: 'draft', [e.id]: 'withdrawn' });
    assert.ok(managed.body.items.every((s) => !('body' in s)));
  } finally {
    await own.stop();
  }
});

test('GET /api/v1/portal/figures: the city’s headline figures, public, counting what happened', async (t) => {
  const own = await startServer();
  try {
    const pub = api(own.baseUrl);
    if (!own.runCli(['routes']).stdout.includes('GET /api/v1/portal/figures ')) {
      // A server binary from before the figures (docs/api.md "Publicity"): nothing to check yet.
      t.skip('GET /api/v1/portal/figures is not in this server binary yet');
      return;
    }
    const first = await pub.get('/api/v1/portal/figures');
    assert.equal(first.status, 200, first.text);
    const f = first.body;
    const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
    assert.equal(f.year, year);
    assert.match(f.as_of, RFC3339);
    for (const k of ['registered_volunteers', 'organizations', 'activities_published', 'year_service_hours', 'certificate_holders', 'card_holders']) {
      assert.equal(typeof f[k], 'number', `${k}: ${first.text}`);
      assert.ok(Number.isFinite(f[k]) && f[k] >= 0, `${k} = ${f[k]}`);
    }
    assert.equal(f.registration_target, 0.1);
    assert.ok(f.registration_rate === null || typeof f.registration_rate === 'number', first.text);
    assert.equal(f.registered_volunteers, 0, 'a fresh server has nobody registered');
    assert.equal(f.organizations, 0);
    assert.equal(f.activities_published, 0);
    assert.equal(f.year_service_hours, 0);

    // Three registrations (two counties): the figure moves by three, the rate follows the city's population.
    await volunteerSession(own, { county_code: MEIJIANG });
    await volunteerSession(own, { county_code: MEIJIANG });
    await volunteerSession(own, { county_code: WUHUA });
    const after = await pub.get('/api/v1/portal/figures');
    assert.equal(after.status, 200, after.text);
    assert.equal(after.body.registered_volunteers, 3);
    const regions = await pub.get('/api/v1/regions');
    const population = regions.body.city?.population;
    if (population) assert.ok(Math.abs(after.body.registration_rate - 3 / population) < 1e-12, after.text);
    // It agrees with the target desk's city figure.
    const admin = await adminSession(own, 'city_admin');
    const desk = await admin.http.get('/api/v1/targets');
    assert.equal(desk.status, 200, desk.text);
    assert.equal(after.body.registered_volunteers, desk.body.city.registered);
    assert.equal(after.body.certificate_holders, desk.body.city.certificate_holders);
    assert.equal(after.body.card_holders, desk.body.city.card_holders);
    assert.equal(after.body.organizations, desk.body.city.organizations);
    assert.equal(after.body.activities_published, desk.body.city.activities_published);
  } finally {
    await own.stop();
  }
});

test('a body with Windows line ends (CRLF) gives a one-line summary too', async () => {
  const s = await create(city, { summary: '', body: '第一段。\r\n\r\n第二段。' });
  assert.equal(s.summary, '第一段。 第二段。', 'no \\r; the blank line between paragraphs is one space');
  assert.equal(s.body, '第一段。\r\n\r\n第二段。', 'the body as sent');
});
