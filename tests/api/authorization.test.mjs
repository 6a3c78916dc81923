// Who may do what: roles, county scope (outside the scope answers 404), the auditor, mass assignment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, adminSession, organizationBody, volunteerBody, rememberSecret, login,
  serverRoutes,
} from './helpers.mjs';

let server;
let anon;
let alice; // volunteer of 441402, applies for an organisation
let bob; // another volunteer of 441402
let county02; // county admin of 梅江区 441402
let county03; // county admin of 梅县区 441403
let city; // city admin
let auditor;

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
  [alice, bob] = await Promise.all([volunteerSession(server), volunteerSession(server)]);
  county02 = await adminSession(server, 'county_admin', '441402');
  county03 = await adminSession(server, 'county_admin', '441403');
  city = await adminSession(server, 'city_admin');
  auditor = await adminSession(server, 'auditor');
});
after(async () => { await server?.stop(); });

async function applyOrganization(session, overrides = {}) {
  const r = await session.http.post('/api/v1/organizations', organizationBody(overrides));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.status, 'pending');
  return r.body;
}

test('admins created with the CLI carry their roles in GET /api/v1/me', async () => {
  const me = await county02.http.get('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  assert.deepEqual(me.body.account.roles, [{ role: 'county_admin', county_code: '441402' }]);
  assert.equal(me.body.volunteer, null);
  assert.deepEqual((await city.http.get('/api/v1/me')).body.account.roles, [{ role: 'city_admin' }]);
  assert.deepEqual((await auditor.http.get('/api/v1/me')).body.account.roles, [{ role: 'auditor' }]);
});

test("a volunteer's token cannot approve or reject an organisation (403)", async () => {
  const org = await applyOrganization(alice);
  assertProblem(await bob.http.post(`/api/v1/organizations/${org.id}/approve`, {}), 403, { code: 'forbidden' });
  assertProblem(await bob.http.post(`/api/v1/organizations/${org.id}/reject`, { reason: '不符合条件' }), 403);
  // Not even the applicant, who administers the organisation, may approve it.
  assertProblem(await alice.http.post(`/api/v1/organizations/${org.id}/approve`, {}), 403);
  assertProblem(await auditor.http.post(`/api/v1/organizations/${org.id}/approve`, {}), 403);
  const still = await county02.http.get(`/api/v1/organizations/${org.id}`);
  assert.equal(still.body.status, 'pending');
});

test('anonymous requests to protected endpoints are 401', async () => {
  assertProblem(await anon.get('/api/v1/me'), 401, { code: 'unauthenticated' });
  assertProblem(await anon.get('/api/v1/volunteers'), 401);
  assertProblem(await anon.get(`/api/v1/volunteers/${alice.volunteer.id}`), 401);
  assertProblem(await anon.get('/api/v1/audit-events'), 401);
  assertProblem(await anon.post('/api/v1/organizations', organizationBody()), 401);
  assertProblem(await anon.put('/api/v1/regions/441402/populations/2023', { population: 1 }), 401);
  assertProblem(await anon.patch('/api/v1/me/volunteer', { availability: '随时' }), 401);
});

test('a volunteer reads their own record but reading another volunteer answers 404', async () => {
  const own = await alice.http.get(`/api/v1/volunteers/${alice.volunteer.id}`);
  assert.equal(own.status, 200, own.text);
  assert.equal(own.body.volunteer_number, alice.volunteer.volunteer_number);
  assertProblem(await alice.http.get(`/api/v1/volunteers/${bob.volunteer.id}`), 404, { code: 'not_found' });
  // The same answer as for an id that does not exist: nothing reveals that bob exists.
  assertProblem(await alice.http.get('/api/v1/volunteers/99999999'), 404, { code: 'not_found' });
  assertProblem(await alice.http.get('/api/v1/volunteers/abc'), 404);
});

test('a volunteer cannot list volunteers (403)', async () => {
  assertProblem(await alice.http.get('/api/v1/volunteers'), 403);
});

test("a county admin reads the volunteers of their county, but another county's volunteer answers 404", async () => {
  const inCounty = await county02.http.get(`/api/v1/volunteers/${alice.volunteer.id}`);
  assert.equal(inCounty.status, 200, inCounty.text);
  assert.equal(inCounty.body.id_number, alice.volunteer.id_number, 'the ID stays masked for admins too');
  assertProblem(await county03.http.get(`/api/v1/volunteers/${alice.volunteer.id}`), 404);
  const list = await county02.http.get('/api/v1/volunteers');
  assert.equal(list.status, 200, list.text);
  assert.ok(list.body.items.some((v) => v.id === alice.volunteer.id));
  assert.ok(list.body.items.every((v) => v.county_code === '441402'));
  const other = await county03.http.get('/api/v1/volunteers');
  assert.equal(other.status, 200);
  assert.ok(!other.body.items.some((v) => v.id === alice.volunteer.id));
  assertProblem(await county03.http.get('/api/v1/volunteers?county_code=441402'), 403);
  const cityList = await city.http.get('/api/v1/volunteers?county_code=441402');
  assert.equal(cityList.status, 200);
  assert.ok(cityList.body.items.some((v) => v.id === alice.volunteer.id));
});

test('the county admin of 441403 approving an organisation of 441402 gets 404; the admin of 441402 gets 200 and it is approved', async () => {
  const org = await applyOrganization(alice, { county_code: '441402' });
  assertProblem(await county03.http.post(`/api/v1/organizations/${org.id}/approve`, {}), 404, { code: 'not_found' });
  assertProblem(await county03.http.get(`/api/v1/organizations/${org.id}`), 404);
  assertProblem(await county03.http.post(`/api/v1/organizations/${org.id}/reject`, { reason: '材料不全' }), 404);

  const r = await county02.http.post(`/api/v1/organizations/${org.id}/approve`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'approved');
  assert.ok(r.body.decided_at);
  const after = await anon.get(`/api/v1/organizations/${org.id}`);
  assert.equal(after.status, 200, after.text);
  assert.equal(after.body.status, 'approved');
  // Deciding twice is a conflict, not a second approval.
  assert.equal((await county02.http.post(`/api/v1/organizations/${org.id}/approve`, {})).status, 409);
});

test('the city admin may approve an organisation of any county', async () => {
  const org = await applyOrganization(bob, { county_code: '441481' });
  const r = await city.http.post(`/api/v1/organizations/${org.id}/approve`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'approved');
});

test('a pending organisation is invisible to the public and to other volunteers (404) but visible to its applicant', async () => {
  const org = await applyOrganization(alice);
  assertProblem(await anon.get(`/api/v1/organizations/${org.id}`), 404);
  assertProblem(await bob.http.get(`/api/v1/organizations/${org.id}`), 404);
  assert.equal((await alice.http.get(`/api/v1/organizations/${org.id}`)).status, 200);
  const pub = await anon.get('/api/v1/organizations');
  assert.equal(pub.status, 200);
  assert.ok(!pub.body.items.some((o) => o.id === org.id));
  const mine = await alice.http.get('/api/v1/organizations?mine=true');
  assert.ok(mine.body.items.some((o) => o.id === org.id));
});

test('only the auditor can read the audit log; others get 403', async () => {
  for (const who of [alice, county02, city]) {
    assertProblem(await who.http.get('/api/v1/audit-events'), 403, { code: 'forbidden' });
  }
  const r = await auditor.http.get('/api/v1/audit-events');
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.body.items));
  assert.ok(r.body.total > 0);
});

