// The operator's account actions (MLPS level 3 account management): disable and enable an account, take a role
// away, replace a lost authenticator. Each applies at once (the account's sessions end) and is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { api, assertProblem, adminSession, login, ADMIN_PASSWORD, totpSecretOf } from './helpers.mjs';
import { withFreshTotp } from '../support/totp.mjs';

let server;
let anon;
let auditor;

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
  auditor = await adminSession(server, 'auditor');
});
after(async () => { await server?.stop(); });

const cli = (...args) => server.runCli(['admin', ...args]);
const logIn = (a, secret) => withFreshTotp({ where: server.baseUrl, secret, account: a.phone },
  (totp) => anon.post('/api/v1/sessions', { phone: a.phone, password: ADMIN_PASSWORD, totp }));

async function auditedActions(accountPhone) {
  const r = await auditor.http.get('/api/v1/audit-events?page_size=100');
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((e) => e.actor_role === 'system').map((e) => e.action);
}

test('a disabled account cannot log in, even with the right password and code, until it is enabled again', async () => {
  const a = await adminSession(server, 'county_admin', '441402');
  const done = cli('disable', '--phone', a.phone);
  assert.equal(done.status, 0, done.stderr);
  assertProblem(await a.http.get('/api/v1/me'), 401); // its session ended at once
  assertProblem(await logIn(a, a.totpSecret), 403, { code: 'account_disabled' });
  // A wrong password still says only that the credentials are wrong: disabling reveals nothing to a guesser.
  assertProblem(await anon.post('/api/v1/sessions', { phone: a.phone, password: 'Wrong#2026x' }), 401,
    { code: 'invalid_credentials' });
  assert.equal(cli('enable', '--phone', a.phone).status, 0);
  const again = await logIn(a, a.totpSecret);
  assert.equal(again.status, 201, again.text);
  const actions = await auditedActions();
  assert.ok(actions.includes('account.disable') && actions.includes('account.enable'), actions.join());
});

test('revoking a role ends the sessions and the role gate refuses what the role allowed', async () => {
  const a = await adminSession(server, 'county_admin', '441403');
  assert.equal((await a.http.get('/api/v1/targets')).status, 200);
  const wrong = cli('revoke', '--phone', a.phone, '--role', 'county_admin', '--county', '441402');
  assert.notEqual(wrong.status, 0, 'a role the account does not hold');
  const done = cli('revoke', '--phone', a.phone, '--role', 'county_admin', '--county', '441403');
  assert.equal(done.status, 0, done.stderr);
  assertProblem(await a.http.get('/api/v1/targets'), 401);
  // Without an administrator role no second factor is asked; the account remains, with no role.
  const token = await login(anon, a.phone, ADMIN_PASSWORD);
  const http = api(server.baseUrl, token);
  assert.deepEqual((await http.get('/api/v1/me')).body.account.roles, []);
  assertProblem(await http.get('/api/v1/targets'), 403, { code: 'forbidden' });
  assert.ok((await auditedActions()).includes('account.revoke_role'));
});

test('a lost authenticator is replaced: the old codes stop working, the new secret logs in', async () => {
  const a = await adminSession(server, 'city_admin');
  const r = cli('reset-totp', '--phone', a.phone);
  assert.equal(r.status, 0, r.stderr);
  const secret = totpSecretOf(r.stdout);
  assert.notEqual(secret, a.totpSecret);
  assertProblem(await a.http.get('/api/v1/me'), 401);
  assertProblem(await logIn(a, a.totpSecret), 401, { code: 'totp_invalid' });
  const ok = await logIn(a, secret);
  assert.equal(ok.status, 201, ok.text);
  assert.ok((await auditedActions()).includes('account.reset_second_factor'));
  assert.notEqual(cli('reset-totp', '--phone', '13000000000').status, 0, 'an unknown phone');
});
