// Per-address rate limits (MLPS level 3, OWASP API4): log-in, registration and SMS-sending requests beyond the
// limit answer 429 with Retry-After, even when they would otherwise succeed; the first refusal is audited; the
// counters live in the database, so a restarted (or another) app node keeps counting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, adminSession, approvedOrganization, registerVolunteer, volunteerBody, volunteerSession, CJK,
} from './helpers.mjs';

let server;
let anon;
let auditor;

before(async () => {
  server = await startServer({ env: { ZHIYUAN_RATE_LIMITS: 'on' } });
  anon = api(server.baseUrl);
  auditor = await adminSession(server, 'auditor'); // its own log-in is the first of the 60 this address may make
});
after(async () => { await server?.stop(); });

test('the 61st log-in from one address in ten minutes answers 429 with Retry-After, even with the right password', async () => {
  const reg = await registerVolunteer(anon);
  let made = 1; // the auditor's
  while (made < 60) {
    const r = await anon.post('/api/v1/sessions', { phone: reg.phone, password: made % 7 === 0 ? reg.password : 'Wrong#2026x' });
    // Wrong passwords lock the account after five in a row; the address limit is what is being counted here.
    assert.ok([201, 401, 423].includes(r.status), `attempt ${made}: ${r.status} ${r.text}`);
    made += 1;
  }
  const limited = await anon.post('/api/v1/sessions', { phone: reg.phone, password: reg.password });
  assertProblem(limited, 429, { code: 'rate_limited' });
  assert.match(limited.body.detail, CJK);
  const retry = Number(limited.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 600, `Retry-After: ${limited.headers.get('retry-after')}`);

  // The counters are in the database: a restarted server still refuses.
  await server.crash();
  await server.restart();
  assertProblem(await anon.post('/api/v1/sessions', { phone: reg.phone, password: reg.password }), 429, { code: 'rate_limited' });

  // The refusal is in the audit log, once per window, with the address.
  const log = await auditor.http.get('/api/v1/audit-events?action=security.rate_limited');
  assert.equal(log.status, 200, log.text);
  const refusals = log.body.items.filter((e) => JSON.stringify(e.detail).includes('login'));
  assert.equal(refusals.length, 1, JSON.stringify(log.body.items));
  assert.equal(refusals[0].result, 'denied');
  assert.equal(refusals[0].object_id, '127.0.0.1');
});

test('registration is limited to 30 attempts an hour per address, bad ones included', async () => {
  // One registration was made by the first test; invalid bodies count as attempts too.
  for (let i = 1; i < 30; i += 1) {
    const r = await anon.post('/api/v1/volunteers', i % 2 ? { name: '' } : volunteerBody());
    assert.ok([201, 400, 422].includes(r.status), `attempt ${i}: ${r.status} ${r.text}`);
  }
  const limited = await anon.post('/api/v1/volunteers', volunteerBody());
  assertProblem(limited, 429, { code: 'rate_limited' });
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
});

test('requests that send SMS (bulk imports) are limited to 20 an hour per address', async () => {
  // A second server: the first one's address has used its log-ins and registrations up.
  const other = await startServer({ env: { ZHIYUAN_RATE_LIMITS: 'on' } });
  try {
    const county = await adminSession(other, 'county_admin', '441402');
    const boss = await volunteerSession(other);
    const org = await approvedOrganization(boss, county);
    const upload = () => fetch(`${other.baseUrl}/api/v1/organizations/${org.id}/volunteer-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${boss.token}`, 'content-type': 'text/csv; charset=utf-8' },
      body: '姓名,身份证号码,手机号码\n',
    });
    for (let i = 0; i < 20; i += 1) {
      const r = await upload();
      assert.notEqual(r.status, 429, `upload ${i + 1} was limited`);
    }
    const limited = await upload();
    assert.equal(limited.status, 429);
    assert.equal((await limited.json()).code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  } finally {
    await other.stop();
  }
});

test('with ZHIYUAN_RATE_LIMITS=off the server warns at start and does not count', async () => {
  const off = await startServer({ env: { ZHIYUAN_RATE_LIMITS: 'off' } });
  try {
    assert.match(off.log, /rate limits are OFF/);
    const http = api(off.baseUrl);
    for (let i = 0; i < 65; i += 1) {
      const r = await http.post('/api/v1/sessions', { phone: '13800000000', password: 'Wrong#2026x' });
      assert.equal(r.status, 401, `attempt ${i}: ${r.status}`);
    }
  } finally {
    await off.stop();
  }
});
