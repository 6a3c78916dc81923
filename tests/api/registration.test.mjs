// Volunteer registration (POST /api/v1/volunteers): SPEC §2 identity rules, the docs/api.md contract, and
// "a refused registration writes nothing".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, residentId } from '../support/server.mjs';
import {
  api, assertProblem, volunteerBody, registerVolunteer, freshId, freshPhone, rememberSecret, PASSWORD, maskedId,
} from './helpers.mjs';

let server;
let http;

before(async () => {
  server = await startServer();
  http = api(server.baseUrl);
});
after(async () => { await server?.stop(); });

const maskedPhone = (p) => `${p.slice(0, 3)}****${p.slice(-4)}`;
const isoDate = (yyyymmdd) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

function yyyymmdd(d) {
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

// The proof that a refused registration wrote nothing: the same phone (and ID) can register afterwards.
async function assertPhoneStillFree(phone) {
  const r = await http.post('/api/v1/volunteers', volunteerBody({ phone }));
  assert.equal(r.status, 201, `the phone of a refused registration must still be free: ${r.status} ${r.text}`);
}

test('a valid resident ID registers with 201, masked ID and phone, a volunteer number, and gender and birth date taken from the ID', async () => {
  const id = freshId({ birth: '19880517', gender: 'female' });
  const body = volunteerBody({ id_number: id, political_status: 'league_member' });
  const r = await http.post('/api/v1/volunteers', body);
  assert.equal(r.status, 201, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const v = r.body;
  assert.equal(typeof v.id, 'number');
  assert.equal(v.id_number, maskedId(id));
  assert.match(v.id_number, /^\d{6}\*{8}[\dX]{4}$/);
  assert.equal(v.phone, maskedPhone(body.phone));
  assert.match(v.phone, /^1\d{2}\*{4}\d{4}$/);
  assert.equal(typeof v.volunteer_number, 'string');
  // ZY + the year of registration + an 8-digit serial.
  assert.match(v.volunteer_number, /^ZY\d{12}$/);
  assert.equal(v.volunteer_number.slice(2, 6), v.registered_at.slice(0, 4));
  assert.ok(!v.volunteer_number.includes(id.slice(6, 14)), 'the volunteer number is not derived from the ID');
  assert.equal(v.gender, 'female');
  assert.equal(v.birth_date, '1988-05-17');
  assert.equal(v.id_type, 'resident_id');
  assert.equal(v.name, body.name);
  assert.equal(v.county_code, '441402');
  assert.equal(v.county_name, '梅江区');
  assert.equal(v.political_status, 'league_member');
  assert.deepEqual(v.skills, ['急救']);
  assert.equal(v.is_minor, false);
  assert.equal(v.real_name_status, 'verified');
  assert.ok(!('password' in v) && !('password_hash' in v), 'no password material in the volunteer');
});

test('an odd 17th digit makes the volunteer male, and every volunteer gets a distinct volunteer number', async () => {
  const a = await registerVolunteer(http, { id_number: freshId({ birth: '19751130', gender: 'male' }) });
  const b = await registerVolunteer(http);
  assert.equal(a.volunteer.gender, 'male');
  assert.equal(a.volunteer.birth_date, '1975-11-30');
  assert.notEqual(a.volunteer.volunteer_number, b.volunteer.volunteer_number);
});

test('a wrong check digit is refused with 422 naming id_number in Chinese, and writes nothing', async () => {
  const good = freshId();
  const wrong = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
  rememberSecret(wrong);
  const body = volunteerBody({ id_number: wrong });
  const r = await http.post('/api/v1/volunteers', body);
  assertProblem(r, 422, { code: 'validation_failed', field: 'id_number', fieldCode: 'invalid_check_digit' });
  await assertPhoneStillFree(body.phone);
});

test('an impossible birth date (19990231) in the ID is refused with 422 on id_number, and writes nothing', async () => {
  const id = rememberSecret(residentId('441402', '19990231', 123));
  const body = volunteerBody({ id_number: id });
  const r = await http.post('/api/v1/volunteers', body);
  assertProblem(r, 422, { field: 'id_number', fieldCode: 'invalid_birth_date' });
  await assertPhoneStillFree(body.phone);
});

test('a birth date in the future is refused with 422 on id_number, and writes nothing', async () => {
  const later = new Date().getFullYear() + 2;
  const id = rememberSecret(residentId('441402', `${later}0315`, 456));
  const body = volunteerBody({ id_number: id });
  const r = await http.post('/api/v1/volunteers', body);
  assertProblem(r, 422, { field: 'id_number', fieldCode: 'invalid_birth_date' });
  await assertPhoneStillFree(body.phone);
});

test('an ID number of the wrong length or with a letter inside is refused with 422 on id_number', async () => {
  for (const id of ['44140219900101123', '4414021990010112345', '44140219900A011234']) {
    const r = await http.post('/api/v1/volunteers', volunteerBody({ id_number: id }));
    assertProblem(r, 422, { field: 'id_number' });
  }
});

test('a duplicate ID number is refused with 409 duplicate_id_number and writes nothing', async () => {
  const first = await registerVolunteer(http);
  const again = volunteerBody({ id_number: first.body.id_number });
  const r = await http.post('/api/v1/volunteers', again);
  assertProblem(r, 409, { code: 'duplicate_id_number', field: 'id_number' });
  // No account was created for the refused request's phone…
  const login = await http.post('/api/v1/sessions', { phone: again.phone, password: again.password });
  assertProblem(login, 401, { code: 'invalid_credentials' });
  // …and that phone is still free.
  await assertPhoneStillFree(again.phone);
});

test('a duplicate ID number is recognised whatever the case of its final X', async () => {
  const id = freshId({ region: '441403', accept: (candidate) => candidate.endsWith('X') });
  await registerVolunteer(http, { id_number: id });
  const r = await http.post('/api/v1/volunteers', volunteerBody({ id_number: id.toLowerCase() }));
  assertProblem(r, 409, { code: 'duplicate_id_number', field: 'id_number' });
});

test('a duplicate phone is refused with 409 duplicate_phone and writes nothing', async () => {
  const first = await registerVolunteer(http);
  const again = volunteerBody({ phone: first.phone });
  const r = await http.post('/api/v1/volunteers', again);
  assertProblem(r, 409, { code: 'duplicate_phone', field: 'phone' });
  // The refused request's ID number was not stored: it registers with another phone.
  const retry = await http.post('/api/v1/volunteers', volunteerBody({ id_number: again.id_number }));
  assert.equal(retry.status, 201, retry.text);
  // The first account still logs in with its own password.
  const login = await http.post('/api/v1/sessions', { phone: first.phone, password: first.password });
  assert.equal(login.status, 201, login.text);
});

test('concurrent registrations of one ID number: exactly one 201, the others 409 duplicate_id_number, no orphan accounts', async () => {
  const id = freshId();
  const bodies = Array.from({ length: 4 }, () => volunteerBody({ id_number: id }));
  const answers = await Promise.all(bodies.map((b) => http.post('/api/v1/volunteers', b)));
  const statuses = answers.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409], answers.map((r) => `${r.status} ${r.text}`).join('\n'));
  for (const [i, r] of answers.entries()) {
    if (r.status === 201) continue;
    assertProblem(r, 409, { code: 'duplicate_id_number', field: 'id_number' });
    const login = await http.post('/api/v1/sessions', { phone: bodies[i].phone, password: bodies[i].password });
    assertProblem(login, 401, { code: 'invalid_credentials' });
  }
});

