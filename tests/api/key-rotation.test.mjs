// `zhiyuan keys rotate` beside a running server (docs/operations.md, "Rotating the field-encryption key"): it adds
// a key version to the ring next to the server's key file and re-encrypts every encrypted value under it in batches
// while registrations keep arriving; the server then still logs volunteers in by phone (blind index), shows their
// masked phones, reads the second-factor secrets and bank keys now under the new version (re-reading the ring when
// it meets a version it has not loaded) and encrypts new values under it. Run again, it finishes an interrupted
// rotation instead of adding a version; `zhiyuan keys status` counts the values per version and column.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../support/server.mjs';
import {
  api, ADMIN_PASSWORD, bankClient, freshPhone, login, registerVolunteer, sqlExec, totpSecretOf,
} from './helpers.mjs';

let server;
let anon;

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
});
after(async () => { await server?.stop(); });

const masked = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
const ringFile = () => path.join(server.dir, 'secret.key.ring');

function cli(args) {
  const r = server.runCli(args);
  assert.equal(r.error, undefined, `cannot run zhiyuan ${args.join(' ')}: ${r.error}`);
  return r;
}

// The same without blocking the event loop, so registrations keep flowing while it runs.
const cliAsync = (args) => server.runCliAsync(args);

// How many encrypted values of the main columns name each version: {k1: n, k2: m, …}.
function versionsInDatabase() {
  const counts = {};
  const query = (table, column) => `SELECT substr(${column}, 1, 3), COUNT(*) FROM ${table} WHERE ${column} <> '' `
    + `GROUP BY substr(${column}, 1, 3)`;
  const columns = [['identity_accounts', 'phone_enc'], ['identity_accounts', 'totp_secret_enc'],
    ['registry_volunteers', 'id_number_enc'], ['registry_volunteers', 'emergency_contact_phone_enc'],
    ['credentials_banks', 'api_key_enc']];
  for (const [table, column] of columns) {
    for (const line of sqlExec(server, query(table, column)).trim().split('\n').filter(Boolean)) {
      const [prefix, n] = line.split('|');
      counts[prefix.replace(':', '')] = (counts[prefix.replace(':', '')] ?? 0) + Number(n);
    }
  }
  return counts;
}

const volunteers = [];
let admin;
let bankKey;
let k1Before; // volunteers[2]'s phone ciphertext before the first rotation

test('keys rotate re-encrypts every value under a new version while the server keeps serving', async () => {
  for (let i = 0; i < 40; i += 1) {
    const overrides = i % 2 ? { emergency_contact_name: '紧急', emergency_contact_phone: freshPhone() } : {};
    volunteers.push(await registerVolunteer(anon, overrides));
  }
  const phone = freshPhone();
  const stdout = server.createAdmin({ phone, password: ADMIN_PASSWORD, role: 'county_admin', county: '441402', name: '轮换' });
  admin = { phone, secret: totpSecretOf(stdout) };
  bankKey = server.addBank('boc').key;

  k1Before = sqlExec(server, `SELECT phone_enc FROM identity_accounts WHERE id = (SELECT account_id FROM `
    + `registry_volunteers WHERE id = ${volunteers[2].volunteer.id})`).trim();
  const status = cli(['keys', 'status']);
  assert.equal(status.status, 0, status.stderr);
  assert.match(status.stdout, /new values use k1/);
  assert.match(status.stdout, /registry_volunteers\.id_number_enc\s+k1 40\b/);
  assert.match(status.stdout, /every value uses k1/);
  assert.ok(!existsSync(ringFile()), 'no ring before the first rotation');

  // Registrations keep arriving while the rotation runs; each is acknowledged.
  let rotating = true;
  const during = [];
  const load = (async () => {
    while (rotating) during.push(await registerVolunteer(anon));
  })();
  const r = await cliAsync(['keys', 'rotate', '--batch', '7']);
  rotating = false;
  await load;
  assert.equal(r.status, 0, `keys rotate failed (${r.status}):\n${r.stderr}${r.stdout}`);
  assert.match(r.stdout, /added key version k2 to .*secret\.key\.ring/);
  assert.match(r.stdout, /registry_volunteers: \d+ row\(s\) re-encrypted \(\d+ value\(s\)\) in [\d.]+ s, \d+ rows\/s/);
  assert.match(r.stdout, /every encrypted value now uses k2/);
  assert.ok(during.length > 0, 'registrations were served during the rotation');
  volunteers.push(...during);

  assert.equal(statSync(ringFile()).mode & 0o777, 0o600, 'the ring file is owner-only');
  assert.deepEqual(Object.keys(versionsInDatabase()), ['k2'], 'no value is left under k1');
  const after = cli(['keys', 'status']);
  assert.match(after.stdout, /secret\.key\.ring \(k2\); new values use k2/);
  assert.match(after.stdout, /every value uses k2/);
});

