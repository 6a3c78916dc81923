// Log-in, log-out, the account, password change, lock-out, and cookie authentication with CSRF protection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, registerVolunteer, volunteerSession, volunteerBody, login, PASSWORD,
} from './helpers.mjs';

let server;
let anon;

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
});
after(async () => { await server?.stop(); });

// Set-Cookie headers as {name: {value, attributes: Set(lower-case), raw}}.
function cookiesOf(r) {
  const out = {};
  for (const raw of r.headers.getSetCookie()) {
    const [pair, ...attrs] = raw.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = {
      value: pair.slice(eq + 1),
      attributes: new Set(attrs.map((a) => a.toLowerCase())),
      raw,
    };
  }
  return out;
}

test('log-in answers 201 with a token and sets the zy_session (HttpOnly, SameSite=Strict) and zy_csrf cookies', async () => {
  const reg = await registerVolunteer(anon);
  const r = await anon.post('/api/v1/sessions', { phone: reg.phone, password: reg.password });
  assert.equal(r.status, 201, r.text);
  assert.equal(typeof r.body.token, 'string');
  assert.ok(r.body.token.length >= 32, 'the token is long enough to be unguessable');
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.ok(r.body.csrf_token.length >= 16);
  assert.ok(!Number.isNaN(Date.parse(r.body.expires_at)), 'expires_at is a time');
  assert.ok(Date.parse(r.body.expires_at) > Date.now());
  assert.equal(r.body.account.name, reg.body.name);

  const cookies = cookiesOf(r);
  assert.ok(cookies.zy_session, `zy_session cookie set: ${r.headers.getSetCookie()}`);
  assert.equal(cookies.zy_session.value, r.body.token);
  assert.ok(cookies.zy_session.attributes.has('httponly'), cookies.zy_session.raw);
  assert.ok(cookies.zy_session.attributes.has('samesite=strict'), cookies.zy_session.raw);
  assert.ok(cookies.zy_session.attributes.has('path=/'), cookies.zy_session.raw);
  assert.ok(cookies.zy_csrf, 'zy_csrf cookie set');
  assert.equal(cookies.zy_csrf.value, r.body.csrf_token);
  // The page's script must read the CSRF cookie to echo it, so that one is not HttpOnly.
  assert.ok(!cookies.zy_csrf.attributes.has('httponly'), cookies.zy_csrf.raw);
  assert.ok(cookies.zy_csrf.attributes.has('samesite=strict'), cookies.zy_csrf.raw);
});

test('a wrong password is refused with 401 invalid_credentials', async () => {
  const reg = await registerVolunteer(anon);
  const r = await anon.post('/api/v1/sessions', { phone: reg.phone, password: `${PASSWORD}x` });
  assertProblem(r, 401, { code: 'invalid_credentials' });
  assert.equal(r.headers.getSetCookie().length, 0, 'no cookie for a failed log-in');
});

test('an unknown phone is refused exactly like a wrong password', async () => {
  const r = await anon.post('/api/v1/sessions', { phone: '13000000001', password: PASSWORD });
  assertProblem(r, 401, { code: 'invalid_credentials' });
  const r2 = await anon.post('/api/v1/sessions', { phone: 'not a phone', password: '' });
  assertProblem(r2, 401, { code: 'invalid_credentials' });
});

test('five wrong passwords lock the account with 423 account_locked, and then even the right password is refused', async () => {
  const reg = await registerVolunteer(anon);
  for (let i = 1; i <= 4; i += 1) {
    const r = await anon.post('/api/v1/sessions', { phone: reg.phone, password: `Wrong#pass${i}` });
    assertProblem(r, 401, { code: 'invalid_credentials' });
  }
  const fifth = await anon.post('/api/v1/sessions', { phone: reg.phone, password: 'Wrong#pass5' });
  assert.ok([401, 423].includes(fifth.status), `fifth failure: ${fifth.status} ${fifth.text}`);
  const sixth = await anon.post('/api/v1/sessions', { phone: reg.phone, password: 'Wrong#pass6' });
  assertProblem(sixth, 423, { code: 'account_locked' });
  const right = await anon.post('/api/v1/sessions', { phone: reg.phone, password: reg.password });
  assertProblem(right, 423, { code: 'account_locked' });
  assert.equal(right.body.token, undefined);
});