test('concurrent registrations of one phone: exactly one 201, the others 409 duplicate_phone', async () => {
  const phone = freshPhone();
  const bodies = Array.from({ length: 4 }, () => volunteerBody({ phone }));
  const answers = await Promise.all(bodies.map((b) => http.post('/api/v1/volunteers', b)));
  const statuses = answers.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409], answers.map((r) => `${r.status} ${r.text}`).join('\n'));
  for (const r of answers) if (r.status === 409) assertProblem(r, 409, { code: 'duplicate_phone', field: 'phone' });
  // The losers' ID numbers were not kept.
  const loser = bodies[answers.findIndex((r) => r.status === 409)];
  const retry = await http.post('/api/v1/volunteers', volunteerBody({ id_number: loser.id_number }));
  assert.equal(retry.status, 201, retry.text);
});

test('the same phone written as +86… is still a duplicate', async () => {
  const first = await registerVolunteer(http);
  const r = await http.post('/api/v1/volunteers', volunteerBody({ phone: `+86${first.phone}` }));
  assertProblem(r, 409, { code: 'duplicate_phone', field: 'phone' });
});

test('a malformed phone is refused with 422 on phone, and writes nothing', async () => {
  for (const phone of ['1380013800', '23800138000', '1380013800a', '12012345678', '']) {
    const body = volunteerBody({ phone });
    const r = await http.post('/api/v1/volunteers', body);
    assertProblem(r, 422, { field: 'phone' });
    // The ID number of the refused request is still free (checked once, for the first case, to save time).
    if (phone === '1380013800') {
      const retry = await http.post('/api/v1/volunteers', volunteerBody({ id_number: body.id_number }));
      assert.equal(retry.status, 201, retry.text);
    }
  }
});

test('a weak password is refused with 422 on password', async () => {
  for (const password of ['short1A', 'alllowercase1', 'ALLUPPER123']) {
    const r = await http.post('/api/v1/volunteers', volunteerBody({ password }));
    assertProblem(r, 422, { field: 'password', fieldCode: 'weak_password' });
  }
});