test('after the rotation the server logs in by phone, shows masked phones and reads the re-encrypted secrets', async () => {
  for (const v of [volunteers[0], volunteers[1], volunteers.at(-1)]) {
    const token = await login(anon, v.phone, v.password);
    const me = api(server.baseUrl, token);
    const profile = await me.get(`/api/v1/volunteers/${v.volunteer.id}`);
    assert.equal(profile.status, 200);
    assert.equal(profile.body.phone, masked(v.phone));
  }
  // The second-factor secret and the bank key are decrypted on use: the server (started before k2 existed)
  // re-reads the ring when it meets k2.
  await login(anon, admin.phone, ADMIN_PASSWORD, { where: server.baseUrl, secret: admin.secret });
  assert.equal((await bankClient(server.baseUrl, 'boc', bankKey).get('/api/v1/bank/applications')).status, 200);

  const newcomer = await registerVolunteer(anon);
  const stored = sqlExec(server, `SELECT a.phone_enc FROM identity_accounts a JOIN registry_volunteers v `
    + `ON v.account_id = a.id WHERE v.id = ${newcomer.volunteer.id}`).trim();
  assert.match(stored, /^k2:/, 'new values are encrypted under k2');
});

test('run again, keys rotate finishes an unfinished rotation before adding another version', async () => {
  // A value still under k1, as an interrupted rotation (or a server's late write) leaves one: the volunteer's
  // own k1 ciphertext from before the rotation, put back.
  const account = `(SELECT account_id FROM registry_volunteers WHERE id = ${volunteers[2].volunteer.id})`;
  const current = sqlExec(server, `SELECT phone_enc FROM identity_accounts WHERE id = ${account}`).trim();
  assert.match(k1Before, /^k1:/);
  sqlExec(server, `UPDATE identity_accounts SET phone_enc = '${k1Before}' WHERE id = ${account}`);
  const stale = cli(['keys', 'status']);
  assert.match(stale.stdout, /identity_accounts\.phone_enc\s+k1 1, k2 \d+/);
  assert.match(stale.stdout, /1 value\(s\) not on k2: `zhiyuan keys rotate` re-encrypts them/);

  const resumed = cli(['keys', 'rotate']);
  assert.equal(resumed.status, 0, resumed.stderr + resumed.stdout);
  assert.match(resumed.stdout, /1 value\(s\) are not yet on k2, the newest version: finishing that rotation \(no version added\)/);
  assert.match(resumed.stdout, /identity_accounts: 1 row\(s\) re-encrypted \(1 value\(s\)\)/);
  assert.match(resumed.stdout, /every encrypted value now uses k2/);
  assert.ok(!readFileSync(ringFile(), 'utf8').includes('\nk3 '), 'no version added');
  await login(anon, volunteers[2].phone, volunteers[2].password);

  // A value that decrypts under no key (k2's ciphertext relabelled k1) is reported and left as it is: exit 1.
  sqlExec(server, `UPDATE identity_accounts SET phone_enc = '${current.replace(/^k2:/, 'k1:')}' WHERE id = ${account}`);
  const refused = cli(['keys', 'rotate']);
  assert.equal(refused.status, 1, refused.stdout);
  assert.match(refused.stderr, /1 value\(s\) could not be decrypted[^\n]*\n {2}identity_accounts\.phone_enc \(id=\d+\)/);
  assert.ok(!readFileSync(ringFile(), 'utf8').includes('\nk3 '), 'no version added while values lag behind');
  sqlExec(server, `UPDATE identity_accounts SET phone_enc = '${current}' WHERE id = ${account}`);

  // With every value on k2, the next rotation adds k3.
  const next = cli(['keys', 'rotate', '--batch', '1000']);
  assert.equal(next.status, 0, next.stderr + next.stdout);
  assert.match(next.stdout, /added key version k3/);
  assert.match(next.stdout, /every encrypted value now uses k3/);
  assert.deepEqual(Object.keys(versionsInDatabase()), ['k3']);
  await login(anon, volunteers[2].phone, volunteers[2].password);
  await login(anon, admin.phone, ADMIN_PASSWORD, { where: server.baseUrl, secret: admin.secret });
  assert.equal((await bankClient(server.baseUrl, 'boc', bankKey).get('/api/v1/bank/applications')).status, 200);
});

test('keys rotate refuses a batch size below 1', () => {
  const r = cli(['keys', 'rotate', '--batch', '0']);
  assert.notEqual(r.status, 0);
  assert.ok(!readFileSync(ringFile(), 'utf8').includes('\nk4 '));
});
