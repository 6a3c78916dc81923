// The hours record 志愿服务记录: the organiser's confirmations, append-only corrections (a reversal plus a
// replacement), daily tiers (> 8 h a day needs the county, > 12 h the city) and the volunteer's totals, which
// always equal the sum of the confirmed entries. Sessions of many hours cannot be produced in real time, so the
// tiers are exercised through corrections, which follow the same daily-tier rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, demoSession, DEMO, publishedActivity, signUp, notificationsOf, chinaTime,
  recordSession, confirmHours, hoursOf,
} from './helpers.mjs';

let server;
let anon;
let admin; // admin of 梅江区志愿者协会 (demo), the recording organisation
let orgId;
let otherAdmin; // admin of the demo League organisation (same county)
let county; // county admin of 441402
let otherCounty; // county admin of 441403
let city; // city admin
let activity; // starts in about 10 minutes, lasts 14 hours (840 minutes)

const DURATION = 14 * 60;

before(async () => {
  server = await startServer({ demo: true });
  anon = api(server.baseUrl);
  [admin, otherAdmin, county, otherCounty, city] = await Promise.all([
    demoSession(server, DEMO.orgAdmin),
    demoSession(server, DEMO.leagueOrgAdmin),
    demoSession(server, DEMO.countyAdmin441402),
    demoSession(server, DEMO.countyAdmin441403),
    demoSession(server, DEMO.cityAdmin),
  ]);
  orgId = admin.organizationId;
  const start = Date.now() + 10 * 60e3;
  activity = await publishedActivity(admin, orgId, {
    quota: 50, starts_at: chinaTime(start), ends_at: chinaTime(start + DURATION * 60e3),
  });
  assert.equal(activity.duration_minutes, DURATION);
});
after(async () => { await server?.stop(); });

const record = (v, body) => admin.http.post(`/api/v1/activities/${activity.id}/attendance`, {
  volunteer_number: v.volunteer.volunteer_number, ...body,
});

// The organiser records a session from `fromAgo` to `toAgo` minutes ago (check-in opened about 20 minutes ago);
// answers the closed session, whose ledger entry is pending.
async function serve(v, fromAgo = 15, toAgo = 0) {
  const session = await recordSession(admin, activity.id, v, fromAgo, toAgo);
  assert.equal(session.entry_status, 'pending');
  return session;
}

const confirm = (attendanceIds) => confirmHours(admin, activity.id, attendanceIds);

// A volunteer signed up for the activity with one confirmed entry of `minutes` minutes: {v, entry}.
async function volunteerWithConfirmedEntry(minutes = 15) {
  const v = await volunteerSession(server);
  await signUp(v, activity.id);
  const session = await serve(v, minutes);
  const c = await confirm([session.id]);
  assert.deepEqual(c.confirmed, [session.ledger_entry_id], JSON.stringify(c));
  const h = await hoursOf(v);
  const entry = h.entries.find((e) => e.id === session.ledger_entry_id);
  assert.equal(entry.status, 'confirmed');
  assert.equal(h.confirmed_minutes, minutes);
  return { v, entry };
}

const correct = (who, entryId, body) => who.http.post(`/api/v1/ledger/entries/${entryId}/corrections`, {
  reason_code: 'wrong_time', reason: '签到时间登记有误', ...body,
});

async function reviewIds(who) {
  const r = await who.http.get('/api/v1/ledger/reviews');
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((e) => e.id);
}

