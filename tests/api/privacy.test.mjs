// SPEC §4: ID numbers and phones are encrypted at rest, never logged, and masked in every response.
// The test registers volunteers with known values, drives every endpoint that touches them, then reads the
// whole database (SQLite files as bytes, or every PostgreSQL table) and the server log looking for them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startServer } from '../support/server.mjs';
import {
  api, assertNoSecrets, knownSecrets, volunteerSession, adminSession, volunteerBody, organizationBody, freshId,
  freshPhone, rememberSecret, login, dumpPostgres,
} from './helpers.mjs';

let server;
let anon;
const volunteers = [];
const ours = []; // the sensitive values this file wrote, for the report of what was searched

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
});
after(async () => { await server?.stop(); });

function minorBirth() {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 16);
  return `${d.getFullYear()}0601`;
}

test('volunteers with ID numbers and phones use every endpoint that shows them, and no response contains a full value', async () => {
  const emergency = freshPhone();
  const guardian = freshPhone();
  const passport = rememberSecret(`G${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
  const sessions = [
    await volunteerSession(server, { emergency_contact_name: '张紧急', emergency_contact_phone: emergency }),
    await volunteerSession(server, {
      id_number: freshId({ birth: minorBirth() }), guardian_name: '李监护', guardian_phone: guardian,
      guardian_consent: true,
    }),
    await volunteerSession(server, { id_type: 'passport', id_number: passport, gender: 'male', birth_date: '1979-09-09' }),
    await volunteerSession(server, { county_code: '441424' }),
  ];
  volunteers.push(...sessions);
  for (const s of sessions) ours.push(s.body.id_number, s.phone);
  ours.push(emergency, guardian);

  const city = await adminSession(server, 'city_admin');
  const county = await adminSession(server, 'county_admin', '441402');
  const auditor = await adminSession(server, 'auditor');
  ours.push(city.phone, county.phone, auditor.phone);

  // The volunteer's own views.
  for (const s of sessions) {
    assert.equal((await s.http.get('/api/v1/me')).status, 200);
    assert.equal((await s.http.get(`/api/v1/volunteers/${s.volunteer.id}`)).status, 200);
  }
  const newEmergency = freshPhone();
  ours.push(newEmergency);
  const patched = await sessions[0].http.patch('/api/v1/me/volunteer', { emergency_contact_phone: newEmergency });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.body.emergency_contact_phone, `${newEmergency.slice(0, 3)}****${newEmergency.slice(-4)}`);

  // An organisation with a contact phone, a membership, and the admins' views.
  const contact = freshPhone();
  ours.push(contact);
  const org = await sessions[0].http.post('/api/v1/organizations', organizationBody({ contact_phone: contact }));
  assert.equal(org.status, 201, org.text);
  assert.equal((await county.http.post(`/api/v1/organizations/${org.body.id}/approve`, {})).status, 200);
  assert.equal((await sessions[1].http.post(`/api/v1/organizations/${org.body.id}/memberships`)).status, 201);
  assert.equal((await sessions[0].http.get(`/api/v1/organizations/${org.body.id}/memberships`)).status, 200);
  assert.equal((await anon.get(`/api/v1/organizations/${org.body.id}`)).status, 200);
  assert.equal((await anon.get('/api/v1/organizations')).status, 200);

  for (const s of sessions) {
    assert.equal((await city.http.get(`/api/v1/volunteers/${s.volunteer.id}`)).status, 200);
  }
  assert.equal((await city.http.get('/api/v1/volunteers?page_size=100')).status, 200);
  assert.equal((await county.http.get('/api/v1/volunteers?page_size=100')).status, 200);
  // Searching by a phone or an ID number: the value travels in the query string, which must not be logged.
  assert.equal((await city.http.get(`/api/v1/volunteers?q=${sessions[0].phone}`)).status, 200);
  assert.equal((await city.http.get(`/api/v1/volunteers?q=${sessions[0].body.id_number}`)).status, 200);

  // Refusals that carry the values: duplicates, a wrong password, an unknown phone.
  const dupId = await anon.post('/api/v1/volunteers', volunteerBody({ id_number: sessions[0].body.id_number }));
  assert.equal(dupId.status, 409);
  const dupPhone = await anon.post('/api/v1/volunteers', volunteerBody({ phone: sessions[1].phone }));
  assert.equal(dupPhone.status, 409);
  assert.equal((await anon.post('/api/v1/sessions', { phone: sessions[2].phone, password: 'Wrong#pass1' })).status, 401);
  const stranger = freshPhone();
  ours.push(stranger);
  assert.equal((await anon.post('/api/v1/sessions', { phone: stranger, password: 'Wrong#pass1' })).status, 401);
  await login(anon, sessions[3].phone, sessions[3].password);

  // The audit log, every page of it.
  for (let page = 1; page <= 20; page += 1) {
    const r = await auditor.http.get(`/api/v1/audit-events?page=${page}&page_size=100`);
    assert.equal(r.status, 200, r.text);
    if (r.body.items.length < 100) break;
  }
  // (Every response above went through api(), which fails on any full ID number or phone.)
});

test('the database holds no ID number or phone in clear text', async () => {
  assert.ok(volunteers.length > 0, 'depends on the previous test');
  const secrets = knownSecrets();
  assert.ok(secrets.length >= ours.length);
  const numbers = volunteers.map((v) => v.volunteer.volunteer_number);

  if (server.backend === 'postgresql') {
    const { text } = dumpPostgres(server.database);
    assert.ok(numbers.every((n) => text.includes(n)), 'the dump sees the volunteers (sanity check)');
    for (const s of secrets) assert.ok(!text.includes(s), `a PostgreSQL table contains ${s} in clear text`);
    return;
  }

  const base = path.join(server.dir, 'zhiyuan.db');
  const files = [base, `${base}-wal`, `${base}-shm`, `${base}-journal`].filter((f) => existsSync(f));
  assert.ok(files.includes(base), `the SQLite file exists: ${base}`);
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  assert.ok(numbers.every((n) => bytes.includes(Buffer.from(n))), 'the byte scan sees the volunteers (sanity check)');
  for (const s of secrets) {
    assert.ok(!bytes.includes(Buffer.from(s, 'utf8')), `the SQLite files contain ${s} in clear text`);
    assert.ok(!bytes.includes(Buffer.from(s, 'utf16le')), `the SQLite files contain ${s} as UTF-16`);
  }
  // A second view through SQLite itself, which renders every value as text (numbers included).
  const dump = spawnSync('sqlite3', ['-readonly', base, '.dump'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (dump.status === 0) {
    assert.ok(numbers.every((n) => dump.stdout.includes(n)), 'sqlite3 .dump sees the volunteers (sanity check)');
    for (const s of secrets) assert.ok(!dump.stdout.includes(s), `sqlite3 .dump shows ${s}`);
  }
});

test('the server log contains no ID number or phone', () => {
  assert.ok(volunteers.length > 0, 'depends on the first test');
  const log = server.log;
  assert.match(log, /POST \/api\/v1\/volunteers/, 'the access log was captured (sanity check)');
  assertNoSecrets(log, 'the server log');
});
