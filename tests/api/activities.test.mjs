// Activities 活动: creation by an approved organisation's admins, validation, publishing only future activities,
// drafts hidden from the public, list filters and paging, cancellation notices, recommendations.
// (The derived statuses `running` and `finished` need the clock to pass an activity's start: not tested here.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, demoSession, DEMO, activityBody, createActivity, publishedActivity, signUp,
  notificationsOf, minutesFromNow, chinaDate, chinaTime, organizationBody, CJK,
} from './helpers.mjs';

let server;
let anon;
let admin; // admin of 梅江区志愿者协会 (demo)
let orgId;
let otherAdmin; // admin of another organisation (demo League organisation)
let county; // county admin of 441402 (demo)
let volunteer; // a plain volunteer

before(async () => {
  server = await startServer({ demo: true });
  anon = api(server.baseUrl);
  [admin, otherAdmin, county, volunteer] = await Promise.all([
    demoSession(server, DEMO.orgAdmin),
    demoSession(server, DEMO.leagueOrgAdmin),
    demoSession(server, DEMO.countyAdmin441402),
    volunteerSession(server),
  ]);
  orgId = admin.organizationId;
  assert.ok(orgId, 'the demo org admin administers an organisation');
  assert.notEqual(otherAdmin.organizationId, orgId);
});
after(async () => { await server?.stop(); });

const maskedPhone = (p) => `${p.slice(0, 3)}****${p.slice(-4)}`;

test('an admin of an approved organisation creates an activity as a 201 draft carrying every field', async () => {
  const body = activityBody(orgId, {
    quota: 30, min_age: 16, political_requirement: 'league_member', required_skills: ['急救', '摄影'],
    requires_approval: true, signup_deadline: minutesFromNow(23 * 60),
  });
  const r = await admin.http.post('/api/v1/activities', body);
  assert.equal(r.status, 201, r.text);
  const a = r.body;
  assert.equal(typeof a.id, 'number');
  assert.equal(a.status, 'draft');
  assert.equal(a.organization_id, orgId);
  assert.equal(a.organization_name, '梅江区志愿者协会');
  for (const k of ['title', 'category', 'recipients', 'content', 'requirements', 'risks', 'county_code', 'address',
    'latitude', 'longitude', 'quota', 'min_age', 'political_requirement', 'requires_approval', 'contact_name']) {
    assert.deepEqual(a[k], body[k], `field ${k}`);
  }
  assert.deepEqual(a.required_skills, ['急救', '摄影']);
  assert.equal(a.county_name, '梅江区');
  assert.equal(a.geofence_meters, 300, 'the geofence defaults to 300 m');
  assert.equal(a.duration_minutes, 180);
  assert.equal(Date.parse(a.starts_at), Math.floor(Date.parse(body.starts_at) / 60e3) * 60e3);
  assert.match(a.starts_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  assert.equal(a.contact_phone, maskedPhone(body.contact_phone), 'the contact phone is masked');
  assert.equal(a.gps_checkin_allowed, false, 'GPS check-in needs a quota of at least 100');
  assert.equal(a.confirmed_count, 0);
  assert.equal(a.waitlist_count, 0);
  assert.equal(a.pending_count, 0);
  assert.equal(a.published_at, null);
  assert.ok(a.created_at);
  const big = await createActivity(admin, orgId, { quota: 100, geofence_meters: 500 });
  assert.equal(big.gps_checkin_allowed, true);
  assert.equal(big.geofence_meters, 500);
});

test('a volunteer who administers no organisation cannot create an activity (403), nor can an admin of another organisation', async () => {
  assertProblem(await volunteer.http.post('/api/v1/activities', activityBody(orgId)), 403, { code: 'forbidden' });
  assertProblem(await otherAdmin.http.post('/api/v1/activities', activityBody(orgId)), 403, { code: 'forbidden' });
  assertProblem(await county.http.post('/api/v1/activities', activityBody(orgId)), 403, { code: 'forbidden' });
  assertProblem(await anon.post('/api/v1/activities', activityBody(orgId)), 401);
});

test('an admin of an organisation still pending approval cannot create an activity (409 organization_not_approved)', async () => {
  const applicant = await volunteerSession(server);
  const org = await applicant.http.post('/api/v1/organizations', organizationBody());
  assert.equal(org.status, 201, org.text);
  assert.equal(org.body.status, 'pending');
  const r = await applicant.http.post('/api/v1/activities', activityBody(org.body.id));
  assertProblem(r, 409, { code: 'organization_not_approved' });
});

test('an activity that ends before it starts is refused on ends_at with a Chinese message, and nothing is written', async () => {
  const before = (await admin.http.get(`/api/v1/activities?organization_id=${orgId}&page_size=100`)).body.total;
  const r = await admin.http.post('/api/v1/activities', activityBody(orgId, {
    starts_at: minutesFromNow(48 * 60), ends_at: minutesFromNow(47 * 60),
  }));
  assertProblem(r, 422, { code: 'validation_failed', field: 'ends_at', fieldCode: 'ends_before_start' });
  const same = await admin.http.post('/api/v1/activities', activityBody(orgId, {
    starts_at: minutesFromNow(48 * 60), ends_at: minutesFromNow(48 * 60),
  }));
  assertProblem(same, 422, { field: 'ends_at' });
  const after = (await admin.http.get(`/api/v1/activities?organization_id=${orgId}&page_size=100`)).body.total;
  assert.equal(after, before, 'a refused activity is not stored');
});

test('an activity lasting more than a year is refused on ends_at; exactly 365 days is accepted', async () => {
  const start = Date.now() + 24 * 3600e3;
  const r = await admin.http.post('/api/v1/activities', activityBody(orgId, {
    starts_at: chinaTime(start), ends_at: chinaTime(start + 367 * 24 * 3600e3),
  }));
  assertProblem(r, 422, { field: 'ends_at', fieldCode: 'too_long' });
  const ok = await admin.http.post('/api/v1/activities', activityBody(orgId, {
    starts_at: chinaTime(start), ends_at: chinaTime(start + 365 * 24 * 3600e3),
  }));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.duration_minutes, 365 * 24 * 60);
});

