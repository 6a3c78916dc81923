// Audit archival 审计日志归档: old records move to a file whose links still verify, and the chain left in the
// database still verifies from the archive's last link; an edited file, a deleted archive row or a record
// deleted after the archive are all seen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../support/server.mjs';
import { api, registerVolunteer, sqlExec, chinaDate } from './helpers.mjs';

let server;

before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const audit = (...args) => server.runCli(['audit', ...args]);
const tomorrow = () => chinaDate(Date.now() + 24 * 3600e3);

test('records past the retention period stay; archiving moves the rest to a file and the chain still verifies', async () => {
  const anon = api(server.baseUrl);
  for (let i = 0; i < 5; i += 1) await registerVolunteer(anon);
  const file = path.join(server.dir, 'audit-1.jsonl');
  // Today's records are within the default 190 days: nothing may go.
  const refused = audit('archive', '--before', tomorrow(), file);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /retention/);
  assert.ok(!existsSync(file));

  const total = Number(sqlExec(server, 'SELECT COUNT(*) FROM audit_log').trim());
  const done = audit('archive', '--before', tomorrow(), '--retention-days', '0', file);
  assert.equal(done.status, 0, done.stderr + done.stdout);
  assert.equal(Number(sqlExec(server, 'SELECT COUNT(*) FROM audit_log').trim()), 1, 'only the archive event itself stays');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.length, total + 2, 'a header, every record, a footer');
  assert.ok(lines.some((l) => l.includes('"volunteer.register"')));
  const verify = audit('verify');
  assert.equal(verify.status, 0, verify.stdout);
  assert.match(verify.stdout, /archived records up to/);
  assert.equal(audit('verify-archive', file).status, 0);

  // New records go on from the archive's last link; a second archive follows the first.
  await registerVolunteer(anon);
  const second = path.join(server.dir, 'audit-2.jsonl');
  assert.equal(audit('archive', '--before', tomorrow(), '--retention-days', '0', second).status, 0);
  assert.equal(audit('verify').status, 0);
  assert.equal(audit('verify-archive', second).status, 0);
  assert.equal(audit('archive', '--before', tomorrow(), '--retention-days', '0', second).status, 2, 'never overwrites');

  // An edited archive file no longer verifies.
  const edited = path.join(server.dir, 'audit-edited.jsonl');
  writeFileSync(edited, readFileSync(file, 'utf8').replace('"volunteer.register"', '"volunteer.deleted"'));
  const bad = audit('verify-archive', edited);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /broken/);
});

test('deleting the newest archive row, or the records after it, breaks the chain', async () => {
  await registerVolunteer(api(server.baseUrl));
  sqlExec(server, 'DELETE FROM audit_archives WHERE through_id = (SELECT MAX(through_id) FROM audit_archives)');
  const r = audit('verify');
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /does not follow/);
});
