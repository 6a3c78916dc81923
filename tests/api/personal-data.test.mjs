// PIPL rights of the volunteer: a copy of their own data (art. 45) and closing the account (art. 47), which
// anonymises the person while every total the city counts stays as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, demoSession, DEMO, adminSession, login, signUp, publishedActivity,
  recordSession, confirmHours, approvedOrganization, sqlExec, volunteerBody, minutesFromNow, PASSWORD,
} from './helpers.mjs';

let server;
let anon;
let admin; // demo org admin of 梅江区志愿者协会 (441402)
let county;
let city;
let auditor;
let orgId;
let now; // an activity starting in 10 minutes: its sessions are recorded by the organiser
let later; // an activity tomorrow: sign-ups that are still ahead

before(async () => {
  server = await startServer({ demo: true });
  anon = api(server.baseUrl);
  [admin, county, city] = await Promise.all([
    demoSession(server, DEMO.orgAdmin), demoSession(server, DEMO.countyAdmin441402), demoSession(server, DEMO.cityAdmin),
  ]);
  auditor = await adminSession(server, 'auditor');
  orgId = admin.organizationId;
  now = await publishedActivity(admin, orgId, { starts_at: minutesFromNow(10), ends_at: minutesFromNow(130) });
  later = await publishedActivity(admin, orgId, { quota: 1 });
});
after(async () => { await server?.stop(); });

// A volunteer with 20 confirmed minutes and a proof: {v, entry, proof}.
async function volunteerWithRecord(overrides = {}) {
  const v = await volunteerSession(server, overrides);
  await signUp(v, now.id);
  const session = await recordSession(admin, now.id, v, 20, 0);
  const c = await confirmHours(admin, now.id, [session.id]);
  assert.deepEqual(c.confirmed, [session.ledger_entry_id]);
  const proof = await v.http.post('/api/v1/me/proofs', {});
  assert.equal(proof.status, 201, proof.text);
  return { v, entry: session.ledger_entry_id, proof: proof.body };
}

async function auditActions(action) {
  const r = await auditor.http.get(`/api/v1/audit-events?action=${action}&page_size=100`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

const year = () => Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4));

async function countyFigures() {
  const r = await city.http.get(`/api/v1/targets?year=${year()}`);
  assert.equal(r.status, 200, r.text);
  return r.body.counties.find((c) => c.county_code === '441402');
}