test('a successful log-in resets the count of failures', async () => {
  const reg = await registerVolunteer(anon);
  for (let i = 0; i < 4; i += 1) {
    assert.equal((await anon.post('/api/v1/sessions', { phone: reg.phone, password: 'Wrong#pass0' })).status, 401);
  }
  await login(anon, reg.phone, reg.password);
  for (let i = 0; i < 4; i += 1) {
    const r = await anon.post('/api/v1/sessions', { phone: reg.phone, password: 'Wrong#pass0' });
    assertProblem(r, 401, { code: 'invalid_credentials' });
  }
});

test('GET /api/v1/me shows the account with a masked phone, the volunteer role and the volunteer', async () => {
  const s = await volunteerSession(server);
  const r = await s.http.get('/api/v1/me');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.account.phone, `${s.phone.slice(0, 3)}****${s.phone.slice(-4)}`);
  assert.equal(r.body.account.name, s.body.name);
  assert.deepEqual(r.body.account.roles, [{ role: 'volunteer' }]);
  assert.equal(r.body.volunteer.id, s.volunteer.id);
  assert.equal(r.body.volunteer.volunteer_number, s.volunteer.volunteer_number);
  assert.equal(r.body.volunteer.id_number, s.volunteer.id_number);
  assert.match(r.headers.get('cache-control') || '', /no-store/, 'personal data is not cached');
});

test('anonymous GET /api/v1/me is 401 unauthenticated, and so is a made-up token', async () => {
  assertProblem(await anon.get('/api/v1/me'), 401, { code: 'unauthenticated' });
  assertProblem(await anon.get('/api/v1/me', { token: 'x'.repeat(43) }), 401);
  assertProblem(await anon.get('/api/v1/me', { headers: { cookie: `zy_session=${'y'.repeat(43)}` } }), 401);
});

test('log-out answers 204, clears the cookies, and the token stops working with 401', async () => {
  const s = await volunteerSession(server);
  assert.equal((await s.http.get('/api/v1/me')).status, 200);
  const r = await s.http.del('/api/v1/sessions/current');
  assert.equal(r.status, 204, r.text);
  const cookies = cookiesOf(r);
  assert.equal(cookies.zy_session?.value, '', 'zy_session is cleared');
  assert.ok(cookies.zy_session.attributes.has('max-age=0'), cookies.zy_session.raw);
  assertProblem(await s.http.get('/api/v1/me'), 401);
  assertProblem(await s.http.del('/api/v1/sessions/current'), 401);
});

test('log-out ends only that session: another session of the same account keeps working', async () => {
  const s = await volunteerSession(server);
  const other = await login(anon, s.phone, s.password);
  assert.equal((await s.http.del('/api/v1/sessions/current')).status, 204);
  assert.equal((await anon.get('/api/v1/me', { token: other })).status, 200);
});

test('changing the password answers 204; the old password stops working, the new one works, other sessions end', async () => {
  const s = await volunteerSession(server);
  const otherSession = await login(anon, s.phone, s.password);
  const next = 'Nieuw#Pass2027';
  const r = await s.http.put('/api/v1/me/password', { current_password: s.password, new_password: next });
  assert.equal(r.status, 204, r.text);
  assertProblem(await anon.post('/api/v1/sessions', { phone: s.phone, password: s.password }), 401,
    { code: 'invalid_credentials' });
  await login(anon, s.phone, next);
  assertProblem(await anon.get('/api/v1/me', { token: otherSession }), 401);
  assert.equal((await s.http.get('/api/v1/me')).status, 200, 'the session that changed the password stays');
});

test('a weak new password is refused with 422 on new_password and the password is unchanged', async () => {
  const s = await volunteerSession(server);
  for (const weak of ['short', 'lowercaseonly', 'abcdefgh1']) {
    const r = await s.http.put('/api/v1/me/password', { current_password: s.password, new_password: weak });
    assertProblem(r, 422, { field: 'new_password' });
  }
  await login(anon, s.phone, s.password);
});

test('a wrong current password is refused with 422 on current_password', async () => {
  const s = await volunteerSession(server);
  const r = await s.http.put('/api/v1/me/password', { current_password: 'Not#theRight1', new_password: 'Other#Pass2027' });
  assertProblem(r, 422, { field: 'current_password' });
  await login(anon, s.phone, s.password);
});

test('with only the session cookie, GET /api/v1/me works', async () => {
  const s = await volunteerSession(server);
  const r = await anon.post('/api/v1/sessions', { phone: s.phone, password: s.password });
  const c = cookiesOf(r);
  const cookie = `zy_session=${c.zy_session.value}; zy_csrf=${c.zy_csrf.value}`;
  const me = await anon.get('/api/v1/me', { headers: { cookie } });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.volunteer.id, s.volunteer.id);
});