test('the auditor sees volunteer.register and organization.approve events with actor, object and result', async () => {
  const org = await applyOrganization(bob);
  const approved = await county02.http.post(`/api/v1/organizations/${org.id}/approve`, {});
  assert.equal(approved.status, 200, approved.text);

  const reg = await auditor.http.get('/api/v1/audit-events?action=volunteer.register&page_size=100');
  assert.equal(reg.status, 200, reg.text);
  const aliceEvent = reg.body.items.find((e) => e.object_type === 'volunteer' && String(e.object_id) === String(alice.volunteer.id));
  assert.ok(aliceEvent, `volunteer.register of alice is in the log: ${reg.text.slice(0, 1000)}`);
  assert.equal(aliceEvent.action, 'volunteer.register');
  assert.equal(aliceEvent.result, 'ok');
  assert.ok(!Number.isNaN(Date.parse(aliceEvent.at)));

  const appr = await auditor.http.get('/api/v1/audit-events?action=organization.approve&page_size=100');
  assert.equal(appr.status, 200);
  const event = appr.body.items.find((e) => String(e.object_id) === String(org.id));
  assert.ok(event, `organization.approve is in the log: ${appr.text.slice(0, 1000)}`);
  assert.equal(event.object_type, 'organization');
  assert.equal(event.actor_role, 'county_admin');
  assert.ok(event.actor_id, 'the approving admin is named');
  assert.ok(event.request_id, 'the event links to the request');
});

