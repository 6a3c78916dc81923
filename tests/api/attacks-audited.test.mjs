// Tried as an attacker would (issue #7): another volunteer's record by id, a forged session, a replayed bank
// request, an oversized body, a path-traversal file name — each refused, nothing written, and the attempt in the audit log, which stays an
// unbroken chain (`zhiyuan audit verify`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from '../support/server.mjs';
import { api, assertProblem, adminSession, volunteerSession, bankClient } from './helpers.mjs';

let server;
let auditor;

before(async () => {
  server = await startServer();
  auditor = await adminSession(server, 'auditor');
});
after(async () => { await server?.stop(); });

async function refusals(action) {
  const r = await auditor.http.get(`/api/v1/audit-events?action=${action}&page_size=100`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

const volunteerCount = async () => (await auditor.http.get('/api/v1/audit-events?action=volunteer.register')).body.total;

test("another volunteer's record by id is 404 and the probe is recorded with who asked", async () => {
  const alice = await volunteerSession(server);
  const bob = await volunteerSession(server);
  const r = await alice.http.get(`/api/v1/volunteers/${bob.volunteer.id}`);
  assertProblem(r, 404);
  const seen = (await refusals('access.denied')).filter((e) => JSON.stringify(e.detail).includes(`/api/v1/volunteers/${bob.volunteer.id}`));
  assert.equal(seen.length, 1, JSON.stringify(seen));
  assert.equal(seen[0].result, 'denied');
  assert.equal(seen[0].object_id, '/api/v1/volunteers/{id}');
  const me = await alice.http.get('/api/v1/me');
  assert.equal(seen[0].actor_id, me.body.account.id, 'the asker is named');
});

test('a forged session token is 401 on a protected route, and recorded', async () => {
  const before = (await refusals('session.rejected')).length;
  const forged = api(server.baseUrl, 'A'.repeat(43));
  assertProblem(await forged.get('/api/v1/me'), 401);
  assertProblem(await forged.post('/api/v1/organizations', { name: 'x' }), 401);
  const after = await refusals('session.rejected');
  assert.equal(after.length, before + 2);
  assert.equal(after[0].object_id, '/api/v1/organizations');
});

test('a path-traversal file name is 404, reads nothing, and is recorded', async () => {
  for (const probe of ['/assets/../../../etc/passwd', '/..%2f..%2fetc/passwd', '/api/v1/../../secret.key']) {
    const r = await rawGet(server.baseUrl, probe);
    assert.equal(r.status, 404, probe);
    assert.doesNotMatch(r.text, /root:|BEGIN/, probe);
  }
  const seen = await refusals('request.path_traversal');
  assert.equal(seen.length, 3, JSON.stringify(seen));
  assert.ok(seen.every((e) => e.result === 'denied'));
  assert.ok(seen.some((e) => JSON.stringify(e.detail).includes('/etc/passwd')), JSON.stringify(seen[0]));
});

// Sent byte for byte: fetch() would resolve the dots before sending.
function rawGet(baseUrl, rawPath) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method: 'GET', path: rawPath }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('an oversized body is 413, writes nothing, and is recorded', async () => {
  const registered = await volunteerCount();
  const big = JSON.stringify({ name: 'x'.repeat(2 << 20) });
  const r = await fetch(`${server.baseUrl}/api/v1/volunteers`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: big,
  });
  assert.equal(r.status, 413);
  assert.equal(await volunteerCount(), registered);
  const seen = await refusals('request.too_large');
  assert.equal(seen.length, 1);
  assert.equal(seen[0].object_id, '/api/v1/volunteers');
});

test('a replayed bank request is 401 bank_replay and recorded; the audit chain stays intact', async () => {
  const { key } = server.addBank('boc', '中国银行');
  const bank = bankClient(server.baseUrl, 'boc', key);
  const nonce = `replay-${Date.now()}`;
  assert.equal((await bank.get('/api/v1/bank/applications', { nonce })).status, 200);
  assertProblem(await bank.get('/api/v1/bank/applications', { nonce }), 401, { code: 'bank_replay' });
  assertProblem(await bank.get('/api/v1/bank/applications', { key: 'not the key' }), 401, { code: 'bank_signature_invalid' });
  const seen = await refusals('bank.rejected');
  assert.deepEqual(seen.map((e) => JSON.stringify(e.detail).includes('bank_replay')).sort(), [false, true]);

  const verify = server.runCli(['audit', 'verify']);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /audit chain intact/);
});