test('an empty activity names every missing required field in errors[], each with a Chinese message', async () => {
  const r = await admin.http.post('/api/v1/activities', { organization_id: orgId });
  const problem = assertProblem(r, 422, { code: 'validation_failed' });
  const fields = new Set(problem.errors.map((e) => e.field));
  for (const f of ['title', 'category', 'recipients', 'content', 'county_code', 'address', 'latitude', 'longitude',
    'starts_at', 'ends_at', 'quota', 'contact_name', 'contact_phone']) {
    assert.ok(fields.has(f), `errors[] names ${f}: ${r.text}`);
  }
  for (const e of problem.errors) assert.match(e.message, CJK);
  const titleOnly = await admin.http.post('/api/v1/activities', activityBody(orgId, { title: '' }));
  assertProblem(titleOnly, 422, { field: 'title' });
  const noOrg = { ...activityBody(orgId) };
  delete noOrg.organization_id;
  assertProblem(await admin.http.post('/api/v1/activities', noOrg), 422, { field: 'organization_id' });
});

test('bad coordinates, geofence, quota, times, county and political requirement are refused on their own fields', async () => {
  const cases = [
    [{ latitude: 91 }, 'latitude'],
    [{ latitude: -90.5 }, 'latitude'],
    [{ longitude: 181 }, 'longitude'],
    [{ longitude: -180.01 }, 'longitude'],
    [{ geofence_meters: 49 }, 'geofence_meters'],
    [{ geofence_meters: 5001 }, 'geofence_meters'],
    [{ quota: 0 }, 'quota'],
    [{ quota: 100001 }, 'quota'],
    [{ starts_at: '2027-01-01 9:00' }, 'starts_at'],
    [{ ends_at: 'tomorrow' }, 'ends_at'],
    [{ county_code: '441400' }, 'county_code'],
    [{ county_code: '110101' }, 'county_code'],
    [{ political_requirement: 'secret' }, 'political_requirement'],
    [{ min_age: 101 }, 'min_age'],
    [{ contact_phone: '12345' }, 'contact_phone'],
    [{ signup_deadline: minutesFromNow(25 * 60) }, 'signup_deadline'], // after the start
  ];
  for (const [overrides, field] of cases) {
    const r = await admin.http.post('/api/v1/activities', activityBody(orgId, overrides));
    assertProblem(r, 422, { code: 'validation_failed', field });
  }
  const both = await admin.http.post('/api/v1/activities', activityBody(orgId, { latitude: 95, longitude: 200 }));
  const problem = assertProblem(both, 422);
  assert.deepEqual(problem.errors.map((e) => e.field).sort(), ['latitude', 'longitude'], 'both coordinates are named');
});

