// The audit log (table audit_log) is a keyed hash chain: `zhiyuan audit verify` exits 0 while every record
// matches its link and follows the one before it, and exits 1 naming the first record that does not — after a
// record was edited or deleted straight in the database — or saying the newest records were cut off.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { adminSession, api, organizationBody, sqlExec, volunteerSession } from './helpers.mjs';

const servers = [];
after(async () => { await Promise.all(servers.map((s) => s.stop())); });

// A fresh server with some audited writes: registrations, log-ins, an administrator, an organisation approved.
async function serverWithHistory() {
  const server = await startServer();
  servers.push(server);
  const county = await adminSession(server, 'county_admin', '441402');
  for (let i = 0; i < 2; i += 1) {
    const v = await volunteerSession(server);
    const org = await v.http.post('/api/v1/organizations', organizationBody({ contact_phone: v.phone }));
    assert.equal(org.status, 201, org.text);
    const ok = await county.http.post(`/api/v1/organizations/${org.body.id}/approve`, {});
    assert.equal(ok.status, 200, ok.text);
  }
  return server;
}

function verify(server) {
  const r = server.runCli(['audit', 'verify']);
  assert.equal(r.error, undefined, `audit verify did not run: ${r.error}`);
  return { status: r.status, out: r.stdout, all: `${r.stdout}${r.stderr}` };
}

const ids = (server) => sqlExec(server, 'SELECT id FROM audit_log ORDER BY id').trim().split('\n').filter(Boolean).map(Number);

function assertIntact(server, what) {
  const v = verify(server);
  assert.equal(v.status, 0, `${what}: audit verify exits 0:\n${v.all}`);
  const m = /^audit chain intact: (\d+) record\(s\)/m.exec(v.out);
  assert.ok(m, `${what}: audit verify says the chain is intact:\n${v.all}`);
  return Number(m[1]);
}

test('after writes, audit verify exits 0 and counts every record of audit_log', async () => {
  const server = await serverWithHistory();
  const rows = ids(server);
  assert.ok(rows.length >= 8, `the writes were audited: ${rows.length} record(s)`);
  assert.deepEqual(rows, rows.map((_, i) => rows[0] + i), 'record ids follow the chain without gaps');
  assert.equal(assertIntact(server, 'untouched'), rows.length);
  // The route kept its name although the table did not.
  const auditor = await adminSession(server, 'auditor');
  const r = await auditor.http.get('/api/v1/audit-events?page_size=5');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.total >= rows.length, r.text.slice(0, 500));
  // Writes after a check extend the chain, which stays intact.
  assert.equal(assertIntact(server, 'after more writes'), ids(server).length);
});

test('a record edited in the database: audit verify exits 1 naming it; putting the value back mends the chain', async () => {
  const server = await serverWithHistory();
  const original = sqlExec(server, 'SELECT detail FROM audit_log WHERE id = 2').replace(/\n$/, '');
  sqlExec(server, `UPDATE audit_log SET detail = '{"tampered":true}' WHERE id = 2`);
  const v = verify(server);
  assert.equal(v.status, 1, v.all);
  assert.match(v.out, /^audit chain broken at record 2: /m, v.all);
  assert.match(v.out, /1 intact record\(s\) before it/, v.all);
  sqlExec(server, `UPDATE audit_log SET detail = '${original.replace(/'/g, "''")}' WHERE id = 2`);
  assertIntact(server, 'the original value back');
  // Any field counts, not only the detail: here the time.
  sqlExec(server, "UPDATE audit_log SET at = at - 3600000 WHERE id = 3");
  const w = verify(server);
  assert.equal(w.status, 1, w.all);
  assert.match(w.out, /^audit chain broken at record 3: /m, w.all);
});

test('a record deleted from the middle: audit verify exits 1 naming the record after it', async () => {
  const server = await serverWithHistory();
  const rows = ids(server);
  const victim = rows[Math.floor(rows.length / 2)];
  sqlExec(server, `DELETE FROM audit_log WHERE id = ${victim}`);
  const v = verify(server);
  assert.equal(v.status, 1, v.all);
  assert.match(v.out, new RegExp(`^audit chain broken at record ${victim + 1}: .*record ${victim - 1}`, 'm'), v.all);
});

test('the newest records cut off: audit verify exits 1 saying so', async () => {
  const server = await serverWithHistory();
  const rows = ids(server);
  sqlExec(server, `DELETE FROM audit_log WHERE id >= ${rows.at(-2)}`);
  const v = verify(server);
  assert.equal(v.status, 1, v.all);
  assert.match(v.out, new RegExp(`^audit chain broken after ${rows.length - 2} intact record\\(s\\): .*cut off`, 'm'), v.all);
});