test('the auditor filters by actor and time; a malformed filter is 422 naming it', async () => {
  const me = await county02.http.get('/api/v1/me');
  const byActor = await auditor.http.get(`/api/v1/audit-events?actor_id=${me.body.account.id}&page_size=100`);
  assert.equal(byActor.status, 200, byActor.text);
  assert.ok(byActor.body.items.length > 0);
  assert.ok(byActor.body.items.every((e) => e.actor_id === me.body.account.id), byActor.text.slice(0, 1000));
  const future = new Date(Date.now() + 86400000).toISOString();
  const none = await auditor.http.get(`/api/v1/audit-events?from=${encodeURIComponent(future)}`);
  assert.equal(none.status, 200, none.text);
  assert.equal(none.body.items.length, 0);
  assertProblem(await auditor.http.get('/api/v1/audit-events?from=yesterday'), 422, { field: 'from' });
  assertProblem(await auditor.http.get('/api/v1/audit-events?actor_id=abc'), 422, { field: 'actor_id' });
});

test('a county admin reading a volunteer is itself an audited sensitive read', async () => {
  assert.equal((await county02.http.get(`/api/v1/volunteers/${bob.volunteer.id}`)).status, 200);
  const r = await auditor.http.get('/api/v1/audit-events?action=volunteer.read&page_size=100');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((e) => String(e.object_id) === String(bob.volunteer.id)), r.text.slice(0, 1000));
});

// Body fields a volunteer might try to raise their standing with: roles, hours, stars, real-name verification and
// the ids the server assigns. No write may take any of them from the body.
const HOURS_AND_STARS = {
  confirmed_minutes: 600000, pending_minutes: 0, minutes: 600000, hours: 10000, total_minutes: 600000,
  star_level: 5, certified_star_level: 5, certified_level: 5, stars: 5,
};
const PRIVILEGED = {
  role: 'city_admin', roles: [{ role: 'city_admin' }, { role: 'auditor' }, { role: 'county_admin', county_code: '441402' }],
  account: { roles: [{ role: 'city_admin' }] }, is_admin: true, organization_id: 1,
  ...HOURS_AND_STARS,
  real_name_status: 'verified', real_name_verified: true, verified: true, status: 'activated',
  holds_certificate: true, holds_card: true, volunteer_number: 'ZY0000000001', id: 1, account_id: 1,
};