test('only a future activity can be published: a past start answers 422 activity_in_past on starts_at', async () => {
  const future = await createActivity(admin, orgId);
  const r = await admin.http.post(`/api/v1/activities/${future.id}/publish`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'published');
  assert.ok(r.body.published_at);
  const past = await createActivity(admin, orgId, { starts_at: minutesFromNow(-120), ends_at: minutesFromNow(-60) });
  const p = await admin.http.post(`/api/v1/activities/${past.id}/publish`, {});
  assertProblem(p, 422, { field: 'starts_at', fieldCode: 'activity_in_past' });
  const started = await createActivity(admin, orgId, { starts_at: minutesFromNow(-5), ends_at: minutesFromNow(60) });
  assertProblem(await admin.http.post(`/api/v1/activities/${started.id}/publish`, {}), 422,
    { field: 'starts_at', fieldCode: 'activity_in_past' });
  assert.equal((await admin.http.get(`/api/v1/activities/${past.id}`)).body.status, 'draft', 'still a draft');
});

test('only the organisation’s admins can publish (volunteer 403, another organisation 403)', async () => {
  const draft = await createActivity(admin, orgId);
  // A draft is invisible outside its organisation, so others may also be told it does not exist.
  for (const who of [volunteer, otherAdmin]) {
    const r = await who.http.post(`/api/v1/activities/${draft.id}/publish`, {});
    assert.ok([403, 404].includes(r.status), r.text);
  }
  assert.equal((await admin.http.get(`/api/v1/activities/${draft.id}`)).body.status, 'draft');
});

test('a draft is invisible to the public (404) but listed for its organisation’s admins with organization_id', async () => {
  const draft = await createActivity(admin, orgId, { title: `草稿活动${Date.now()}` });
  assertProblem(await anon.get(`/api/v1/activities/${draft.id}`), 404, { code: 'not_found' });
  assertProblem(await volunteer.http.get(`/api/v1/activities/${draft.id}`), 404);
  assertProblem(await otherAdmin.http.get(`/api/v1/activities/${draft.id}`), 404);
  const own = await admin.http.get(`/api/v1/activities/${draft.id}`);
  assert.equal(own.status, 200, own.text);
  assert.equal(own.body.status, 'draft');

  const q = encodeURIComponent(draft.title);
  for (const who of [anon, volunteer.http, otherAdmin.http]) {
    for (const path of [`/api/v1/activities?q=${q}`, `/api/v1/activities?q=${q}&organization_id=${orgId}`,
      `/api/v1/activities?q=${q}&organization_id=${orgId}&status=draft`]) {
      const r = await who.get(path);
      assert.equal(r.status, 200, r.text);
      assert.ok(!r.body.items.some((a) => a.id === draft.id), `${path} must not list the draft: ${r.text}`);
    }
  }
  const listed = await admin.http.get(`/api/v1/activities?q=${q}&organization_id=${orgId}`);
  assert.ok(listed.body.items.some((a) => a.id === draft.id && a.status === 'draft'), listed.text);
  const onlyDrafts = await admin.http.get(`/api/v1/activities?organization_id=${orgId}&status=draft&page_size=100`);
  assert.ok(onlyDrafts.body.items.length > 0);
  assert.ok(onlyDrafts.body.items.every((a) => a.status === 'draft'), onlyDrafts.text);
  // Without organization_id even the admin gets the public list, without drafts.
  const pub = await admin.http.get(`/api/v1/activities?q=${q}`);
  assert.ok(!pub.body.items.some((a) => a.id === draft.id), pub.text);
});