test('every invalid field is reported at once, each with a Chinese message', async () => {
  const r = await http.post('/api/v1/volunteers', {
    name: '', id_number: '123', phone: '12', password: 'x', county_code: '999999', political_status: 'nobody',
  });
  const problem = assertProblem(r, 422, { code: 'validation_failed' });
  const fields = problem.errors.map((e) => e.field);
  for (const f of ['name', 'id_number', 'phone', 'password', 'county_code', 'political_status']) {
    assert.ok(fields.includes(f), `errors[] names ${f}: ${r.text}`);
  }
});

test('an unknown county code is refused with 422 on county_code', async () => {
  for (const county_code of ['441400', '440100', '']) {
    const r = await http.post('/api/v1/volunteers', volunteerBody({ county_code }));
    assertProblem(r, 422, { field: 'county_code' });
  }
});

function minorBirth() {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 15);
  d.setDate(1);
  return yyyymmdd(d);
}

test('an under-18 registration without guardian consent is refused on guardian_consent, and writes nothing', async () => {
  const body = volunteerBody({
    id_number: freshId({ birth: minorBirth() }), guardian_name: '王监护', guardian_phone: freshPhone(),
  });
  const r = await http.post('/api/v1/volunteers', body);
  assertProblem(r, 422, { field: 'guardian_consent', fieldCode: 'guardian_consent_required' });
  const r2 = await http.post('/api/v1/volunteers', { ...body, guardian_consent: false });
  assertProblem(r2, 422, { field: 'guardian_consent' });
  await assertPhoneStillFree(body.phone);
});

test('an under-18 registration without any guardian details names every guardian field', async () => {
  const r = await http.post('/api/v1/volunteers', volunteerBody({ id_number: freshId({ birth: minorBirth() }) }));
  const problem = assertProblem(r, 422, { field: 'guardian_consent' });
  const fields = problem.errors.map((e) => e.field);
  assert.ok(fields.includes('guardian_name'), r.text);
  assert.ok(fields.includes('guardian_phone'), r.text);
});

test('an under-18 registration with guardian name, phone and consent succeeds and is marked is_minor', async () => {
  const birth = minorBirth();
  const guardianPhone = freshPhone();
  const r = await http.post('/api/v1/volunteers', volunteerBody({
    id_number: freshId({ birth }), guardian_name: '王监护', guardian_phone: guardianPhone, guardian_consent: true,
  }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.is_minor, true);
  assert.equal(r.body.guardian_consent, true);
  assert.equal(r.body.guardian_name, '王监护');
  assert.equal(r.body.guardian_phone, maskedPhone(guardianPhone));
  assert.equal(r.body.birth_date, isoDate(birth));
});

test('an adult needs no guardian and is not a minor', async () => {
  const { volunteer } = await registerVolunteer(http, { id_number: freshId({ birth: '20000101' }) });
  assert.equal(volunteer.is_minor, false);
  assert.equal(volunteer.guardian_consent, false);
});

test('a passport registration requires gender and birth date', async () => {
  const passport = rememberSecret(`E${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
  const body = volunteerBody({ id_type: 'passport', id_number: passport });
  const r = await http.post('/api/v1/volunteers', body);
  const problem = assertProblem(r, 422, { field: 'gender' });
  assert.ok(problem.errors.some((e) => e.field === 'birth_date'), r.text);

  // Two years ahead: safely in the future whatever the time zones of the test and the server.
  const future = `${new Date().getFullYear() + 2}-01-01`;
  const r2 = await http.post('/api/v1/volunteers', { ...body, gender: 'female', birth_date: future });
  assertProblem(r2, 422, { field: 'birth_date' });

  const ok = await http.post('/api/v1/volunteers', { ...body, gender: 'female', birth_date: '1991-03-04' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.id_type, 'passport');
  assert.equal(ok.body.gender, 'female');
  assert.equal(ok.body.birth_date, '1991-03-04');
  assert.notEqual(ok.body.id_number, passport);
  // Other documents cannot be verified offline: they wait for a person.
  assert.equal(ok.body.real_name_status, 'pending');
});

test('other ID types are format-checked: a malformed permit number is refused on id_number', async () => {
  const cases = [
    { id_type: 'hk_macao_permit', id_number: 'X12345678' },
    { id_type: 'taiwan_permit', id_number: '1234567' },
    { id_type: 'passport', id_number: 'E1' },
    { id_type: 'driving_licence', id_number: 'E12345678' },
  ];
  for (const c of cases) {
    const r = await http.post('/api/v1/volunteers',
      volunteerBody({ ...c, gender: 'male', birth_date: '1990-01-01' }));
    assertProblem(r, 422, { field: c.id_type === 'driving_licence' ? 'id_type' : 'id_number' });
  }
});

test('a registration answered 201 can log in with its phone and password', async () => {
  const reg = await registerVolunteer(http);
  const r = await http.post('/api/v1/sessions', { phone: reg.phone, password: PASSWORD });
  assert.equal(r.status, 201, r.text);
  const me = await api(server.baseUrl, r.body.token).get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.volunteer.volunteer_number, reg.volunteer.volunteer_number);
});
