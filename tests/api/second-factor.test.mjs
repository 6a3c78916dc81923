// The second factor of administrator log-ins (动态口令, RFC 6238 TOTP): `zhiyuan admin create` enrols an
// authenticator for the city admin, county admin and auditor roles and prints its otpauth:// URI; those accounts
// then log in with {phone, password, totp}, each code once. Volunteers and partner accounts log in without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, ADMIN_PASSWORD, freshPhone, login, nextTotp, parseOtpauth, registerVolunteer, sqlExec,
  totpCode, totpStep, totpSecretOf, base32Decode, CJK,
} from './helpers.mjs';

let server;
let anon;

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
});
after(async () => { await server?.stop(); });

const masked = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
const session = (body) => anon.post('/api/v1/sessions', body);

// A new administrator: {phone, secret, stdout, source (for login/nextTotp)}.
function newAdmin(role = 'county_admin', county = role === 'county_admin' ? '441402' : undefined) {
  const phone = freshPhone();
  const stdout = server.createAdmin({ phone, password: ADMIN_PASSWORD, role, county, name: `口令${role}` });
  const secret = totpSecretOf(stdout);
  return { phone, secret, stdout, source: { where: server.baseUrl, secret, account: phone } };
}

// A 6-digit code that is none of the codes the server would accept now.
function wrongCode(secret) {
  const now = totpStep();
  const accepted = new Set([now - 1, now, now + 1, now + 2].map((s) => totpCode(secret, s)));
  for (let n = 123456; ; n = (n + 7919) % 1000000) {
    const c = String(n).padStart(6, '0');
    if (!accepted.has(c)) return c;
  }
}

test('admin create prints an otpauth:// URI for the city admin, county admin and auditor roles', () => {
  for (const role of ['city_admin', 'county_admin', 'auditor']) {
    const a = newAdmin(role);
    const uri = parseOtpauth(a.stdout);
    assert.match(a.stdout, /^otpauth:\/\/totp\/Zhiyuan:\d{3}\*{4}\d{4}\?secret=[A-Z2-7]+&issuer=Zhiyuan&algorithm=SHA1&digits=6&period=30$/m,
      a.stdout);
    assert.equal(uri.label, `Zhiyuan:${masked(a.phone)}`, 'the label shows the phone masked');
    assert.ok(!a.stdout.includes(a.phone), 'the full phone is not printed');
    assert.equal(uri.issuer, 'Zhiyuan');
    assert.equal(uri.algorithm, 'SHA1');
    assert.equal(uri.digits, 6);
    assert.equal(uri.period, 30);
    assert.equal(base32Decode(uri.secret).length, 20, 'a 160-bit secret');
  }
  const one = newAdmin('city_admin');
  const two = newAdmin('city_admin');
  assert.notEqual(one.secret, two.secret, 'every administrator gets a secret of its own');
});

test('admin create again for an enrolled administrator prints the same secret', () => {
  const a = newAdmin('auditor');
  const again = server.createAdmin({ phone: a.phone, password: ADMIN_PASSWORD, role: 'auditor', name: '口令auditor' });
  assert.equal(totpSecretOf(again), a.secret);
});

test('admin create prints no otpauth URI for partner accounts (bank operator)', () => {
  server.addBank('totpbank', '口令测试银行');
  const out = server.createAdmin({ phone: freshPhone(), password: ADMIN_PASSWORD, role: 'bank_operator', partner: 'totpbank',
    name: '银行经办' });
  assert.ok(!/otpauth:/.test(out), out);
});

test('an administrator without totp is refused with 401 totp_required, which does not count towards the lock', async () => {
  const a = newAdmin();
  for (let i = 0; i < 6; i += 1) {
    const r = await session({ phone: a.phone, password: ADMIN_PASSWORD });
    const p = assertProblem(r, 401, { code: 'totp_required' });
    assert.equal(p.detail, '请输入身份验证器中的6位动态口令');
    assert.equal(r.body.token, undefined);
  }
  assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: '' }), 401, { code: 'totp_required' });
  await login(anon, a.phone, ADMIN_PASSWORD, a.source);
});

test('a wrong password is 401 invalid_credentials even with the right code, and the code stays unused', async () => {
  const a = newAdmin();
  const step = totpStep();
  const code = totpCode(a.secret, step);
  assertProblem(await session({ phone: a.phone, password: `${ADMIN_PASSWORD}x`, totp: code }), 401,
    { code: 'invalid_credentials' });
  assertProblem(await session({ phone: a.phone, password: `${ADMIN_PASSWORD}x` }), 401, { code: 'invalid_credentials' });
  const r = await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: code });
  assert.equal(r.status, 201, r.text);
});

test('a wrong code is 401 totp_invalid; the right one is 201; the same code again is 401 totp_invalid', async () => {
  const a = newAdmin('city_admin');
  const wrong = await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: wrongCode(a.secret) });
  assertProblem(wrong, 401, { code: 'totp_invalid' });
  assert.match(wrong.body.detail, CJK);
  assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: 'abcdef' }), 401, { code: 'totp_invalid' });
  assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: '1234567' }), 401, { code: 'totp_invalid' });

  const { code } = await nextTotp(a.source);
  const ok = await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: code });
  assert.equal(ok.status, 201, ok.text);
  assert.ok(ok.body.token.length >= 32);
  assert.deepEqual(ok.body.account.roles, [{ role: 'city_admin' }]);
  const me = await anon.get('/api/v1/me', { token: ok.body.token });
  assert.equal(me.status, 200, me.text);

  const replay = await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: code });
  assertProblem(replay, 401, { code: 'totp_invalid' });
  assert.equal(replay.body.token, undefined);
});

