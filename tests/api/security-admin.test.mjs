// 三员分立 (MLPS level 3): the security administrator 安全管理员 manages the staff accounts — disables and enables
// them, ends their sessions, unlocks them, replaces a lost authenticator — and reads the security events, and
// nothing else; the auditor reads the audit log, where every one of those actions is recorded; the system
// administrators (city and county admins) can do none of it; and no account holds roles that would let its holder
// act on what they oversee.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { withFreshTotp } from '../support/totp.mjs';
import {
  ADMIN_PASSWORD, api, adminSession, assertProblem, freshPhone, login, organizationBody, totpSecretOf, volunteerSession,
} from './helpers.mjs';

let server;
let anon;
let security; // the security administrator
let auditor;

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
  [security, auditor] = await Promise.all([adminSession(server, 'security_admin'), adminSession(server, 'auditor')]);
});
after(async () => { await server?.stop(); });

const logIn = (a, secret = a.totpSecret, password = ADMIN_PASSWORD) => withFreshTotp(
  { where: server.baseUrl, secret, account: a.phone },
  (totp) => anon.post('/api/v1/sessions', { phone: a.phone, password, totp }),
);

// The account of an administrator session, as the security administrator's list shows it.
async function staffOf(a) {
  const r = await security.http.get(`/api/v1/security/accounts?q=${a.phone}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.total, 1, r.text);
  return r.body.items[0];
}

// The audit log's records of `action` on `account`, as the auditor reads them.
async function audited(action, account) {
  const r = await auditor.http.get(`/api/v1/audit-events?action=${action}&page_size=100`);
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((e) => String(e.object_id) === String(account.id));
}

test('the security admin logs in with a second factor and lists staff accounts, phones masked, volunteers not among them', async () => {
  const county = await adminSession(server, 'county_admin', '441402');
  const me = await security.http.get('/api/v1/me');
  assert.deepEqual(me.body.account.roles, [{ role: 'security_admin' }]);
  // Like every administrator role, a second factor: the password alone is not enough.
  assertProblem(await anon.post('/api/v1/sessions', { phone: security.phone, password: ADMIN_PASSWORD }), 401,
    { code: 'totp_required' });

  const a = await staffOf(county);
  assert.equal(a.phone, `${county.phone.slice(0, 3)}****${county.phone.slice(-4)}`);
  assert.deepEqual(a.roles, [{ role: 'county_admin', county_code: '441402' }]);
  assert.equal(a.status, 'active');
  assert.equal(a.locked, false);
  assert.equal(a.second_factor_required, true);
  assert.equal(a.second_factor_enrolled, true);
  assert.equal(a.sessions, 1);
  for (const hidden of ['password_hash', 'phone_enc', 'totp_secret_enc']) assert.ok(!(hidden in a), hidden);

  const byRole = await security.http.get('/api/v1/security/accounts?role=county_admin&page_size=100');
  assert.ok(byRole.body.items.some((x) => x.id === a.id));
  assert.ok(byRole.body.items.every((x) => x.roles.some((g) => g.role === 'county_admin')));

  // A volunteer's own account is not staff: not listed, out of reach (404).
  const v = await volunteerSession(server);
  assert.equal((await security.http.get(`/api/v1/security/accounts?q=${v.phone}`)).body.total, 0);
  const vId = (await v.http.get('/api/v1/me')).body.account.id;
  assertProblem(await security.http.post(`/api/v1/security/accounts/${vId}/disable`, {}), 404, { code: 'not_found' });
  assertProblem(await security.http.post('/api/v1/security/accounts/999999999/disable', {}), 404, { code: 'not_found' });
  assertProblem(await security.http.get('/api/v1/security/accounts?status=gone'), 422,
    { field: 'status', fieldCode: 'invalid_status' });
  assert.ok((await audited('account.search', { id: '' })).some((e) => e.actor_role === 'security_admin'));
});

test('disabling ends the sessions at once and refuses the log-in after the right password; enabling lets it back; both audited', async () => {
  const county = await adminSession(server, 'county_admin', '441403');
  const a = await staffOf(county);
  const disabled = await security.http.post(`/api/v1/security/accounts/${a.id}/disable`, {});
  assert.equal(disabled.status, 200, disabled.text);
  assert.equal(disabled.body.status, 'disabled');
  assert.equal(disabled.body.sessions, 0);
  assertProblem(await county.http.get('/api/v1/me'), 401);
  assertProblem(await logIn(county), 403, { code: 'account_disabled' });

  const enabled = await security.http.post(`/api/v1/security/accounts/${a.id}/enable`, {});
  assert.equal(enabled.body.status, 'active');
  assert.equal((await logIn(county)).status, 201);

  const securityId = (await security.http.get('/api/v1/me')).body.account.id;
  for (const action of ['account.disable', 'account.enable']) {
    const records = await audited(action, a);
    assert.equal(records.length, 1, action);
    assert.equal(records[0].actor_id, securityId);
    assert.equal(records[0].actor_role, 'security_admin');
  }
});

test('a locked account is unlocked before its 30 minutes are up; its sessions can be ended', async () => {
  const county = await adminSession(server, 'county_admin', '441422');
  const { id } = await staffOf(county);
  for (let i = 0; i < 5; i += 1) await anon.post('/api/v1/sessions', { phone: county.phone, password: 'Wrong#2026x' });
  assertProblem(await logIn(county), 423, { code: 'account_locked' });
  const locked = await security.http.get('/api/v1/security/accounts?status=locked&page_size=100');
  const a = locked.body.items.find((x) => x.id === id);
  assert.ok(a?.locked_until, locked.text);

  const unlocked = await security.http.post(`/api/v1/security/accounts/${a.id}/unlock`, {});
  assert.equal(unlocked.status, 200, unlocked.text);
  assert.equal(unlocked.body.locked, false);
  assert.equal(unlocked.body.failed_logins, 0);
  const again = await logIn(county);
  assert.equal(again.status, 201, again.text);
  const http = api(server.baseUrl, again.body.token);
  assert.equal((await http.get('/api/v1/me')).status, 200);

  const ended = await security.http.del(`/api/v1/security/accounts/${a.id}/sessions`);
  assert.equal(ended.status, 200, ended.text);
  assert.equal(ended.body.sessions, 0);
  assertProblem(await http.get('/api/v1/me'), 401);
  assert.equal((await audited('account.unlock', a))[0].detail.was_locked, true);
  assert.equal((await audited('account.end_sessions', a)).length, 1);
});

test('a lost authenticator is replaced: the new secret is shown once, the old codes stop working', async () => {
  const city = await adminSession(server, 'city_admin');
  const a = await staffOf(city);
  const r = await security.http.post(`/api/v1/security/accounts/${a.id}/second-factor-reset`, {});
  assert.equal(r.status, 200, r.text);
  const secret = totpSecretOf(r.body.otpauth_uri);
  assert.notEqual(secret, city.totpSecret);
  assertProblem(await city.http.get('/api/v1/me'), 401);
  assertProblem(await logIn(city, city.totpSecret), 401, { code: 'totp_invalid' });
  assert.equal((await logIn(city, secret)).status, 201);
  assert.equal((await audited('account.reset_second_factor', a)).length, 1);

  // An organisation admin logs in without one: nothing to reset.
  const v = await volunteerSession(server);
  assert.equal((await v.http.post('/api/v1/organizations', organizationBody())).status, 201);
  const orgAdmin = (await security.http.get(`/api/v1/security/accounts?q=${v.phone}`)).body.items[0];
  assertProblem(await security.http.post(`/api/v1/security/accounts/${orgAdmin.id}/second-factor-reset`, {}), 409,
    { code: 'no_second_factor' });
});

test('the security admin cannot act on their own account: another security admin does', async () => {
  const own = await staffOf(security);
  for (const action of ['disable', 'unlock', 'second-factor-reset']) {
    assertProblem(await security.http.post(`/api/v1/security/accounts/${own.id}/${action}`, {}), 403,
      { code: 'own_account' });
  }
  assertProblem(await security.http.del(`/api/v1/security/accounts/${own.id}/sessions`), 403, { code: 'own_account' });
  assert.equal((await security.http.get('/api/v1/me')).status, 200, 'still signed in');
});

test('nobody else manages accounts or reads security events: the city and county admins, the auditor, a volunteer get 403', async () => {
  const county = await adminSession(server, 'county_admin', '441423');
  const city = await adminSession(server, 'city_admin');
  const v = await volunteerSession(server);
  const target = await staffOf(county);
  for (const who of [city, county, auditor, v]) {
    assertProblem(await who.http.get('/api/v1/security/accounts'), 403, { code: 'forbidden' });
    assertProblem(await who.http.get('/api/v1/security/events'), 403, { code: 'forbidden' });
    for (const action of ['disable', 'enable', 'unlock', 'second-factor-reset']) {
      assertProblem(await who.http.post(`/api/v1/security/accounts/${target.id}/${action}`, {}), 403, { code: 'forbidden' });
    }
    assertProblem(await who.http.del(`/api/v1/security/accounts/${target.id}/sessions`), 403, { code: 'forbidden' });
  }
  assert.equal((await staffOf(county)).status, 'active', 'nothing changed');
  // The security admin touches no business data and does not read the audit log; the auditor does.
  for (const p of ['/api/v1/audit-events', '/api/v1/volunteers', '/api/v1/targets', '/api/v1/ledger/reviews']) {
    assertProblem(await security.http.get(p), 403, { code: 'forbidden' });
  }
  assert.equal((await auditor.http.get('/api/v1/audit-events')).status, 200);
});

test('security events: refused log-ins with their reason, and access denials; each read is audited', async () => {
  const county = await adminSession(server, 'county_admin', '441424');
  await anon.post('/api/v1/sessions', { phone: county.phone, password: 'Wrong#2026x' });
  const denied = await security.http.get('/api/v1/security/events?kind=login_denied&page_size=100');
  assert.equal(denied.status, 200, denied.text);
  assert.ok(denied.body.items.length > 0);
  assert.ok(denied.body.items.every((e) => e.action === 'session.login' && e.result === 'denied'));
  assert.ok(denied.body.items.some((e) => e.detail.reason === 'wrong_password'));

  const v = await volunteerSession(server);
  assertProblem(await v.http.get('/api/v1/audit-events'), 403);
  const access = await security.http.get('/api/v1/security/events?kind=access_denied');
  assert.ok(access.body.items.some((e) => e.action === 'access.denied'), access.text);

  assertProblem(await security.http.get('/api/v1/security/events?kind=everything'), 422,
    { field: 'kind', fieldCode: 'invalid_kind' });
  const reads = await auditor.http.get('/api/v1/audit-events?action=security.events');
  assert.ok(reads.body.items.some((e) => e.detail.kind === 'access_denied' && e.actor_role === 'security_admin'));
});

test('role exclusivity: no account is the auditor and an acting role, or the security admin and a business role', async () => {
  const cli = (phone, role, extra = []) => server.runCli(['admin', 'create', '--phone', phone, '--role', role, ...extra],
    `${ADMIN_PASSWORD}\n`);
  const conflicts = [
    ['security_admin', 'city_admin', []], ['security_admin', 'county_admin', ['--county', '441402']],
    ['security_admin', 'auditor', []], ['auditor', 'security_admin', []], ['city_admin', 'security_admin', []],
    ['auditor', 'county_admin', ['--county', '441402']],
  ];
  for (const [first, second, extra] of conflicts) {
    const phone = freshPhone();
    assert.equal(cli(phone, first).status, 0, first);
    const r = cli(phone, second, extra);
    assert.notEqual(r.status, 0, `${first} then ${second}`);
    assert.match(r.stderr, /三员分立/, r.stderr);
  }

  // A volunteer made the security admin cannot become an organisation's admin by applying for one.
  const v = await volunteerSession(server);
  const made = server.runCli(['admin', 'create', '--phone', v.phone, '--role', 'security_admin'], '\n');
  assert.equal(made.status, 0, made.stderr);
  const token = await login(anon, v.phone, v.password, { where: server.baseUrl, secret: totpSecretOf(made.stdout) });
  const http = api(server.baseUrl, token);
  // The volunteer part of the account stays a volunteer's; the organisation would make it a business role.
  assertProblem(await http.post('/api/v1/organizations', organizationBody()), 422, { field: 'role', fieldCode: 'role_conflict' });
});
