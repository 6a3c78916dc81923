// Sign-ups 报名: the quota under 200 concurrent sign-ups (the acceptance check), the waiting list, approval,
// eligibility (minimum age, political requirement, skills), duplicates, deadlines and closed activities.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, registerVolunteer, login, pool, demoSession, DEMO, createActivity,
  publishedActivity, signUp, notificationsOf, chinaTime, chinaDate, freshId, freshPhone, sleep, DEMO_PASSWORD,
} from './helpers.mjs';

let server;
let anon;
let admin; // admin of 梅江区志愿者协会 (demo)
let orgId;
let otherAdmin; // admin of another organisation
let county; // county admin, not a volunteer
let volunteer; // masses, skills 急救
let deadline; // {activity, early}: an activity whose sign-up deadline passes a few seconds after before()

const CROWD = 200;
const QUOTA = 50;
const DEMO_VOLUNTEERS = 144; // 8 counties × 3 organisations × 6 members

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
  const early = await volunteerSession(server);
  const activity = await publishedActivity(admin, orgId, { signup_deadline: chinaTime(Date.now() + 4000) });
  assert.equal(Date.parse(activity.signup_deadline) > Date.now(), true, 'the deadline is still ahead');
  await signUp(early, activity.id); // before the deadline: accepted
  deadline = { activity, early };
});
after(async () => { await server?.stop(); });