test('the organiser’s confirmation confirms pending entries: confirmed_minutes is their sum and pending_minutes 0', async () => {
  const v = await volunteerSession(server);
  await signUp(v, activity.id);
  const s1 = await serve(v, 18, 12);
  const s2 = await serve(v, 10, 0);
  const pending = await hoursOf(v);
  assert.equal(pending.confirmed_minutes, 0);
  assert.equal(pending.pending_minutes, 16);
  assert.deepEqual(pending.entries.map((e) => e.status), ['pending', 'pending']);
  const e1 = pending.entries.find((e) => e.id === s1.ledger_entry_id);
  assert.equal(e1.attendance_id, s1.id);
  assert.equal(e1.kind, 'attendance');
  assert.equal(e1.minutes, 6);
  assert.equal(e1.activity_id, activity.id);
  assert.equal(e1.organization_id, orgId);
  assert.equal(e1.volunteer_number, v.volunteer.volunteer_number);
  assert.equal(e1.confirmed_at, null);

  const c = await confirm();
  assert.ok(c.confirmed.includes(s1.ledger_entry_id) && c.confirmed.includes(s2.ledger_entry_id), JSON.stringify(c));
  assert.deepEqual(c.escalated, []);
  const h = await hoursOf(v);
  assert.equal(h.confirmed_minutes, 16);
  assert.equal(h.pending_minutes, 0);
  assert.deepEqual(h.entries.map((e) => e.status), ['confirmed', 'confirmed']);
  assert.ok(h.entries.every((e) => e.confirmed_at));
  assert.deepEqual(h.by_year, [{ year: Number(e1.service_date.slice(0, 4)), minutes: 16 }]);
  const list = (await admin.http.get(`/api/v1/activities/${activity.id}/attendance`)).body.items;
  assert.equal(list.find((s) => s.id === s1.id).entry_status, 'confirmed');
  const again = await confirm();
  assert.ok(!again.confirmed.includes(s1.ledger_entry_id), 'an entry is confirmed once');
  assert.equal((await hoursOf(v)).confirmed_minutes, 16);
});

test('confirming chosen attendance ids confirms those and skips open sessions and unknown ids with a reason', async () => {
  const v = await volunteerSession(server);
  await signUp(v, activity.id);
  const closed = await serve(v, 8, 4);
  const open = await record(v, { action: 'check_in' });
  assert.equal(open.status, 201, open.text);
  const c = await confirm([closed.id, open.body.id, 99999999]);
  assert.deepEqual(c.confirmed, [closed.ledger_entry_id]);
  const skipped = new Map(c.skipped.map((k) => [k.attendance_id, k.reason]));
  assert.ok(skipped.has(open.body.id), `the open session is skipped: ${JSON.stringify(c)}`);
  assert.ok(skipped.has(99999999), JSON.stringify(c));
  for (const reason of skipped.values()) assert.match(reason, /[\u4e00-\u9fff]/);
  assert.equal((await hoursOf(v)).confirmed_minutes, 4);
  assertProblem(await admin.http.post(`/api/v1/activities/${activity.id}/confirmations`, { attendance_ids: [] }), 422,
    { field: 'attendance_ids' });
  assert.equal((await record(v, { action: 'check_out' })).status, 201);
});

test('a volunteer, a county or city admin (403) or another organisation (404) cannot confirm, and the entries stay pending', async () => {
  const v = await volunteerSession(server);
  await signUp(v, activity.id);
  const s = await serve(v, 5);
  for (const who of [v, county, city]) {
    assertProblem(await who.http.post(`/api/v1/activities/${activity.id}/confirmations`, {}), 403);
  }
  // 谁组织谁记录: another organisation's activity is outside its admins' scope, 404 as if it did not exist.
  assertProblem(await otherAdmin.http.post(`/api/v1/activities/${activity.id}/confirmations`, {}), 404,
    { code: 'not_found' });
  assertProblem(await anon.post(`/api/v1/activities/${activity.id}/confirmations`, {}), 401);
  assertProblem(await otherAdmin.http.post('/api/v1/activities/99999999/confirmations', {}), 404);
  const h = await hoursOf(v);
  assert.equal(h.entries.find((e) => e.id === s.ledger_entry_id).status, 'pending');
  assert.equal(h.confirmed_minutes, 0);
  assert.equal(h.pending_minutes, 5);
});

