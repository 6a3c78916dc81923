// Attendance 考勤: the rotating check-in token, QR and GPS check-in with the geofence, the refusals (each
// writing nothing), check-out with its pending ledger entry, the daily pair limit, overlapping sessions across
// organisations, and the organiser's manual records. Activities start about 10 minutes from now, so check-in
// (open from 30 minutes before the start) is open. Expired tokens need a minute of waiting: not tested here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, demoSession, DEMO, publishedActivity, signUp, approvedOrganization,
  chinaTime, chinaDate, minutesFromNow,
} from './helpers.mjs';

let server;
let anon;
let admin; // admin of 梅江区志愿者协会 (demo)
let orgId;
let otherAdmin; // admin of the demo League organisation
let county; // county admin of 441402

const SITE = { latitude: 24.29, longitude: 116.12 };

before(async () => {
  server = await startServer({ demo: true });
  anon = api(server.baseUrl);
  [admin, otherAdmin, county] = await Promise.all([
    demoSession(server, DEMO.orgAdmin),
    demoSession(server, DEMO.leagueOrgAdmin),
    demoSession(server, DEMO.countyAdmin441402),
  ]);
  orgId = admin.organizationId;
});
after(async () => { await server?.stop(); });

// A published activity starting in about 10 minutes (check-in is open), lasting 3 hours.
function soonActivity(overrides = {}, organiser = admin, organization = orgId) {
  return publishedActivity(organiser, organization, {
    starts_at: minutesFromNow(10), ends_at: minutesFromNow(190), ...SITE, ...overrides,
  });
}

async function tokenFor(activityId, organiser = admin) {
  const r = await organiser.http.get(`/api/v1/activities/${activityId}/checkin-token`);
  assert.equal(r.status, 200, r.text);
  return r.body.token;
}