const signupsOf = async (activityId, status) => {
  const r = await admin.http.get(`/api/v1/activities/${activityId}/signups${status ? `?status=${status}` : ''}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
};

const positions = (items) => items.map((s) => s.waitlist_position).sort((a, b) => a - b);
const oneTo = (n) => Array.from({ length: n }, (_, i) => i + 1);

test(`${CROWD} concurrent sign-ups for a ${QUOTA}-place activity give exactly ${QUOTA} confirmed and ${CROWD - QUOTA} waitlisted, every time`, async (t) => {
  const started = Date.now();
  // Every log-in and registration costs an Argon2id hash (the server runs two at a time), so the crowd is the
  // demo's 144 volunteers (13900000001..144, already registered) plus 56 registered here, all logged in.
  const jobs = Array.from({ length: CROWD }, (_, i) => i);
  const sessions = await pool(jobs, 4, async (i) => {
    if (i < DEMO_VOLUNTEERS) {
      const phone = `139${String(i + 1).padStart(8, '0')}`;
      const token = await login(anon, phone, DEMO_PASSWORD);
      const http = api(server.baseUrl, token);
      const me = await http.get('/api/v1/me');
      assert.ok(me.body.volunteer, `demo account ${phone} is a volunteer`);
      return { phone, token, http, volunteer: me.body.volunteer };
    }
    const reg = await registerVolunteer(anon);
    const token = await login(anon, reg.phone, reg.password);
    return { ...reg, token, http: api(server.baseUrl, token) };
  });
  const failed = sessions.find((r) => r.status === 'rejected');
  assert.ok(!failed, `registration or log-in failed: ${failed?.reason}`);
  const crowd = sessions.map((r) => r.value);
  assert.equal(new Set(crowd.map((v) => v.volunteer.id)).size, CROWD, `${CROWD} different volunteers`);

  const setUp = Date.now() - started;
  let first;
  for (let round = 1; round <= 3; round += 1) {
    const title = `并发报名测试第${round}轮-${Date.now()}`;
    const activity = await publishedActivity(admin, orgId, { quota: QUOTA, title });
    const answers = await Promise.all(crowd.map((v) => v.http.post(`/api/v1/activities/${activity.id}/signups`, {})));
    const bad = answers.find((r) => r.status !== 201);
    assert.ok(!bad, `every sign-up answers 201 (round ${round}): ${bad?.status} ${bad?.text}`);
    const confirmed = answers.filter((r) => r.body.status === 'confirmed');
    const waitlisted = answers.filter((r) => r.body.status === 'waitlisted');
    assert.equal(confirmed.length, QUOTA, `round ${round}: exactly ${QUOTA} confirmed`);
    assert.equal(waitlisted.length, CROWD - QUOTA, `round ${round}: the rest waitlisted`);
    for (const r of confirmed) assert.equal(r.body.waitlist_position, null);

    const a = (await anon.get(`/api/v1/activities/${activity.id}`)).body;
    assert.equal(a.confirmed_count, QUOTA, `round ${round}: confirmed_count`);
    assert.equal(a.waitlist_count, CROWD - QUOTA, `round ${round}: waitlist_count`);
    assert.equal((await signupsOf(activity.id, 'confirmed')).length, QUOTA);
    const queue = await signupsOf(activity.id, 'waitlisted');
    assert.equal(queue.length, CROWD - QUOTA);
    assert.deepEqual(positions(queue), oneTo(CROWD - QUOTA),
      `round ${round}: waitlist positions 1..${CROWD - QUOTA} without gaps`);
    assert.equal(new Set(queue.map((s) => s.volunteer_id)).size, CROWD - QUOTA);
    if (round === 1) first = { activity, answers, queue };
  }
  t.diagnostic(`crowd set-up ${setUp} ms, three rounds of ${CROWD} concurrent sign-ups ${Date.now() - started - setUp} ms`);

  // A confirmed volunteer cancels: the first waitlisted volunteer takes the place and is told so.
  const { activity, answers, queue } = first;
  const leaverIndex = answers.findIndex((r) => r.body.status === 'confirmed');
  const leaver = crowd[leaverIndex];
  const head = queue.find((s) => s.waitlist_position === 1);
  const lucky = crowd.find((v) => v.volunteer.id === head.volunteer_id);
  const notesBefore = await notificationsOf(lucky);
  const c = await leaver.http.del(`/api/v1/activities/${activity.id}/signups/mine`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.status, 'cancelled');
  const promoted = (await signupsOf(activity.id, 'confirmed')).find((s) => s.id === head.id);
  assert.ok(promoted, 'the first waitlisted volunteer is now confirmed');
  assert.equal(promoted.waitlist_position, null);
  const a = (await anon.get(`/api/v1/activities/${activity.id}`)).body;
  assert.equal(a.confirmed_count, QUOTA, 'the place was taken again at once');
  assert.equal(a.waitlist_count, CROWD - QUOTA - 1);
  assert.deepEqual(positions(await signupsOf(activity.id, 'waitlisted')), oneTo(CROWD - QUOTA - 1), 'everyone moved up');
  const mine = await lucky.http.get(`/api/v1/activities/${activity.id}`);
  assert.equal(mine.body.my_signup?.status, 'confirmed', mine.text);
  const notesAfter = await notificationsOf(lucky);
  assert.equal(notesAfter.length, notesBefore.length + 1, 'the promoted volunteer gets a notification');
  const note = notesAfter.find((n) => !notesBefore.some((o) => o.id === n.id));
  assert.ok(`${note.title}${note.body}`.includes(activity.title), JSON.stringify(note));
  assert.equal((await leaver.http.get(`/api/v1/activities/${activity.id}`)).body.my_signup?.status, 'cancelled');
});

test('with requires_approval a sign-up is pending; approval confirms, or waitlists when the quota is full', async () => {
  const a = await publishedActivity(admin, orgId, { quota: 1, requires_approval: true });
  const [v1, v2] = await Promise.all([volunteerSession(server), volunteerSession(server)]);
  const s1 = await signUp(v1, a.id, 'pending');
  const s2 = await signUp(v2, a.id, 'pending');
  assert.equal(s1.waitlist_position, null);
  let act = (await anon.get(`/api/v1/activities/${a.id}`)).body;
  assert.equal(act.pending_count, 2);
  assert.equal(act.confirmed_count, 0, 'a pending sign-up takes no place');
  assert.deepEqual((await signupsOf(a.id, 'pending')).map((s) => s.id).sort(), [s1.id, s2.id].sort());

  assertProblem(await v1.http.post(`/api/v1/activities/${a.id}/signups/${s1.id}/approve`, {}), 403);
  assertProblem(await otherAdmin.http.post(`/api/v1/activities/${a.id}/signups/${s1.id}/approve`, {}), 404, { code: 'not_found' });
  const ok1 = await admin.http.post(`/api/v1/activities/${a.id}/signups/${s1.id}/approve`, {});
  assert.equal(ok1.status, 200, ok1.text);
  assert.equal(ok1.body.status, 'confirmed');
  assert.ok(ok1.body.decided_at);
  const ok2 = await admin.http.post(`/api/v1/activities/${a.id}/signups/${s2.id}/approve`, {});
  assert.equal(ok2.status, 200, ok2.text);
  assert.equal(ok2.body.status, 'waitlisted', 'the only place is taken: approval waitlists');
  assert.equal(ok2.body.waitlist_position, 1);
  act = (await anon.get(`/api/v1/activities/${a.id}`)).body;
  assert.equal(act.confirmed_count, 1);
  assert.equal(act.waitlist_count, 1);
  assert.equal(act.pending_count, 0);
  assertProblem(await admin.http.post(`/api/v1/activities/${a.id}/signups/${s1.id}/approve`, {}), 409,
    { code: 'already_decided' });
  assert.ok((await notificationsOf(v1)).some((n) => `${n.title}${n.body}`.includes(a.title)), 'approval is notified');
});

test('rejecting a sign-up needs a reason, which the volunteer sees', async () => {
  const a = await publishedActivity(admin, orgId, { quota: 5, requires_approval: true });
  const v = await volunteerSession(server);
  const s = await signUp(v, a.id, 'pending');
  const reject = (body) => admin.http.post(`/api/v1/activities/${a.id}/signups/${s.id}/reject`, body);
  assertProblem(await reject({}), 422, { field: 'reason' });
  assertProblem(await reject({ reason: '  ' }), 422, { field: 'reason' });
  assert.equal((await signupsOf(a.id, 'pending')).length, 1, 'a refused rejection changes nothing');
  const r = await reject({ reason: '本次活动需要有护理经验的志愿者' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'rejected');
  assert.equal(r.body.reason, '本次活动需要有护理经验的志愿者');
  const mine = await v.http.get('/api/v1/me/signups');
  const item = mine.body.items.find((x) => x.id === s.id);
  assert.equal(item.status, 'rejected');
  assert.equal(item.reason, '本次活动需要有护理经验的志愿者');
  const notes = await notificationsOf(v);
  assert.ok(notes.some((n) => n.body.includes('护理经验')), `the reason is in the notification: ${JSON.stringify(notes)}`);
  assert.equal((await anon.get(`/api/v1/activities/${a.id}`)).body.confirmed_count, 0);
});

test('a volunteer younger than min_age is refused with too_young on activity, and nothing is written', async () => {
  const now = new Date(`${chinaDate(Date.now())}T00:00:00Z`);
  const birth = `${now.getUTCFullYear() - 16}${String(now.getUTCMonth() + 1).padStart(2, '0')}01`;
  const minor = await volunteerSession(server, {
    id_number: freshId({ birth }), guardian_name: '王监护', guardian_phone: freshPhone(), guardian_consent: true,
  });
  assert.equal(minor.volunteer.is_minor, true);
  const a = await publishedActivity(admin, orgId, { min_age: 18 });
  const r = await minor.http.post(`/api/v1/activities/${a.id}/signups`, {});
  const problem = assertProblem(r, 422, { field: 'activity', fieldCode: 'too_young' });
  assert.match(problem.errors[0].message, /18/);
  assert.equal((await signupsOf(a.id)).length, 0, 'a refused sign-up is not stored');
  assert.equal((await minor.http.get(`/api/v1/activities/${a.id}`)).body.my_signup, null);
  await signUp(volunteer, a.id); // an adult is accepted
  const teen = await publishedActivity(admin, orgId, { min_age: 16 });
  await signUp(minor, teen.id);
});

test('a masses volunteer is refused from a League-only activity with political_requirement; a League member is accepted', async () => {
  const [league, probationary] = await Promise.all([
    volunteerSession(server, { political_status: 'league_member' }),
    volunteerSession(server, { political_status: 'probationary_party_member' }),
  ]);
  const leagueOnly = await publishedActivity(admin, orgId, { political_requirement: 'league_member' });
  const r = await volunteer.http.post(`/api/v1/activities/${leagueOnly.id}/signups`, {});
  assertProblem(r, 422, { field: 'activity', fieldCode: 'political_requirement' });
  assertProblem(await probationary.http.post(`/api/v1/activities/${leagueOnly.id}/signups`, {}), 422,
    { field: 'activity', fieldCode: 'political_requirement' });
  await signUp(league, leagueOnly.id);
  assert.equal((await signupsOf(leagueOnly.id)).length, 1);

  const party = await publishedActivity(admin, orgId, { political_requirement: 'party_member' });
  assertProblem(await league.http.post(`/api/v1/activities/${party.id}/signups`, {}), 422,
    { field: 'activity', fieldCode: 'political_requirement' });
  await signUp(probationary, party.id); // probationary party members count as party members

  const either = await publishedActivity(admin, orgId, { political_requirement: 'party_or_league' });
  assertProblem(await volunteer.http.post(`/api/v1/activities/${either.id}/signups`, {}), 422,
    { field: 'activity', fieldCode: 'political_requirement' });
  await signUp(league, either.id);
  await signUp(probationary, either.id);
});

test('a volunteer without the required skills is refused with missing_skills naming them', async () => {
  const a = await publishedActivity(admin, orgId, { required_skills: ['心理咨询', '驾驶'] });
  const r = await volunteer.http.post(`/api/v1/activities/${a.id}/signups`, {});
  const problem = assertProblem(r, 422, { field: 'activity', fieldCode: 'missing_skills' });
  const message = problem.errors.find((e) => e.field === 'activity').message;
  assert.match(message, /心理咨询/);
  assert.match(message, /驾驶/);
  const partial = await volunteerSession(server, { skills: ['驾驶'] });
  const p = assertProblem(await partial.http.post(`/api/v1/activities/${a.id}/signups`, {}), 422,
    { field: 'activity', fieldCode: 'missing_skills' });
  assert.match(p.errors[0].message, /心理咨询/);
  assert.doesNotMatch(p.errors[0].message, /驾驶/, 'only the missing skill is named');
  assert.equal((await signupsOf(a.id)).length, 0);
  const skilled = await volunteerSession(server, { skills: ['驾驶', '心理咨询', '急救'] });
  await signUp(skilled, a.id);
});

test('signing up twice answers 409 already_signed_up and leaves one sign-up', async () => {
  const a = await publishedActivity(admin, orgId, { quota: 3 });
  await signUp(volunteer, a.id);
  assertProblem(await volunteer.http.post(`/api/v1/activities/${a.id}/signups`, {}), 409, { code: 'already_signed_up' });
  assert.equal((await signupsOf(a.id)).length, 1);
  assert.equal((await anon.get(`/api/v1/activities/${a.id}`)).body.confirmed_count, 1);
  const pendingActivity = await publishedActivity(admin, orgId, { requires_approval: true });
  await signUp(volunteer, pendingActivity.id, 'pending');
  assertProblem(await volunteer.http.post(`/api/v1/activities/${pendingActivity.id}/signups`, {}), 409,
    { code: 'already_signed_up' });
});

test('a cancelled activity refuses sign-ups with activity_not_open; a draft is not found', async () => {
  const a = await publishedActivity(admin, orgId);
  const c = await admin.http.post(`/api/v1/activities/${a.id}/cancel`, { reason: '场地临时不可用' });
  assert.equal(c.status, 200, c.text);
  assertProblem(await volunteer.http.post(`/api/v1/activities/${a.id}/signups`, {}), 422,
    { field: 'activity', fieldCode: 'activity_not_open' });
  const draft = await createActivity(admin, orgId);
  assertProblem(await volunteer.http.post(`/api/v1/activities/${draft.id}/signups`, {}), 404);
  assertProblem(await volunteer.http.post('/api/v1/activities/99999999/signups', {}), 404);
});

test('only volunteers sign up: an administrator without a volunteer record is refused (403), anonymous 401', async () => {
  const a = await publishedActivity(admin, orgId);
  assertProblem(await county.http.post(`/api/v1/activities/${a.id}/signups`, {}), 403);
  assertProblem(await anon.post(`/api/v1/activities/${a.id}/signups`, {}), 401);
});

test('the sign-up list is for the organisation’s admins only, and filters by status', async () => {
  const a = await publishedActivity(admin, orgId, { quota: 1 });
  const v = await volunteerSession(server);
  await signUp(volunteer, a.id);
  const w = await signUp(v, a.id, 'waitlisted');
  assert.equal(w.waitlist_position, 1);
  assertProblem(await volunteer.http.get(`/api/v1/activities/${a.id}/signups`), 403);
  assertProblem(await otherAdmin.http.get(`/api/v1/activities/${a.id}/signups`), 404, { code: 'not_found' });
  assertProblem(await anon.get(`/api/v1/activities/${a.id}/signups`), 401);
  const all = await signupsOf(a.id);
  assert.equal(all.length, 2);
  for (const s of all) {
    assert.equal(s.activity_id, a.id);
    assert.equal(s.activity_title, a.title);
    assert.match(s.volunteer_number, /^ZY\d{12}$/);
    assert.match(s.phone, /^\d{3}\*{4}\d{4}$/, 'the phone is masked');
  }
  assert.deepEqual((await signupsOf(a.id, 'waitlisted')).map((s) => s.id), [w.id]);
  assertProblem(await admin.http.get(`/api/v1/activities/${a.id}/signups?status=maybe`), 422, { field: 'status' });
});

test('cancelling my sign-up answers 200 cancelled and frees the place; without a sign-up it is 404', async () => {
  const a = await publishedActivity(admin, orgId, { quota: 1 });
  assertProblem(await volunteer.http.del(`/api/v1/activities/${a.id}/signups/mine`), 404);
  await signUp(volunteer, a.id);
  const r = await volunteer.http.del(`/api/v1/activities/${a.id}/signups/mine`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'cancelled');
  assert.equal((await anon.get(`/api/v1/activities/${a.id}`)).body.confirmed_count, 0);
  assertProblem(await volunteer.http.del(`/api/v1/activities/${a.id}/signups/mine`), 404);
  const v = await volunteerSession(server);
  await signUp(v, a.id, 'confirmed');
});

test('GET /me/signups lists my sign-ups with their activity', async () => {
  const a = await publishedActivity(admin, orgId);
  const v = await volunteerSession(server);
  const s = await signUp(v, a.id);
  const r = await v.http.get('/api/v1/me/signups');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items.length, 1);
  const item = r.body.items[0];
  assert.equal(item.id, s.id);
  assert.equal(item.status, 'confirmed');
  assert.equal(item.volunteer_id, v.volunteer.id);
  assert.equal(item.activity.id, a.id);
  assert.equal(item.activity.title, a.title);
  assert.equal(item.activity.organization_name, '梅江区志愿者协会');
});

test('after the sign-up deadline a sign-up is refused with signup_closed', async () => {
  const { activity, early } = deadline;
  const wait = Date.parse(activity.signup_deadline) + 1200 - Date.now();
  if (wait > 0) await sleep(wait);
  const r = await volunteer.http.post(`/api/v1/activities/${activity.id}/signups`, {});
  assertProblem(r, 422, { field: 'activity', fieldCode: 'signup_closed' });
  const list = await signupsOf(activity.id);
  assert.deepEqual(list.map((s) => s.volunteer_id), [early.volunteer.id], 'only the sign-up before the deadline exists');
});

test('the same volunteer signing up five times at once gets one sign-up and four 409 already_signed_up', async () => {
  const a = await publishedActivity(admin, orgId, { quota: 5 });
  const v = await volunteerSession(server);
  const answers = await Promise.all([1, 2, 3, 4, 5].map(() => v.http.post(`/api/v1/activities/${a.id}/signups`, {})));
  assert.equal(answers.filter((r) => r.status === 201).length, 1, answers.map((r) => r.text).join(' '));
  for (const r of answers.filter((x) => x.status !== 201)) assertProblem(r, 409, { code: 'already_signed_up' });
  assert.equal((await signupsOf(a.id)).length, 1);
  assert.equal((await anon.get(`/api/v1/activities/${a.id}`)).body.confirmed_count, 1);
});

test('raising the quota of a published activity takes volunteers off the waiting list in order', async () => {
  const a = await publishedActivity(admin, orgId, { quota: 1 });
  const [v1, v2, v3] = await Promise.all([volunteerSession(server), volunteerSession(server), volunteerSession(server)]);
  await signUp(v1, a.id);
  const w2 = await signUp(v2, a.id, 'waitlisted');
  const w3 = await signUp(v3, a.id, 'waitlisted');
  assert.deepEqual([w2.waitlist_position, w3.waitlist_position], [1, 2]);
  const r = await admin.http.patch(`/api/v1/activities/${a.id}`, { quota: 2 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.confirmed_count, 2);
  assert.equal(r.body.waitlist_count, 1);
  const confirmed = (await signupsOf(a.id, 'confirmed')).map((s) => s.id);
  assert.ok(confirmed.includes(w2.id), 'the first in the queue is confirmed');
  const queue = await signupsOf(a.id, 'waitlisted');
  assert.deepEqual(queue.map((s) => [s.id, s.waitlist_position]), [[w3.id, 1]]);
});

test('after an activity is cancelled a withdrawal promotes nobody from the waiting list', async () => {
  const a = await publishedActivity(admin, orgId, { quota: 1 });
  const [v1, v2] = await Promise.all([volunteerSession(server), volunteerSession(server)]);
  await signUp(v1, a.id);
  const w = await signUp(v2, a.id, 'waitlisted');
  const c = await admin.http.post(`/api/v1/activities/${a.id}/cancel`, { reason: '暴雨预警' });
  assert.equal(c.status, 200, c.text);
  const before = await notificationsOf(v2);
  const r = await v1.http.del(`/api/v1/activities/${a.id}/signups/mine`);
  assert.ok([200, 409, 422].includes(r.status), r.text);
  const still = (await signupsOf(a.id)).find((s) => s.id === w.id);
  assert.notEqual(still.status, 'confirmed', `a cancelled activity confirms nobody: ${JSON.stringify(still)}`);
  const fresh = (await notificationsOf(v2)).filter((n) => !before.some((o) => o.id === n.id));
  assert.deepEqual(fresh, [], 'no “候补成功” notice for a cancelled activity');
});

test('a pending sign-up of a cancelled activity cannot be approved', async () => {
  const a = await publishedActivity(admin, orgId, { requires_approval: true });
  const v = await volunteerSession(server);
  const s = await signUp(v, a.id, 'pending');
  const c = await admin.http.post(`/api/v1/activities/${a.id}/cancel`, { reason: '主办方调整' });
  assert.equal(c.status, 200, c.text);
  const r = await admin.http.post(`/api/v1/activities/${a.id}/signups/${s.id}/approve`, {});
  assert.ok(r.status === 409 || r.status === 422,
    `approval of a cancelled activity's sign-up is refused: ${r.status} ${r.text}`);
  assert.notEqual((await signupsOf(a.id)).find((x) => x.id === s.id).status, 'confirmed');
  assert.equal((await anon.get(`/api/v1/activities/${a.id}`)).body.confirmed_count, 0);
});