test('a correction is append-only: a reversal of the original plus a replacement; the original stays, marked reversed', async () => {
  const { v, entry } = await volunteerWithConfirmedEntry(15);
  assert.equal(entry.reversed, false);
  const r = await correct(admin, entry.id, { minutes: 10, reason_code: 'wrong_time', reason: '签到时间登记有误' });
  assert.equal(r.status, 201, r.text);
  const { reversal, replacement } = r.body;
  assert.equal(reversal.kind, 'reversal');
  assert.equal(reversal.minutes, -15, 'a reversal carries the negative of the whole entry');
  assert.equal(reversal.reverses_entry_id, entry.id);
  assert.equal(reversal.status, 'confirmed');
  assert.equal(reversal.reason_code, 'wrong_time');
  assert.equal(reversal.reason, '签到时间登记有误');
  assert.equal(reversal.volunteer_id, v.volunteer.id);
  assert.equal(reversal.activity_id, activity.id);
  assert.equal(reversal.service_date, entry.service_date);
  assert.equal(replacement.kind, 'correction');
  assert.equal(replacement.minutes, 10);
  assert.equal(replacement.status, 'confirmed', '10 minutes a day takes effect at once');
  assert.equal(replacement.reverses_entry_id, null);
  assert.equal(replacement.service_date, entry.service_date);

  const h = await hoursOf(v);
  assert.equal(h.confirmed_minutes, 10);
  assert.equal(h.entries.length, 3, 'the volunteer sees the original, the reversal and the replacement');
  const original = h.entries.find((e) => e.id === entry.id);
  assert.deepEqual({ ...original, reversed: undefined }, { ...entry, reversed: undefined }, 'the original is unchanged');
  assert.equal(original.reversed, true);
  assert.ok(h.entries.some((e) => e.id === reversal.id) && h.entries.some((e) => e.id === replacement.id));
  const notes = await notificationsOf(v);
  assert.ok(notes.some((n) => n.body.includes('签到时间登记有误')),
    `the volunteer is told why: ${JSON.stringify(notes)}`);

  assertProblem(await correct(admin, entry.id, { minutes: 12 }), 409, { code: 'already_reversed' });
  const r2 = await correct(admin, reversal.id, { minutes: 5 });
  assert.equal(r2.status, 409, `a reversal itself cannot be corrected: ${r2.text}`);
  assert.equal((await hoursOf(v)).entries.length, 3, 'the refused corrections wrote nothing');

  // Correcting the replacement to 0 reverses it and adds nothing.
  const zero = await correct(admin, replacement.id, { minutes: 0, reason_code: 'not_present', reason: '经核实未到场' });
  assert.equal(zero.status, 201, zero.text);
  assert.equal(zero.body.reversal.minutes, -10);
  assert.equal(zero.body.replacement, null);
  const after = await hoursOf(v);
  assert.equal(after.confirmed_minutes, 0);
  assert.equal(after.entries.length, 4);
});

test('a correction above the activity’s duration, negative, or without reason code or reason is refused (422), writing nothing', async () => {
  const { v, entry } = await volunteerWithConfirmedEntry(15);
  const before = await hoursOf(v);
  assertProblem(await correct(admin, entry.id, { minutes: DURATION + 1 }), 422, { field: 'minutes' });
  assertProblem(await correct(admin, entry.id, { minutes: -5 }), 422, { field: 'minutes' });
  assertProblem(await correct(admin, entry.id, { minutes: undefined }), 422, { field: 'minutes' });
  assertProblem(await correct(admin, entry.id, { minutes: 10, reason_code: 'bribe' }), 422, { field: 'reason_code' });
  assertProblem(await correct(admin, entry.id, { minutes: 10, reason: '' }), 422, { field: 'reason' });
  const after = await hoursOf(v);
  assert.deepEqual(after, before, 'nothing was written');
  assert.equal(after.entries.find((e) => e.id === entry.id).reversed, false);
});

test('only the recording organisation’s admins can correct: another organisation gets 404; county and city admins and the volunteer, holding no organisation admin role, 403', async () => {
  const { v, entry } = await volunteerWithConfirmedEntry(15);
  const before = await hoursOf(v);
  assertProblem(await correct(otherAdmin, entry.id, { minutes: 5 }), 404, { code: 'not_found' });
  for (const who of [county, city, v]) {
    assertProblem(await correct(who, entry.id, { minutes: 5 }), 403, { code: 'forbidden' });
  }
  assertProblem(await correct(admin, 99999999, { minutes: 5 }), 404);
  assertProblem(await anon.post(`/api/v1/ledger/entries/${entry.id}/corrections`, { minutes: 5 }), 401);
  assert.deepEqual(await hoursOf(v), before);
});