async function attendanceOf(activityId, organiser = admin) {
  const r = await organiser.http.get(`/api/v1/activities/${activityId}/attendance`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

// A new volunteer with a confirmed sign-up for each of the activities.
async function attendee(...activities) {
  const v = await volunteerSession(server);
  for (const a of activities) await signUp(v, a.id);
  return v;
}

const checkIn = (v, activityId, body) => v.http.post(`/api/v1/activities/${activityId}/check-ins`, body);
const checkOut = (v, activityId, body) => v.http.post(`/api/v1/activities/${activityId}/check-outs`, body);

// Asserts a 422 refusal on `field` with `code`, and that the activities' attendance lists did not change.
async function assertRefused(call, field, code, activityIds, organiser = admin) {
  const before = await Promise.all(activityIds.map((id) => attendanceOf(id, organiser)));
  const r = await call();
  const problem = assertProblem(r, 422, { field, fieldCode: code });
  const after = await Promise.all(activityIds.map((id) => attendanceOf(id, organiser)));
  assert.deepEqual(after, before, `a refusal (${code}) writes nothing`);
  return problem;
}

// Degrees of latitude for a distance north of the site (1° of latitude ≈ 111.2 km).
const north = (meters) => ({ latitude: SITE.latitude + meters / 111195, longitude: SITE.longitude });

test('only the organiser gets the check-in token (a volunteer 403, another organisation 404), with its QR code and check-in URL', async () => {
  const a = await soonActivity();
  const v = await attendee(a);
  const r = await admin.http.get(`/api/v1/activities/${a.id}/checkin-token`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.token, /^\d+\.[0-9a-f]+$/);
  const expires = Date.parse(r.body.expires_at);
  assert.ok(expires > Date.now() && expires <= Date.now() + 61e3, `accepted for at most 60 s: ${r.body.expires_at}`);
  assert.equal(r.body.qr_url, `/api/v1/activities/${a.id}/checkin-qr.svg`);
  assert.ok(r.body.checkin_url.endsWith(`/checkin/${a.id}?token=${r.body.token}`), r.body.checkin_url);
  assertProblem(await v.http.get(`/api/v1/activities/${a.id}/checkin-token`), 403, { code: 'forbidden' });
  assertProblem(await otherAdmin.http.get(`/api/v1/activities/${a.id}/checkin-token`), 404, { code: 'not_found' });
  assertProblem(await anon.get(`/api/v1/activities/${a.id}/checkin-token`), 401);
  const svg = await fetch(`${server.baseUrl}${r.body.qr_url}`, { headers: { authorization: `Bearer ${admin.token}` } });
  assert.equal(svg.status, 200);
  assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(await svg.text(), /<svg[\s>]/);
  assertProblem(await v.http.get(r.body.qr_url), 403);
  assertProblem(await v.http.get(`/api/v1/activities/${a.id}/attendance`), 403);
});

test('a signed-up volunteer checks in with the current token: 201, method_in qr', async () => {
  const a = await soonActivity();
  const v = await attendee(a);
  const r = await checkIn(v, a.id, { token: await tokenFor(a.id) });
  assert.equal(r.status, 201, r.text);
  const s = r.body;
  assert.equal(s.activity_id, a.id);
  assert.equal(s.activity_title, a.title);
  assert.equal(s.volunteer_id, v.volunteer.id);
  assert.equal(s.volunteer_number, v.volunteer.volunteer_number);
  assert.equal(s.method_in, 'qr');
  assert.deepEqual(s.flags, []);
  assert.ok(Math.abs(Date.parse(s.check_in_at) - Date.now()) < 60e3, s.check_in_at);
  assert.equal(s.check_out_at, null);
  assert.equal(s.minutes, null);
  assert.equal(s.ledger_entry_id, null);
  assert.equal(s.service_date, chinaDate(Date.parse(s.check_in_at)));
  const list = await attendanceOf(a.id);
  assert.deepEqual(list.map((x) => x.id), [s.id]);
});

test('a forged token, an older window’s token, another activity’s token or garbage is refused with invalid_token, writing nothing', async () => {
  const a = await soonActivity();
  const b = await soonActivity();
  const v = await attendee(a);
  const token = await tokenFor(a.id);
  const [win, mac] = token.split('.');
  const flipped = mac.slice(0, -1) + (mac.at(-1) === '0' ? '1' : '0');
  const forgeries = [
    `${win}.${flipped}`, // one character changed
    `${Number(win) - 5}.${mac}`, // an older window with this window's signature
    `${Number(win) + 1}.${mac}`,
    await tokenFor(b.id), // valid, but for another activity
    'garbage', `${win}.`, `.${mac}`, `${win}`,
  ];
  for (const forged of forgeries) {
    await assertRefused(() => checkIn(v, a.id, { token: forged }), 'token', 'invalid_token', [a.id]);
  }
  const ok = await checkIn(v, a.id, { token });
  assert.equal(ok.status, 201, `the real token still works after the refusals: ${ok.text}`);
});

test('GPS check-in is refused with gps_not_allowed for an activity with a quota under 100', async () => {
  const a = await soonActivity({ quota: 99 });
  assert.equal(a.gps_checkin_allowed, false);
  const v = await attendee(a);
  await assertRefused(() => checkIn(v, a.id, SITE), 'location', 'gps_not_allowed', [a.id]);
  await assertRefused(() => checkIn(v, a.id, {}), 'token', undefined, [a.id]);
});

test('GPS check-in for a quota ≥ 100 activity: 1 km away is outside_geofence, 50 m away is accepted and flagged gps', async () => {
  const a = await soonActivity({ quota: 100, geofence_meters: 300 });
  assert.equal(a.gps_checkin_allowed, true);
  const v = await attendee(a);
  const far = await assertRefused(() => checkIn(v, a.id, north(1000)), 'location', 'outside_geofence', [a.id]);
  assert.match(far.errors[0].message, /300/, 'the message names the geofence');
  await assertRefused(() => checkIn(v, a.id, north(320)), 'location', 'outside_geofence', [a.id]);
  const r = await checkIn(v, a.id, north(50));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.method_in, 'gps');
  assert.ok(r.body.flags.includes('gps'), `flagged for closer review: ${r.text}`);
  await assertRefused(() => checkOut(v, a.id, north(1000)), 'location', 'outside_geofence', [a.id]);
  const out = await checkOut(v, a.id, north(50));
  assert.equal(out.status, 201, out.text);
  assert.equal(out.body.method_out, 'gps');
  assert.ok(out.body.flags.includes('gps'));
});

test('checking in twice is refused with already_checked_in', async () => {
  const a = await soonActivity();
  const v = await attendee(a);
  assert.equal((await checkIn(v, a.id, { token: await tokenFor(a.id) })).status, 201);
  await assertRefused(async () => checkIn(v, a.id, { token: await tokenFor(a.id) }), 'activity', 'already_checked_in', [a.id]);
});

test('a volunteer checked in to one activity cannot check in to another, even of another organisation (overlapping_session)', async () => {
  const applicant = await volunteerSession(server);
  const org2 = await approvedOrganization(applicant, county);
  const a = await soonActivity();
  const b = await soonActivity({}, applicant, org2.id);
  const sameOrg = await soonActivity();
  const v = await attendee(a, b, sameOrg);
  assert.equal((await checkIn(v, a.id, { token: await tokenFor(a.id) })).status, 201);
  const tokenB = await tokenFor(b.id, applicant);
  const p = await assertRefused(() => checkIn(v, b.id, { token: tokenB }), 'activity', 'overlapping_session',
    [b.id], applicant);
  assert.ok(p.errors[0].message.includes(a.title), 'the message names the other activity');
  await assertRefused(async () => checkIn(v, sameOrg.id, { token: await tokenFor(sameOrg.id) }), 'activity',
    'overlapping_session', [sameOrg.id, a.id]);
  assert.equal((await checkOut(v, a.id, { token: await tokenFor(a.id) })).status, 201);
  const r = await checkIn(v, b.id, { token: await tokenFor(b.id, applicant) });
  assert.equal(r.status, 201, `after checking out the other activity is fine: ${r.text}`);
});

test('check-out returns the minutes and a pending ledger entry; without an open session it is not_checked_in', async () => {
  const a = await soonActivity();
  const v = await attendee(a);
  await assertRefused(async () => checkOut(v, a.id, { token: await tokenFor(a.id) }), 'activity', 'not_checked_in', [a.id]);
  const inn = await checkIn(v, a.id, { token: await tokenFor(a.id) });
  assert.equal(inn.status, 201, inn.text);
  const r = await checkOut(v, a.id, { token: await tokenFor(a.id) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.id, inn.body.id, 'the same session is closed');
  assert.equal(r.body.method_out, 'qr');
  assert.ok(r.body.check_out_at);
  assert.ok(Number.isInteger(r.body.minutes) && r.body.minutes >= 0 && r.body.minutes <= 1, r.text);
  assert.equal(typeof r.body.ledger_entry_id, 'number');
  assert.equal(r.body.entry_status, 'pending');
  const hours = await v.http.get('/api/v1/me/hours');
  const entry = hours.body.entries.find((e) => e.id === r.body.ledger_entry_id);
  assert.ok(entry, hours.text);
  assert.equal(entry.attendance_id, r.body.id);
  assert.equal(entry.status, 'pending');
  assert.equal(entry.kind, 'attendance');
  await assertRefused(async () => checkOut(v, a.id, { token: await tokenFor(a.id) }), 'activity', 'not_checked_in', [a.id]);
});

test('at most 3 check-in/out pairs a day per activity: the 4th check-in is refused with daily_pair_limit', async () => {
  const a = await soonActivity();
  const v = await attendee(a);
  for (let i = 0; i < 3; i += 1) {
    assert.equal((await checkIn(v, a.id, { token: await tokenFor(a.id) })).status, 201, `pair ${i + 1} in`);
    assert.equal((await checkOut(v, a.id, { token: await tokenFor(a.id) })).status, 201, `pair ${i + 1} out`);
  }
  const list = await attendanceOf(a.id);
  assert.equal(list.length, 3);
  assert.ok(list.every((s) => s.check_out_at && s.ledger_entry_id), 'three closed sessions, each with an entry');
  await assertRefused(async () => checkIn(v, a.id, { token: await tokenFor(a.id) }), 'activity', 'daily_pair_limit', [a.id]);
  await assertRefused(() => admin.http.post(`/api/v1/activities/${a.id}/attendance`, {
    volunteer_number: v.volunteer.volunteer_number, action: 'check_in',
  }), 'activity', 'daily_pair_limit', [a.id]);
});

test('a volunteer without a confirmed sign-up (none, or waitlisted) is refused with not_signed_up', async () => {
  const a = await soonActivity({ quota: 1 });
  const [confirmed, waiting, stranger] = await Promise.all([
    volunteerSession(server), volunteerSession(server), volunteerSession(server),
  ]);
  await signUp(confirmed, a.id);
  await signUp(waiting, a.id, 'waitlisted');
  for (const v of [waiting, stranger]) {
    await assertRefused(async () => checkIn(v, a.id, { token: await tokenFor(a.id) }), 'activity', 'not_signed_up', [a.id]);
  }
  await assertRefused(() => admin.http.post(`/api/v1/activities/${a.id}/attendance`, {
    volunteer_number: stranger.volunteer.volunteer_number, action: 'check_in',
  }), 'activity', 'not_signed_up', [a.id]);
});

test('check-in is not open for an activity starting in two days (checkin_not_open)', async () => {
  const a = await publishedActivity(admin, orgId);
  const v = await attendee(a);
  await assertRefused(async () => checkIn(v, a.id, { token: await tokenFor(a.id) }), 'activity', 'checkin_not_open', [a.id]);
});

test('the organiser checks a volunteer in and out by volunteer number, flagged manual', async () => {
  const a = await soonActivity();
  const v = await attendee(a);
  const record = (body) => admin.http.post(`/api/v1/activities/${a.id}/attendance`, {
    volunteer_number: v.volunteer.volunteer_number, ...body,
  });
  assertProblem(await v.http.post(`/api/v1/activities/${a.id}/attendance`, {
    volunteer_number: v.volunteer.volunteer_number, action: 'check_in',
  }), 403);
  assertProblem(await otherAdmin.http.post(`/api/v1/activities/${a.id}/attendance`, {
    volunteer_number: v.volunteer.volunteer_number, action: 'check_in',
  }), 404, { code: 'not_found' });
  await assertRefused(() => admin.http.post(`/api/v1/activities/${a.id}/attendance`, {
    volunteer_number: 'ZY209900000000', action: 'check_in',
  }), 'volunteer_number', undefined, [a.id]);
  await assertRefused(() => record({ action: 'sign_in' }), 'action', undefined, [a.id]);
  await assertRefused(() => record({ action: 'check_in', at: minutesFromNow(5) }), 'at', undefined, [a.id]);
  const inn = await record({ action: 'check_in' });
  assert.equal(inn.status, 201, inn.text);
  assert.equal(inn.body.method_in, 'organizer');
  assert.ok(inn.body.flags.includes('manual'), inn.text);
  assert.equal(inn.body.volunteer_id, v.volunteer.id);
  const out = await record({ action: 'check_out' });
  assert.equal(out.status, 201, out.text);
  assert.equal(out.body.id, inn.body.id);
  assert.equal(out.body.method_out, 'organizer');
  assert.ok(out.body.flags.includes('manual'));
  assert.ok(!out.body.flags.includes('closed_by_organizer'), 'a check-out recorded now is not a forgotten one');
  assert.equal(typeof out.body.ledger_entry_id, 'number');
  assert.equal(out.body.entry_status, 'pending');
});

test('the organiser closes a forgotten session with `at` in the past, flagged closed_by_organizer', async () => {
  const a = await soonActivity();
  const v = await attendee(a);
  const now = Math.floor(Date.now() / 1000) * 1000;
  const record = (body) => admin.http.post(`/api/v1/activities/${a.id}/attendance`, {
    volunteer_number: v.volunteer.volunteer_number, ...body,
  });
  // Check-in opens 30 minutes before the start (about 20 minutes ago): 40 minutes ago is too early.
  await assertRefused(() => record({ action: 'check_in', at: chinaTime(now - 40 * 60e3) }), 'activity',
    'checkin_not_open', [a.id]);
  const inn = await record({ action: 'check_in', at: chinaTime(now - 15 * 60e3) });
  assert.equal(inn.status, 201, inn.text);
  assert.equal(Date.parse(inn.body.check_in_at), now - 15 * 60e3);
  const out = await record({ action: 'check_out', at: chinaTime(now - 6 * 60e3) });
  assert.equal(out.status, 201, out.text);
  assert.equal(Date.parse(out.body.check_out_at), now - 6 * 60e3);
  assert.equal(out.body.minutes, 9);
  assert.ok(out.body.flags.includes('closed_by_organizer'), `flagged for audit: ${out.text}`);
  assert.ok(out.body.flags.includes('manual'));
  assert.equal(out.body.entry_status, 'pending');
  const listed = (await attendanceOf(a.id)).find((s) => s.id === out.body.id);
  assert.deepEqual(listed.flags.slice().sort(), out.body.flags.slice().sort());
  assert.equal(listed.minutes, 9);
});

test('concurrent check-ins of one volunteer open exactly one session; a repeat to the same activity is already_checked_in, to the other overlapping_session', async () => {
  const a = await soonActivity();
  const b = await soonActivity();
  const v = await attendee(a, b);
  const [ta, tb] = await Promise.all([tokenFor(a.id), tokenFor(b.id)]);
  const targets = [a.id, a.id, a.id, b.id, b.id];
  const answers = await Promise.all(targets.map((id) => checkIn(v, id, { token: id === a.id ? ta : tb })));
  const ok = answers.filter((r) => r.status === 201);
  assert.equal(ok.length, 1, answers.map((r) => r.text).join(' '));
  const openIn = ok[0].body.activity_id;
  answers.forEach((r, i) => {
    if (r.status === 201) return;
    // A second check-in to the activity the volunteer is in is already_checked_in; to the other, overlapping.
    const expected = targets[i] === openIn ? 'already_checked_in' : 'overlapping_session';
    assertProblem(r, 422, { field: 'activity', fieldCode: expected });
  });
  const lists = await Promise.all([attendanceOf(a.id), attendanceOf(b.id)]);
  assert.equal(lists[0].length + lists[1].length, 1, 'one session in all');
});