test('a cookie-authenticated write without X-CSRF-Token is 403 csrf_failed and changes nothing; with the zy_csrf value it succeeds', async () => {
  const s = await volunteerSession(server);
  const r = await anon.post('/api/v1/sessions', { phone: s.phone, password: s.password });
  const c = cookiesOf(r);
  const cookie = `zy_csrf=${c.zy_csrf.value}; zy_session=${c.zy_session.value}`;

  const missing = await anon.patch('/api/v1/me/volunteer', { availability: '周末上午' }, { headers: { cookie } });
  assertProblem(missing, 403, { code: 'csrf_failed' });
  const wrong = await anon.patch('/api/v1/me/volunteer', { availability: '周末上午' },
    { headers: { cookie, 'x-csrf-token': c.zy_csrf.value.slice(0, -1) + (c.zy_csrf.value.endsWith('A') ? 'B' : 'A') } });
  assertProblem(wrong, 403, { code: 'csrf_failed' });
  // Another session's CSRF token does not fit this session.
  const otherLogin = await anon.post('/api/v1/sessions', { phone: s.phone, password: s.password });
  const foreign = await anon.patch('/api/v1/me/volunteer', { availability: '周末上午' },
    { headers: { cookie, 'x-csrf-token': otherLogin.body.csrf_token } });
  assertProblem(foreign, 403, { code: 'csrf_failed' });
  const logoutWithout = await anon.del('/api/v1/sessions/current', { headers: { cookie } });
  assertProblem(logoutWithout, 403, { code: 'csrf_failed' });

  const unchanged = await anon.get('/api/v1/me', { headers: { cookie } });
  assert.equal(unchanged.status, 200);
  assert.notEqual(unchanged.body.volunteer.availability, '周末上午', 'the refused write changed nothing');

  const ok = await anon.patch('/api/v1/me/volunteer', { availability: '周末上午' },
    { headers: { cookie, 'x-csrf-token': c.zy_csrf.value } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.availability, '周末上午');
});

test('a bearer-authenticated write needs no CSRF header', async () => {
  const s = await volunteerSession(server);
  const r = await s.http.patch('/api/v1/me/volunteer', { skills: ['摄影', '翻译'], political_status: 'league_member' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.skills, ['摄影', '翻译']);
  assert.equal(r.body.political_status, 'league_member');
});

test('PATCH /api/v1/me/volunteer validates what it changes', async () => {
  const s = await volunteerSession(server);
  assertProblem(await s.http.patch('/api/v1/me/volunteer', { political_status: 'king' }), 422,
    { field: 'political_status' });
  assertProblem(await s.http.patch('/api/v1/me/volunteer', { county_code: '000000' }), 422, { field: 'county_code' });
  assertProblem(await s.http.patch('/api/v1/me/volunteer', { emergency_contact_phone: '123' }), 422,
    { field: 'emergency_contact_phone' });
});

test('a public write (log-in, registration) with a session cookie but no CSRF header proceeds as anonymous', async () => {
  const s = await volunteerSession(server);
  const r = await anon.post('/api/v1/sessions', { phone: s.phone, password: s.password });
  const c = cookiesOf(r);
  const cookie = `zy_session=${c.zy_session.value}; zy_csrf=${c.zy_csrf.value}`;
  const again = await anon.post('/api/v1/sessions', { phone: s.phone, password: s.password }, { headers: { cookie } });
  assert.equal(again.status, 201, again.text);
  const other = await anon.post('/api/v1/volunteers', volunteerBody(), { headers: { cookie } });
  assert.equal(other.status, 201, other.text);
  // …but a protected write with that cookie still needs the CSRF header.
  assertProblem(await anon.patch('/api/v1/me/volunteer', { availability: '随时' }, { headers: { cookie } }), 403,
    { code: 'csrf_failed' });
});

test('a stale session cookie left after log-out does not block logging in again', async () => {
  const s = await volunteerSession(server);
  const r = await anon.post('/api/v1/sessions', { phone: s.phone, password: s.password });
  const c = cookiesOf(r);
  const cookie = `zy_session=${c.zy_session.value}; zy_csrf=${c.zy_csrf.value}`;
  const out = await anon.del('/api/v1/sessions/current', { headers: { cookie, 'x-csrf-token': c.zy_csrf.value } });
  assert.equal(out.status, 204, out.text);
  assertProblem(await anon.get('/api/v1/me', { headers: { cookie } }), 401);
  const back = await anon.post('/api/v1/sessions', { phone: s.phone, password: s.password }, { headers: { cookie } });
  assert.equal(back.status, 201, back.text);
});