test('the list filters by county_code, category, q, from/to dates and status, and pages soonest first', async () => {
  const tag = `筛选${Math.floor(Math.random() * 1e9)}`;
  const day = 24 * 60;
  const mk = (title, overrides) => publishedActivity(admin, orgId, {
    title: `${tag}${title}`, starts_at: minutesFromNow(overrides.inDays * day),
    ends_at: minutesFromNow(overrides.inDays * day + 120), ...overrides, inDays: undefined,
  });
  const near = await mk('近期助老', { inDays: 2, category: '助老助残' });
  const far = await mk('远期环保', { inDays: 10, category: '环境保护' });
  const other = await mk('梅县交通', { inDays: 6, category: '文明交通', county_code: '441403' });
  const cancelled = await mk('取消的活动', { inDays: 4, category: '助老助残' });
  const c = await admin.http.post(`/api/v1/activities/${cancelled.id}/cancel`, { reason: '天气原因' });
  assert.equal(c.status, 200, c.text);
  const ids = async (query) => {
    const r = await anon.get(`/api/v1/activities?q=${encodeURIComponent(tag)}&page_size=100${query}`);
    assert.equal(r.status, 200, r.text);
    return r.body.items.map((a) => a.id);
  };
  assert.deepEqual(await ids(''), [near.id, cancelled.id, other.id, far.id], 'soonest first, q matches the title');
  assert.deepEqual(await ids('&county_code=441403'), [other.id]);
  assert.deepEqual((await ids('&county_code=441402')).sort(), [near.id, cancelled.id, far.id].sort());
  assert.deepEqual(await ids(`&category=${encodeURIComponent('环境保护')}`), [far.id]);
  assert.deepEqual(await ids(`&category=${encodeURIComponent('助老助残')}`), [near.id, cancelled.id]);
  const mid = chinaDate(Date.now() + 5 * day * 60e3);
  assert.deepEqual(await ids(`&from=${mid}`), [other.id, far.id], 'from is a date bounding starts_at');
  assert.deepEqual(await ids(`&to=${mid}`), [near.id, cancelled.id], 'to is a date bounding starts_at');
  assert.deepEqual(await ids(`&from=${chinaDate(Date.now() + 6 * day * 60e3)}&to=${chinaDate(Date.now() + 6 * day * 60e3)}`),
    [other.id], 'from and to on the same day take that whole day');
  assert.deepEqual(await ids(`&from=${encodeURIComponent(minutesFromNow(5 * day))}`), [other.id, far.id], 'RFC 3339 works too');
  assert.deepEqual(await ids('&status=cancelled'), [cancelled.id]);
  assert.deepEqual(await ids('&status=published'), [near.id, other.id, far.id]);
  assert.deepEqual(await ids(`&status=published&county_code=441402&category=${encodeURIComponent('助老助残')}`), [near.id]);
  const none = await anon.get(`/api/v1/activities?q=${encodeURIComponent(`${tag}不存在`)}`);
  assert.equal(none.status, 200, none.text);
  assert.deepEqual(none.body.items, []);
  assert.equal(none.body.total, 0);

  const page1 = await anon.get(`/api/v1/activities?q=${encodeURIComponent(tag)}&page_size=3&page=1`);
  assert.equal(page1.status, 200, page1.text);
  assert.equal(page1.body.total, 4);
  assert.equal(page1.body.page, 1);
  assert.equal(page1.body.page_size, 3);
  assert.deepEqual(page1.body.items.map((a) => a.id), [near.id, cancelled.id, other.id]);
  const page2 = await anon.get(`/api/v1/activities?q=${encodeURIComponent(tag)}&page_size=3&page=2`);
  assert.deepEqual(page2.body.items.map((a) => a.id), [far.id]);
  assert.equal(page2.body.total, 4);

  assertProblem(await anon.get('/api/v1/activities?from=2027-13-45'), 422, { field: 'from' });
  assertProblem(await anon.get('/api/v1/activities?to=soon'), 422, { field: 'to' });
  assertProblem(await anon.get('/api/v1/activities?status=exploded'), 422, { field: 'status' });
});

test('q matches text literally: % and _ are not wildcards', async () => {
  const tag = `字面${Math.floor(Math.random() * 1e9)}`;
  const plain = await publishedActivity(admin, orgId, { title: `${tag}普通活动` });
  const percent = await publishedActivity(admin, orgId, { title: `${tag}满意度100%调查` });
  const ids = async (q) => {
    const r = await anon.get(`/api/v1/activities?q=${encodeURIComponent(q)}&page_size=100`);
    return r.body.items.map((a) => a.id);
  };
  assert.deepEqual(await ids(tag), [plain.id, percent.id]);
  const pct = await ids('%');
  assert.ok(pct.includes(percent.id), 'a title containing % matches %');
  assert.ok(!pct.includes(plain.id), `% is not a wildcard: ${pct.length} activities matched`);
  assert.deepEqual(await ids(`${tag}_`), [], '_ is not a wildcard');
});