test('a correction to 540 minutes (over 8 h a day) awaits the county admin, who lists and approves it; the totals then grow', async () => {
  const { v, entry } = await volunteerWithConfirmedEntry(15);
  const r = await correct(admin, entry.id, { minutes: 540, reason: '活动实际持续9小时' });
  assert.equal(r.status, 201, r.text);
  const { replacement } = r.body;
  assert.equal(replacement.minutes, 540);
  assert.equal(replacement.status, 'awaiting_county', `8–12 h a day needs the county: ${r.text}`);
  let h = await hoursOf(v);
  assert.equal(h.confirmed_minutes, 0, 'the escalated replacement does not count yet');
  assert.equal(h.pending_minutes, 540);

  assert.ok((await reviewIds(county)).includes(replacement.id), 'the county admin of 441402 sees it');
  assert.ok((await reviewIds(city)).includes(replacement.id), 'the city admin sees county-level entries too');
  assert.ok(!(await reviewIds(otherCounty)).includes(replacement.id), 'another county does not');
  assertProblem(await v.http.get('/api/v1/ledger/reviews'), 403);
  assertProblem(await otherCounty.http.post(`/api/v1/ledger/entries/${replacement.id}/approve`, {}), 404);
  assertProblem(await admin.http.post(`/api/v1/ledger/entries/${replacement.id}/approve`, {}), 404,
    { code: 'not_found' });
  assertProblem(await v.http.post(`/api/v1/ledger/entries/${replacement.id}/approve`, {}), 403); // not a reviewer's role

  const ok = await county.http.post(`/api/v1/ledger/entries/${replacement.id}/approve`, {});
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'confirmed');
  assert.ok(ok.body.confirmed_at);
  assert.equal(ok.body.minutes, 540);
  h = await hoursOf(v);
  assert.equal(h.confirmed_minutes, 540);
  assert.equal(h.pending_minutes, 0);
  assert.ok(!(await reviewIds(county)).includes(replacement.id), 'no longer awaiting review');
  assertProblem(await county.http.post(`/api/v1/ledger/entries/${replacement.id}/approve`, {}), 404);
});

test('a correction to 780 minutes (over 12 h a day) awaits the city: the county admin cannot approve it (404), the city admin can', async () => {
  const { v, entry } = await volunteerWithConfirmedEntry(15);
  const r = await correct(admin, entry.id, { minutes: 780, reason: '活动实际持续13小时' });
  assert.equal(r.status, 201, r.text);
  const { replacement } = r.body;
  assert.equal(replacement.status, 'awaiting_city', `over 12 h a day needs the city: ${r.text}`);
  let h = await hoursOf(v);
  assert.equal(h.confirmed_minutes, 0);
  assert.equal(h.pending_minutes, 780);
  assert.ok(!(await reviewIds(county)).includes(replacement.id), 'not for the county');
  assertProblem(await county.http.post(`/api/v1/ledger/entries/${replacement.id}/approve`, {}), 404);
  assert.ok((await reviewIds(city)).includes(replacement.id));
  const ok = await city.http.post(`/api/v1/ledger/entries/${replacement.id}/approve`, {});
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'confirmed');
  h = await hoursOf(v);
  assert.equal(h.confirmed_minutes, 780);
  assert.equal(h.pending_minutes, 0);
});

test('an escalated entry can be rejected only with a reason; a rejected entry never counts', async () => {
  const { v, entry } = await volunteerWithConfirmedEntry(15);
  const r = await correct(admin, entry.id, { minutes: 600 });
  assert.equal(r.status, 201, r.text);
  const { replacement } = r.body;
  assert.equal(replacement.status, 'awaiting_county');
  assertProblem(await county.http.post(`/api/v1/ledger/entries/${replacement.id}/reject`, {}), 422, { field: 'reason' });
  assert.equal((await hoursOf(v)).entries.find((e) => e.id === replacement.id).status, 'awaiting_county');
  const no = await county.http.post(`/api/v1/ledger/entries/${replacement.id}/reject`, { reason: '与签到记录不符' });
  assert.equal(no.status, 200, no.text);
  assert.equal(no.body.status, 'rejected');
  const h = await hoursOf(v);
  assert.equal(h.confirmed_minutes, 0);
  assert.equal(h.pending_minutes, 0);
  assert.ok((await notificationsOf(v)).some((n) => n.body.includes('与签到记录不符')));
  assertProblem(await county.http.post(`/api/v1/ledger/entries/${replacement.id}/approve`, {}), 404);
});