// What a volunteer's standing is, as GET /me shows it: roles, stars, hours, verification and the server's ids.
async function standingOf(session) {
  const me = await session.http.get('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  const v = me.body.volunteer;
  return {
    roles: me.body.account.roles, star_level: me.body.star_level, certified_star_level: me.body.certified_star_level,
    confirmed_minutes: me.body.confirmed_minutes, real_name_status: v.real_name_status, volunteer_number: v.volunteer_number,
    id: v.id, name: v.name, id_number: v.id_number, account_id: me.body.account.id,
  };
}

// A passport holder: real-name verification stays pending, so a forged "verified" would show.
async function passportVolunteer() {
  const passport = rememberSecret(`P${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
  return volunteerSession(server, { id_type: 'passport', id_number: passport, gender: 'female', birth_date: '1990-03-04' });
}

test('role, status and real_name_status in the registration body are ignored (no mass assignment)', async () => {
  const passport = rememberSecret(`P${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
  const body = volunteerBody({
    id_type: 'passport', id_number: passport, gender: 'male', birth_date: '1985-06-07',
    role: 'city_admin', roles: [{ role: 'city_admin' }, { role: 'auditor' }], status: 'approved',
    real_name_status: 'verified', volunteer_number: 'ZY0000000001', id: 1, is_admin: true,
    ...HOURS_AND_STARS,
  });
  const r = await anon.post('/api/v1/volunteers', body);
  assert.equal(r.status, 201, r.text);
  // A passport cannot be verified offline, so the server's own answer is "pending", whatever the body said.
  assert.equal(r.body.real_name_status, 'pending');
  assert.notEqual(r.body.volunteer_number, 'ZY0000000001');
  assert.ok(!('role' in r.body) || r.body.role === 'volunteer');
  const token = await login(anon, body.phone, body.password);
  const me = await anon.get('/api/v1/me', { token });
  assert.deepEqual(me.body.account.roles, [{ role: 'volunteer' }]);
  assert.deepEqual([me.body.star_level, me.body.certified_star_level, me.body.confirmed_minutes], [0, 0, 0],
    `no hours or stars from the body: ${me.text}`);
  assert.equal(me.body.volunteer.real_name_status, 'pending');
  assertProblem(await anon.get('/api/v1/audit-events', { token }), 403);
  assertProblem(await anon.get('/api/v1/volunteers', { token }), 403);
});

test('PATCH /api/v1/me/volunteer ignores fields it does not edit (name, ID number, real-name status)', async () => {
  const r = await bob.http.patch('/api/v1/me/volunteer', {
    name: '改名', id_number: rememberSecret('110101199001011237'), real_name_status: 'failed', volunteer_number: 'ZY1',
    availability: '工作日晚上',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.name, bob.volunteer.name);
  assert.equal(r.body.id_number, bob.volunteer.id_number);
  assert.equal(r.body.real_name_status, bob.volunteer.real_name_status);
  assert.equal(r.body.volunteer_number, bob.volunteer.volunteer_number);
  assert.equal(r.body.availability, '工作日晚上');
});

test('PATCH /api/v1/me/volunteer with role, hours, star and verification fields changes the profile, never the standing', async () => {
  const carol = await passportVolunteer();
  const before = await standingOf(carol);
  assert.equal(before.real_name_status, 'pending');
  const r = await carol.http.patch('/api/v1/me/volunteer', { ...PRIVILEGED, availability: '周末上午' });
  assert.ok(r.status === 200 || r.status === 400 || r.status === 422, `${r.status} ${r.text}`);
  if (r.status === 200) {
    assert.equal(r.body.availability, '周末上午');
    assert.equal(r.body.real_name_status, 'pending');
    assert.equal(r.body.volunteer_number, before.volunteer_number);
  }
  assert.deepEqual(await standingOf(carol), before, 'GET /me after the PATCH');
  assert.equal((await carol.http.get('/api/v1/me/stars')).body.star_level, 0);
  assert.equal((await carol.http.get('/api/v1/me/hours')).body.confirmed_minutes, 0);
});

test('no write of the volunteer’s own (/api/v1/me/…) takes a role, hours, stars or verification from its body', async () => {
  const carol = await passportVolunteer();
  const before = await standingOf(carol);
  // Every write under /me the server has, from its route table: a new one is covered without touching this test.
  const writes = serverRoutes().filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method)
    && r.path.startsWith('/api/v1/me/') && !r.path.includes('{'));
  assert.ok(writes.some((r) => r.path === '/api/v1/me/volunteer'), 'the route table lists the /me writes');
  for (const { method, path } of writes) {
    const send = { POST: carol.http.post, PUT: carol.http.put, PATCH: carol.http.patch }[method];
    const r = await send(path, PRIVILEGED);
    // Refused (400/422, or another 4xx for what the body lacks) or done while ignoring those fields — never a crash.
    assert.ok(r.status < 500, `${method} ${path}: ${r.status} ${r.text}`);
    assert.deepEqual(await standingOf(carol), before, `GET /me after ${method} ${path} (${r.status})`);
  }
  const apps = await carol.http.get('/api/v1/me/credential-applications');
  assert.equal(apps.status, 200, apps.text);
  assert.ok(apps.body.items.every((a) => !['issued', 'activated'].includes(a.status)), `no issued credential: ${apps.text}`);
  assert.equal((await carol.http.get('/api/v1/me/stars')).body.certified_level, 0);
  assertProblem(await carol.http.get('/api/v1/audit-events'), 403);
  assertProblem(await carol.http.get('/api/v1/volunteers'), 403);
});