test('cancelling an activity needs a reason and notifies every signed-up volunteer (GET /me/notifications)', async () => {
  const a = await publishedActivity(admin, orgId, { title: `将取消的活动${Date.now()}` });
  const [signed, bystander] = await Promise.all([volunteerSession(server), volunteerSession(server)]);
  await signUp(signed, a.id);
  const before = await notificationsOf(bystander);
  assertProblem(await volunteer.http.post(`/api/v1/activities/${a.id}/cancel`, { reason: '不想办了' }), 403);
  // Another organisation's activity is outside its admins' scope: 404, as if it did not exist (SPEC §1).
  assertProblem(await otherAdmin.http.post(`/api/v1/activities/${a.id}/cancel`, { reason: '不想办了' }), 404, { code: 'not_found' });
  assertProblem(await admin.http.post(`/api/v1/activities/${a.id}/cancel`, { reason: '' }), 422, { field: 'reason' });
  const r = await admin.http.post(`/api/v1/activities/${a.id}/cancel`, { reason: '台风预警，活动取消' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'cancelled');
  assert.equal(r.body.cancel_reason, '台风预警，活动取消');
  const notes = await notificationsOf(signed);
  const note = notes.find((n) => `${n.title}${n.body}`.includes(a.title));
  assert.ok(note, `the signed-up volunteer is notified: ${JSON.stringify(notes)}`);
  assert.match(`${note.title}${note.body}`, /取消/);
  assert.ok(note.body.includes('台风预警'), 'the notice gives the reason');
  assert.ok(note.created_at);
  assert.deepEqual(await notificationsOf(bystander), before, 'a volunteer who did not sign up is not notified');
  const again = await admin.http.post(`/api/v1/activities/${a.id}/cancel`, { reason: '再次取消' });
  assert.equal(again.status, 409, again.text);
  assert.equal((await anon.get(`/api/v1/activities/${a.id}`)).body.status, 'cancelled');
});

test('recommended activities exclude those already signed up for and explain each recommendation', async () => {
  const me = await volunteerSession(server, { service_categories: ['文明交通'], skills: ['手语'] });
  const soon = (m) => ({ starts_at: minutesFromNow(m), ends_at: minutesFromNow(m + 120) });
  const match = await publishedActivity(admin, orgId, {
    title: `推荐活动${Date.now()}`, category: '文明交通', required_skills: ['手语'], ...soon(90),
  });
  const taken = await publishedActivity(admin, orgId, {
    title: `已报名活动${Date.now()}`, category: '文明交通', required_skills: ['手语'], ...soon(95),
  });
  const draft = await createActivity(admin, orgId, { category: '文明交通', required_skills: ['手语'], ...soon(100) });
  await signUp(me, taken.id);
  const r = await me.http.get('/api/v1/activities/recommended');
  assert.equal(r.status, 200, r.text);
  const ids = r.body.items.map((a) => a.id);
  assert.ok(ids.includes(match.id), `the matching activity is recommended: ${r.text.slice(0, 500)}`);
  assert.ok(!ids.includes(taken.id), 'an activity already signed up for is not recommended');
  assert.ok(!ids.includes(draft.id), 'a draft is never recommended');
  for (const item of r.body.items) {
    assert.ok(Array.isArray(item.reasons) && item.reasons.length > 0, `every item has reasons: ${JSON.stringify(item)}`);
    for (const reason of item.reasons) assert.match(reason, CJK);
    assert.notEqual(item.status, 'draft');
  }
  const reasons = r.body.items.find((a) => a.id === match.id).reasons.join('；');
  assert.match(reasons, /梅江区/, 'same county is a reason');
  assert.match(reasons, /文明交通/, 'the service category is a reason');
  assert.match(reasons, /手语/, 'the skill is a reason');
  assert.equal(r.body.items[0].id, match.id, 'the best match (county, category and skill) comes first');
  assertProblem(await county.http.get('/api/v1/activities/recommended'), 403);
  assertProblem(await anon.get('/api/v1/activities/recommended'), 401);
});

test('a published activity can be edited only forward: times in the future, quota never below confirmed_count', async () => {
  const a = await publishedActivity(admin, orgId, { quota: 2 });
  const v = await volunteerSession(server);
  await signUp(v, a.id);
  await signUp(volunteer, a.id);
  const below = await admin.http.patch(`/api/v1/activities/${a.id}`, { quota: 1 });
  assertProblem(below, 422, { field: 'quota', fieldCode: 'quota_below_confirmed' });
  assertProblem(await admin.http.patch(`/api/v1/activities/${a.id}`, {
    starts_at: minutesFromNow(-60), ends_at: minutesFromNow(60),
  }), 422, { field: 'starts_at', fieldCode: 'activity_in_past' });
  const ok = await admin.http.patch(`/api/v1/activities/${a.id}`, { quota: 3, title: `${a.title}（改）` });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.quota, 3);
  assert.equal(ok.body.title, `${a.title}（改）`);
  assert.equal(ok.body.confirmed_count, 2);
  assertProblem(await otherAdmin.http.patch(`/api/v1/activities/${a.id}`, { title: '别人的活动' }), 404, { code: 'not_found' });
  assertProblem(await v.http.patch(`/api/v1/activities/${a.id}`, { title: '志愿者改的' }), 403);
});