test('a volunteer downloads their own data in full: profile, ID number and phones, records, proofs; the download is audited', async () => {
  const { v, entry, proof } = await volunteerWithRecord({
    emergency_contact_name: '李四', emergency_contact_phone: '13612345678',
  });
  const r = await fetch(`${server.baseUrl}/api/v1/me/personal-data`, { headers: { authorization: `Bearer ${v.token}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.match(r.headers.get('content-disposition'), /^attachment;/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const d = await r.json();
  assert.equal(d.account.phone, v.phone, 'the full phone: the copy is for its owner');
  assert.equal(d.volunteer.id_number, v.body.id_number);
  assert.equal(d.volunteer.emergency_contact_phone, '13612345678');
  assert.equal(d.volunteer.volunteer_number, v.volunteer.volunteer_number);
  assert.ok(d.signups.some((s) => s.activity_id === now.id), JSON.stringify(d.signups));
  assert.ok(d.ledger_entries.some((e) => e.id === entry && e.minutes === 20), JSON.stringify(d.ledger_entries));
  assert.ok(d.proofs.some((p) => p.number === proof.number && p.status === 'genuine'), JSON.stringify(d.proofs));
  for (const key of ['memberships', 'appeals', 'credential_applications', 'redemptions', 'notifications']) {
    assert.ok(Array.isArray(d[key]), key);
  }
  const logged = (await auditActions('privacy.export')).find((e) => e.object_id === String(v.volunteer.id));
  assert.ok(logged, 'the export is in the audit log');
  assert.doesNotMatch(JSON.stringify(logged), new RegExp(v.body.id_number), 'without the values it exported');
});

test('only volunteers have a data copy here; anonymous callers are 401', async () => {
  assertProblem(await anon.get('/api/v1/me/personal-data'), 401);
  assertProblem(await city.http.get('/api/v1/me/personal-data'), 403, { code: 'forbidden' });
  assertProblem(await anon.post('/api/v1/me/account-closure', { password: PASSWORD }), 401);
});

test('closing an account needs the password, and nothing changes when it is wrong', async () => {
  const v = await volunteerSession(server);
  assertProblem(await v.http.post('/api/v1/me/account-closure', { password: 'Wrong#2026x' }), 422,
    { field: 'password', fieldCode: 'wrong_password' });
  assertProblem(await v.http.post('/api/v1/me/account-closure', {}), 422, { field: 'password' });
  assert.equal((await v.http.get('/api/v1/me')).status, 200, 'still signed in');
  assert.ok(await login(anon, v.phone, v.password));
});

test('closing the account anonymises the person, ends every session and log-in, and keeps every total the city counts', async () => {
  const { v, entry, proof } = await volunteerWithRecord();
  const upcoming = await signUp(v, later.id);
  const waiting = await volunteerSession(server);
  assert.equal((await waiting.http.post(`/api/v1/activities/${later.id}/signups`, {})).body.status, 'waitlisted');
  const before = await countyFigures();
  const orgHoursBefore = (await admin.http.get(`/api/v1/organizations/${orgId}/hours`)).body.items
    .find((m) => m.volunteer_number === v.volunteer.volunteer_number);
  assert.equal(orgHoursBefore.confirmed_minutes, 20);

  const r = await v.http.post('/api/v1/me/account-closure', { password: v.password });
  assert.equal(r.status, 204, r.text);

  // Signed out everywhere, and the phone and password no longer log in.
  assertProblem(await v.http.get('/api/v1/me'), 401);
  assertProblem(await anon.post('/api/v1/sessions', { phone: v.phone, password: v.password }), 401,
    { code: 'invalid_credentials' });
  // What identified the person is gone from the database, not only from the answers.
  const row = sqlExec(server, `SELECT name, id_number_enc, id_number_masked, emergency_contact_name FROM registry_volunteers WHERE id = ${v.volunteer.id}`).trim();
  assert.equal(row, '已注销志愿者|||');
  const account = sqlExec(server, `SELECT a.name, a.phone_masked, a.password_hash, (SELECT count(*) FROM identity_sessions s WHERE s.account_id = a.id) FROM identity_accounts a JOIN registry_volunteers v ON v.account_id = a.id WHERE v.id = ${v.volunteer.id}`).trim();
  assert.equal(account, '已注销用户||!|0');
  // The upcoming sign-up is withdrawn and its place goes to the waiting list; the proof no longer verifies as genuine.
  const signups = (await admin.http.get(`/api/v1/activities/${later.id}/signups`)).body.items;
  assert.equal(signups.find((s) => s.id === upcoming.id).status, 'cancelled');
  assert.equal(signups.find((s) => s.volunteer_number === waiting.volunteer.volunteer_number).status, 'confirmed');
  const verified = await anon.get(`/api/v1/proofs/${proof.number}`);
  assert.equal(verified.body.status, 'revoked', verified.text);
  // The hours stay on record under the volunteer number, so the organisation's and the county's figures hold.
  const entries = (await admin.http.get(`/api/v1/activities/${now.id}/ledger-entries`)).body.items;
  assert.equal(entries.find((e) => e.id === entry).minutes, 20);
  const orgHoursAfter = (await admin.http.get(`/api/v1/organizations/${orgId}/hours`)).body.items
    .find((m) => m.volunteer_number === v.volunteer.volunteer_number);
  assert.equal(orgHoursAfter?.confirmed_minutes ?? 0, 20);
  const after = await countyFigures();
  for (const key of ['registered', 'avg_annual_minutes', 'members_20h_rate', 'league_registered', 'organizations']) {
    assert.equal(after[key], before[key], `${key} unchanged by a closure`);
  }
  // The phone and the ID number are free again: their owner may register anew.
  const again = await anon.post('/api/v1/volunteers', volunteerBody({ id_number: v.body.id_number, phone: v.phone }));
  assert.equal(again.status, 201, again.text);
  const logged = (await auditActions('privacy.close_account')).find((e) => e.object_id === String(v.volunteer.id));
  assert.ok(logged, 'the closure is in the audit log');
  assert.equal((await county.http.get(`/api/v1/volunteers/${v.volunteer.id}`)).body.name, '已注销志愿者');
});

test("an organisation's only administrator hands it over before closing the account (409)", async () => {
  const founder = await volunteerSession(server);
  await approvedOrganization(founder, county);
  const relogged = api(server.baseUrl, await login(anon, founder.phone, founder.password)); // now with org_admin
  assertProblem(await relogged.post('/api/v1/me/account-closure', { password: founder.password }), 409,
    { code: 'sole_org_admin' });
  assert.equal((await relogged.get('/api/v1/me')).status, 200, 'nothing closed');
});