test('the hours page is for volunteers: an administrator without a volunteer record is refused', async () => {
  const r = await county.http.get('/api/v1/me/hours');
  assert.ok([403, 404].includes(r.status), r.text);
  assertProblem(await anon.get('/api/v1/me/hours'), 401);
});

test('every closed session of the activity has its own ledger entry, and no open session has one', async () => {
  const v = await volunteerSession(server);
  await signUp(v, activity.id);
  await serve(v, 3, 1);
  assert.equal((await record(v, { action: 'check_in' })).status, 201);
  const sessions = (await admin.http.get(`/api/v1/activities/${activity.id}/attendance`)).body.items;
  assert.ok(sessions.some((s) => !s.check_out_at), 'an open session is listed');
  for (const s of sessions) {
    if (s.check_out_at) assert.equal(typeof s.ledger_entry_id, 'number', JSON.stringify(s));
    else assert.equal(s.ledger_entry_id, null);
  }
  assert.equal(new Set(sessions.filter((s) => s.ledger_entry_id).map((s) => s.ledger_entry_id)).size,
    sessions.filter((s) => s.ledger_entry_id).length, 'no entry is shared');
});

test('concurrent confirmations of one activity confirm each entry once, and the totals still equal the confirmed entries', async () => {
  const start = Date.now() + 10 * 60e3;
  const race = await publishedActivity(admin, orgId, { starts_at: chinaTime(start), ends_at: chinaTime(start + 120 * 60e3) });
  const vols = await Promise.all([1, 2, 3].map(() => volunteerSession(server)));
  const entries = [];
  for (const v of vols) {
    await signUp(v, race.id);
    entries.push((await recordSession(admin, race.id, v, 15, 0)).ledger_entry_id);
  }
  const answers = await Promise.all(Array.from({ length: 16 },
    () => admin.http.post(`/api/v1/activities/${race.id}/confirmations`, {})));
  for (const r of answers) assert.equal(r.status, 200, r.text);
  const confirmed = answers.flatMap((r) => r.body.confirmed);
  assert.deepEqual(confirmed.slice().sort((x, y) => x - y), entries.slice().sort((x, y) => x - y),
    `each entry is confirmed by exactly one of the concurrent confirmations: ${answers.map((r) => r.text).join(' ')}`);
  for (const v of vols) {
    const h = await hoursOf(v); // totals = sum of confirmed entries
    assert.equal(h.confirmed_minutes, 15);
  }
});

test('concurrent approvals of one escalated entry count it once', async () => {
  const { v, entry } = await volunteerWithConfirmedEntry(15);
  const r = await correct(admin, entry.id, { minutes: 540 });
  assert.equal(r.status, 201, r.text);
  const id = r.body.replacement.id;
  assert.equal(r.body.replacement.status, 'awaiting_county');
  const answers = await Promise.all([county, city, county, city, county, city]
    .map((who) => who.http.post(`/api/v1/ledger/entries/${id}/approve`, {})));
  assert.equal(answers.filter((a) => a.status === 200).length, 1,
    `exactly one approval succeeds: ${answers.map((a) => a.status).join(' ')}`);
  for (const a of answers.filter((x) => x.status !== 200)) assert.equal(a.status, 404, a.text);
  const h = await hoursOf(v);
  assert.equal(h.confirmed_minutes, 540);
});

test('concurrent corrections of one entry: one succeeds, the others answer 409 already_reversed', async () => {
  const { v, entry } = await volunteerWithConfirmedEntry(15);
  const answers = await Promise.all([5, 6, 7, 8].map((minutes) => correct(admin, entry.id, { minutes })));
  const ok = answers.filter((a) => a.status === 201);
  assert.equal(ok.length, 1, answers.map((a) => a.text).join(' '));
  for (const a of answers.filter((x) => x.status !== 201)) assertProblem(a, 409, { code: 'already_reversed' });
  const h = await hoursOf(v);
  assert.equal(h.entries.length, 3, 'one reversal and one replacement');
  assert.equal(h.confirmed_minutes, ok[0].body.replacement.minutes);
});