test('codes of the step before and after now work; an earlier step than the last used, or one two steps ahead, does not', async () => {
  // Start early in a step so that "now" stays the same step through the test.
  const into = (Date.now() / 1000) % 30;
  if (into > 20) await new Promise((r) => setTimeout(r, (30 - into) * 1000 + 100));
  const a = newAdmin();
  const now = totpStep();
  assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: totpCode(a.secret, now + 2) }), 401,
    { code: 'totp_invalid' });
  assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: totpCode(a.secret, now - 2) }), 401,
    { code: 'totp_invalid' });
  assert.equal((await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: totpCode(a.secret, now - 1) })).status, 201);
  assert.equal((await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: totpCode(a.secret, now + 1) })).status, 201);
  // now + 1 was used: the code of now (earlier) is refused although it is inside the window.
  assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: totpCode(a.secret, now) }), 401,
    { code: 'totp_invalid' });
});

test('five failed log-ins, wrong codes or passwords alike, lock the account: 423 account_locked, even with the right code', async () => {
  const a = newAdmin();
  for (let i = 0; i < 4; i += 1) {
    assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: wrongCode(a.secret) }), 401,
      { code: 'totp_invalid' });
  }
  const fifth = await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: wrongCode(a.secret) });
  assertProblem(fifth, 423, { code: 'account_locked' });
  const right = await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: totpCode(a.secret, totpStep()) });
  assertProblem(right, 423, { code: 'account_locked' });
  assert.equal(right.body.token, undefined);

  const b = newAdmin();
  for (let i = 0; i < 2; i += 1) {
    assertProblem(await session({ phone: b.phone, password: `Wrong#pass${i}` }), 401, { code: 'invalid_credentials' });
    assertProblem(await session({ phone: b.phone, password: ADMIN_PASSWORD, totp: wrongCode(b.secret) }), 401,
      { code: 'totp_invalid' });
  }
  assertProblem(await session({ phone: b.phone, password: ADMIN_PASSWORD, totp: wrongCode(b.secret) }), 423,
    { code: 'account_locked' });
});

test('a successful log-in with a code resets the count of failures', async () => {
  const a = newAdmin();
  for (let i = 0; i < 4; i += 1) {
    assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: wrongCode(a.secret) }), 401,
      { code: 'totp_invalid' });
  }
  await login(anon, a.phone, ADMIN_PASSWORD, a.source);
  for (let i = 0; i < 4; i += 1) {
    assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: wrongCode(a.secret) }), 401,
      { code: 'totp_invalid' });
  }
});

test('an administrator with no enrolled authenticator is refused with 401 totp_not_enrolled', async () => {
  const a = newAdmin('auditor');
  const token = await login(anon, a.phone, ADMIN_PASSWORD, a.source);
  const me = await anon.get('/api/v1/me', { token });
  assert.equal(me.status, 200, me.text);
  // As an administrator created before second factors existed: no secret on the account.
  sqlExec(server, `UPDATE identity_accounts SET totp_secret_enc = NULL WHERE id = ${Number(me.body.account.id)}`);
  const r = await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: totpCode(a.secret, totpStep()) });
  assertProblem(r, 401, { code: 'totp_not_enrolled' });
  assertProblem(await session({ phone: a.phone, password: ADMIN_PASSWORD }), 401, { code: 'totp_not_enrolled' });
  // `admin create` again enrols a new authenticator.
  const again = server.createAdmin({ phone: a.phone, password: ADMIN_PASSWORD, role: 'auditor', name: '口令auditor' });
  const secret = totpSecretOf(again);
  assert.notEqual(secret, a.secret);
  await login(anon, a.phone, ADMIN_PASSWORD, { where: server.baseUrl, secret });
});

test('a volunteer logs in without a code (and a code sent along is ignored)', async () => {
  const v = await registerVolunteer(anon);
  const r = await session({ phone: v.phone, password: v.password });
  assert.equal(r.status, 201, r.text);
  const withCode = await session({ phone: v.phone, password: v.password, totp: '000000' });
  assert.equal(withCode.status, 201, withCode.text);
});

test('the audit log records the refused second factors', async () => {
  const auditor = newAdmin('auditor');
  const a = newAdmin();
  await session({ phone: a.phone, password: ADMIN_PASSWORD });
  await session({ phone: a.phone, password: ADMIN_PASSWORD, totp: wrongCode(a.secret) });
  const token = await login(anon, auditor.phone, ADMIN_PASSWORD, auditor.source);
  const r = await anon.get('/api/v1/audit-events?action=session.login&page_size=100', { token });
  assert.equal(r.status, 200, r.text);
  const denied = r.body.items.filter((e) => e.result === 'denied').map((e) => JSON.stringify(e));
  assert.ok(denied.some((e) => e.includes('totp_required')), `a totp_required denial: ${r.text.slice(0, 2000)}`);
  assert.ok(denied.some((e) => e.includes('wrong_totp')), `a wrong_totp denial: ${r.text.slice(0, 2000)}`);
});
