// The multi-node deployment (issue #6 item 3, docs/scaling.md): scripts/cluster-up.sh brings up nginx in front of
// two `zhiyuan serve` instances, a PostgreSQL primary and a streaming replica on loopback. Mixed load runs through
// nginx — registrations, sign-ups, organiser check-ins and check-outs, confirmations, the public activity search
// and the city dashboard (those two read on the replica) — and one instance is killed with SIGKILL mid-run, then
// started again.
//
// It shows: every acknowledged (2xx) write is on the primary afterwards; the only failed requests are writes that
// were in flight on the killed instance (sent before it was gone, a few milliseconds after the signal) (nginx answers them 502 and, for POST, never replays them elsewhere; reads
// in flight there are replayed on the other instance); the service keeps answering through the other instance
// and the restarted one rejoins; a write is visible to reads through the replica within the staleness bound; and
// with the replica paused or gone, those reads fall back to the primary after at most that bound. Last, a restart
// of the primary costs each instance no more than the requests that find a dead pooled connection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/server.mjs';
import {
  api, chinaTime, DEMO, demoSession, publishedActivity, sleep, volunteerBody,
} from '../api/helpers.mjs';

const LOAD_MS = 20000; // mixed load in all
const KILL_AT_MS = 7000; // SIGKILL of instance 1, this long into the load
const RESTART_AFTER_MS = 3000; // and its restart this long after the kill
const MAX_LAG_MS = 2000; // the replica's staleness bound the instances run with (ZHIYUAN_READ_MAX_LAG_MS)
const WORKERS = 4; // volunteer-side workers
const SET_UP_VOLUNTEERS = 4; // registered per worker before the load
const ACTIVITIES = 6;

const script = path.join(repoRoot, 'scripts', 'cluster-up.sh');
const pgbin = '/usr/lib/postgresql/15/bin';
let dir;
let env; // cluster.env: NGINX_URL, APP1_URL, APP2_URL, PRIMARY_URL, REPLICA_URL
let site; // {baseUrl} of nginx, for the helpers
let anon;
let admin; // the demo organisation's admin
let city; // the demo city administrator (the dashboard)
let activities = [];

function sh(args, extraEnv = {}) {
  const r = spawnSync('bash', [script, ...args], {
    encoding: 'utf8', env: { ...process.env, ...extraEnv }, timeout: 90000,
  });
  if (r.status !== 0) throw new Error(`cluster-up.sh ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

function psql(url, sql) {
  const r = spawnSync('psql', [url, '-X', '-At', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${sql.slice(0, 80)}: ${r.stderr}`);
  return r.stdout.trim();
}

async function portsFree(base, n) {
  for (let p = base; p < base + n; p += 1) {
    const free = await new Promise((resolve) => {
      const s = net.createServer().once('error', () => resolve(false)).listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

// pg_ctl on the cluster's primary or replica, as the postgres user when run as root (like cluster-up.sh).
function pgCtl(which, args) {
  const a = ['-D', path.join(dir, 'pg', which), ...args];
  const r = process.getuid() === 0
    ? spawnSync('runuser', ['-u', 'postgres', '--', `${pgbin}/pg_ctl`, ...a], { encoding: 'utf8', timeout: 60000 })
    : spawnSync(`${pgbin}/pg_ctl`, a, { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `pg_ctl ${a.join(' ')}: ${r.stderr}`);
}

const appLog = (n) => readFileSync(path.join(dir, `app${n}`, 'log'), 'utf8');
const appPid = (n) => Number(readFileSync(path.join(dir, `app${n}`, 'pid'), 'utf8').trim());

before(async () => {
  for (const tool of ['/usr/sbin/nginx', `${pgbin}/pg_basebackup`]) {
    assert.ok(existsSync(tool), `${tool} is missing: scripts/install-deps.sh installs it`);
  }
  dir = mkdtempSync(path.join(tmpdir(), 'zhiyuan-cluster-'));
  // Five ports in 10000-19999: below Linux's ephemeral range (32768-60999), whose ports any outgoing connection
  // (the instances' to PostgreSQL, nginx's to the instances) may take between this check and the bind, and below
  // the test PostgreSQL's of run-tests.sh (20000-39999).
  let base;
  for (;;) {
    base = 10000 + Math.floor(Math.random() * 2000) * 5;
    if (await portsFree(base, 5)) break;
  }
  const out = sh(['up', dir, String(base)], {
    ZHIYUAN_RATE_LIMITS: 'off', // the load registers and logs in far faster than people
    ZHIYUAN_READ_MAX_LAG_MS: String(MAX_LAG_MS),
    ZHIYUAN_BIN: process.env.ZHIYUAN_BIN || '',
  });
  env = Object.fromEntries(out.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
  site = { baseUrl: env.NGINX_URL };
  anon = api(env.NGINX_URL);

  // The demo data, loaded once through the CLI against the primary (the instances are already running).
  const cliEnv = { ...process.env, ZHIYUAN_DATABASE: env.PRIMARY_URL, ZHIYUAN_KEY_FILE: path.join(dir, 'secret.key') };
  delete cliEnv.ZHIYUAN_CONFIG;
  const demo = spawnSync(env.ZHIYUAN_BIN, ['demo'], { cwd: dir, encoding: 'utf8', env: cliEnv });
  assert.equal(demo.status, 0, `zhiyuan demo: ${demo.stderr}`);
  admin = await demoSession(site, DEMO.orgAdmin);
  city = await demoSession(site, DEMO.cityAdmin);
  const start = Date.now() + 12 * 60e3;
  for (let i = 0; i < ACTIVITIES; i += 1) {
    activities.push(await publishedActivity(admin, admin.organizationId, {
      quota: 500, starts_at: chinaTime(start), ends_at: chinaTime(start + 3 * 3600e3),
    }));
  }
});

// ZY_CLUSTER_KEEP=1 leaves the cluster running for a look afterwards (scripts/cluster-up.sh status|down DIR).
after(() => {
  if (!dir) return;
  if (process.env.ZY_CLUSTER_KEEP) console.log(`# the cluster is left running in ${dir}`);
  else sh(['down', dir]);
});

// ---- every request through nginx, timed and attributed to the instance that answered (X-Upstream) ----------

const ports = () => ({ [new URL(env.APP1_URL).port]: 1, [new URL(env.APP2_URL).port]: 2 });
const log = []; // {kind, write, sent, done, status, upstreams: [instance…], error}
let inflight = 0;

async function call(kind, write, send) {
  const entry = { kind, write, sent: Date.now(), done: null, status: null, upstreams: [], error: null };
  log.push(entry);
  inflight += 1;
  try {
    const r = await send();
    entry.status = r.status;
    entry.upstreams = (r.headers.get('x-upstream') || '').split(/[,:]\s*/)
      .map((p) => ports()[p]).filter(Boolean);
    return r;
  } catch (e) {
    entry.error = String(e);
    return null;
  } finally {
    entry.done = Date.now();
    inflight -= 1;
  }
}
const ok = (r) => r && r.status >= 200 && r.status < 300;

// ---- what the test knows was acknowledged ---------------------------------------------------------------------

const acked = { volunteers: [], signups: [], checkIns: [], checkOuts: [], confirmed: new Set() };
let stopping = false;
let unexpected = null; // the first answer no rule allows: fails the test
function expect(r, status, what) {
  if (r && r.status !== status && r.status < 500) {
    unexpected ??= new Error(`${what}: expected ${status}, got ${r.status} ${r.text}`);
    stopping = true;
  }
  return r?.status === status;
}

// A volunteer whose request got no answer (502: it was in flight on the killed instance) is retired: whether
// that write happened is unknown, and the test does not guess.
async function register() {
  const body = volunteerBody();
  const r = await call('registration', true, () => anon.post('/api/v1/volunteers', body));
  if (!expect(r, 201, 'registration')) return null;
  acked.volunteers.push(r.body.id);
  const s = await call('log-in', true, () => anon.post('/api/v1/sessions', { phone: body.phone, password: body.password }));
  if (!expect(s, 201, 'log-in')) return null;
  return { id: r.body.id, number: r.body.volunteer_number, http: api(env.NGINX_URL, s.body.token), signups: new Set(), pairs: new Map() };
}

const rand = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const wholeSecond = (ms) => Math.floor(ms / 1000) * 1000;

async function step(v) {
  const free = activities.filter((a) => !v.signups.has(a.id));
  const canCheckIn = activities.filter((a) => v.signups.has(a.id) && (v.pairs.get(a.id) || 0) < 3);
  if (free.length && (Math.random() < 0.4 || !canCheckIn.length)) {
    const a = pick(free);
    const r = await call('sign-up', true, () => v.http.post(`/api/v1/activities/${a.id}/signups`, {}));
    if (!expect(r, 201, 'sign-up')) return false;
    acked.signups.push(r.body.id);
    v.signups.add(a.id);
    return true;
  }
  if (!canCheckIn.length) return false;
  const a = pick(canCheckIn);
  const inAgo = rand(3, 16);
  const at = wholeSecond(Date.now()) - inAgo * 60e3;
  const r = await call('check-in', true, () => admin.http.post(`/api/v1/activities/${a.id}/attendance`, {
    volunteer_number: v.number, action: 'check_in', at: chinaTime(at),
  }));
  if (!expect(r, 201, 'check-in')) return false;
  acked.checkIns.push(r.body.id);
  v.pairs.set(a.id, (v.pairs.get(a.id) || 0) + 1);
  const outAt = Math.min(at + rand(1, inAgo - 1) * 60e3, wholeSecond(Date.now()) - 1000);
  const o = await call('check-out', true, () => admin.http.post(`/api/v1/activities/${a.id}/attendance`, {
    volunteer_number: v.number, action: 'check_out', at: chinaTime(outAt),
  }));
  if (!expect(o, 201, 'check-out')) return false;
  acked.checkOuts.push({ session: o.body.id, entry: o.body.ledger_entry_id });
  if (Math.random() < 0.5) {
    const c = await call('confirmation', true, () => admin.http.post(`/api/v1/activities/${a.id}/confirmations`,
      { attendance_ids: [o.body.id] }));
    if (!expect(c, 200, 'confirmation')) return false;
    for (const id of c.body.confirmed) acked.confirmed.add(id);
  }
  return true;
}

async function volunteerWorker(mine) {
  while (!stopping) {
    const live = mine.filter((v) => !v.retired);
    if (!live.length) { await sleep(50); continue; }
    const v = pick(live);
    if (!(await step(v))) v.retired = true;
  }
}

async function registrar(owned) {
  for (let i = 0; !stopping; i += 1) {
    const v = await register();
    if (v) owned[i % owned.length].push(v);
    await sleep(rand(100, 300));
  }
}

// Readers: the public search and the city dashboard (both on the replica when it is fresh), and /me (primary).
async function reader() {
  while (!stopping) {
    const which = Math.random();
    if (which < 0.45) {
      const r = await call('search', false, () => anon.get('/api/v1/activities?page_size=20'));
      expect(r, 200, 'activity search');
    } else if (which < 0.75) {
      const r = await call('dashboard', false, () => city.http.get('/api/v1/targets'));
      expect(r, 200, 'dashboard');
    } else {
      const r = await call('me', false, () => admin.http.get('/api/v1/me'));
      expect(r, 200, '/me');
    }
    await sleep(rand(5, 30));
  }
}

// Creates a published activity with a unique title and answers how long until the public search through nginx
// shows it (the write acknowledged → visible to a read that may run on the replica).
async function visibleAfter(label) {
  const title = `集群可见性${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const start = Date.now() + 24 * 3600e3;
  await publishedActivity(admin, admin.organizationId, { title, starts_at: chinaTime(start), ends_at: chinaTime(start + 3600e3) });
  const acknowledged = Date.now();
  for (;;) {
    const r = await anon.get(`/api/v1/activities?q=${encodeURIComponent(title)}`);
    assert.equal(r.status, 200, r.text);
    if (r.body.items.some((a) => a.title === title)) return Date.now() - acknowledged;
    if (Date.now() - acknowledged > 4 * MAX_LAG_MS + 2000) return Infinity;
    await sleep(20);
  }
}

test('two instances behind nginx with a read replica: a SIGKILL of one loses no acknowledged write and fails only requests in flight on it', async (t) => {
  const started = Date.now();
  const owned = Array.from({ length: WORKERS }, () => []);
  for (let i = 0; i < WORKERS * SET_UP_VOLUNTEERS; i += 1) {
    const v = await register();
    assert.ok(v, 'registration before the load');
    owned[i % WORKERS].push(v);
  }
  assert.match(appLog(1) + appLog(2), /read replica .*: serving staleness-tolerant reads/,
    'the instances read from the replica');

  const loadStart = Date.now();
  const workers = [...owned.map((mine) => volunteerWorker(mine)), registrar(owned), reader(), reader()];

  await sleep(KILL_AT_MS);
  // Kill while writes are in flight (up to a second's wait for two), so that some are likely on instance 1.
  for (const until = Date.now() + 1000; Date.now() < until;) {
    if (log.filter((e) => e.write && e.done === null).length >= 2) break;
    await sleep(1);
  }
  const killedPid = appPid(1);
  const inflightAtKill = inflight;
  const killAt = Date.now();
  process.kill(killedPid, 'SIGKILL');
  // The kill takes effect over a few milliseconds, not at one instant: the kernel tears the process down, then
  // nginx's event loop learns that its idle keep-alive connections to it are closed. A request nginx passed to
  // the instance until then was in flight on it too. The window ends once the process is gone, plus 20 ms.
  const exited = (pid) => {
    try { return /^\S+ \([^)]*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return true; }
  };
  while (!exited(killedPid)) await sleep(1);
  const killWindowEnd = Date.now() + 20;
  await sleep(RESTART_AFTER_MS);
  const restartAt = Date.now();
  sh(['start-app', dir, '1'], { ZHIYUAN_RATE_LIMITS: 'off', ZHIYUAN_READ_MAX_LAG_MS: String(MAX_LAG_MS) });
  const restarted = Date.now();
  await sleep(Math.max(0, LOAD_MS - (Date.now() - loadStart)));
  stopping = true;
  await Promise.all(workers);
  if (unexpected) throw unexpected;

  // Failures: answers 5xx or broken connections. Each must be a request sent before the kill and still
  // unanswered then, that was passed to the killed instance, and a write (a read is replayed elsewhere).
  const inFlightThen = log.filter((e) => e.sent <= killWindowEnd && e.done >= killAt);
  const failed = log.filter((e) => e.error || e.status >= 500);
  const stray = failed.filter((e) => !(e.sent <= killWindowEnd && e.done >= killAt && e.upstreams.includes(1) && e.write));
  const served = (from, to, n) => log.filter((e) => e.sent >= from && e.sent < to && ok({ status: e.status }) && e.upstreams.at(-1) === n);
  const byKind = {};
  for (const e of log) byKind[e.kind] = (byKind[e.kind] || 0) + 1;
  t.diagnostic(`${log.length} requests in ${((Date.now() - loadStart) / 1000).toFixed(1)} s of load: ${JSON.stringify(byKind)}`);
  t.diagnostic(`at the kill: ${inflightAtKill} request(s) in flight; the process was gone ${killWindowEnd - 20 - killAt} ms `
    + `after the signal; ${inFlightThen.length} request(s) sent until then and unanswered at the kill `
    + `(${inFlightThen.filter((e) => e.write).length} writes); `
    + `failed: ${failed.length} (${failed.map((e) => `${e.kind} ${e.status ?? e.error}`).join(', ') || 'none'})`);
  assert.deepEqual(stray.map((e) => ({ kind: e.kind, status: e.status, error: e.error, sent: e.sent - killAt, upstreams: e.upstreams })), [],
    'no request failed beyond the writes in flight on the killed instance');
  assert.ok(failed.length <= inFlightThen.length);

  // The other instance answered while the first was down; the first rejoined after its restart.
  const whileDown = served(killAt + 200, restartAt, 2);
  assert.ok(whileDown.length > 20, `instance 2 served ${whileDown.length} requests while instance 1 was down`);
  assert.equal(served(killAt + 200, restartAt, 1).length, 0, 'nothing was served by the killed instance');
  const rejoined = served(restarted, Infinity, 1);
  assert.ok(rejoined.length > 5, `instance 1 served ${rejoined.length} requests after its restart`);
  t.diagnostic(`instance 2 alone: ${whileDown.length} requests in ${((restartAt - killAt) / 1000).toFixed(1)} s; `
    + `after the restart (${restarted - restartAt} ms to /healthz) instance 1 served ${rejoined.length}, instance 2 ${served(restarted, Infinity, 2).length}`);

  // Every acknowledged write is on the primary.
  const count = (table, ids) => (ids.length ? Number(psql(env.PRIMARY_URL, `SELECT count(*) FROM ${table} WHERE id IN (${ids.join(',')})`)) : 0);
  assert.equal(count('registry_volunteers', acked.volunteers), acked.volunteers.length, 'acknowledged registrations');
  assert.equal(count('activities_signups', acked.signups), acked.signups.length, 'acknowledged sign-ups');
  assert.equal(count('attendance_sessions', acked.checkIns), acked.checkIns.length, 'acknowledged check-ins');
  const closed = acked.checkOuts.map((c) => c.session);
  assert.equal(closed.length ? Number(psql(env.PRIMARY_URL, `SELECT count(*) FROM attendance_sessions WHERE id IN (${closed.join(',')}) AND check_out_at IS NOT NULL`)) : 0,
    closed.length, 'acknowledged check-outs');
  assert.equal(count('ledger_entries', acked.checkOuts.map((c) => c.entry)), acked.checkOuts.length, 'their ledger entries');
  const confirmed = [...acked.confirmed];
  assert.equal(confirmed.length ? Number(psql(env.PRIMARY_URL, `SELECT count(*) FROM ledger_entries WHERE id IN (${confirmed.join(',')}) AND status = 'confirmed'`)) : 0,
    confirmed.length, 'acknowledged confirmations');
  t.diagnostic(`acknowledged and found on the primary: ${acked.volunteers.length} registrations, ${acked.signups.length} sign-ups, `
    + `${acked.checkIns.length} check-ins, ${acked.checkOuts.length} check-outs, ${confirmed.length} confirmations`);
  assert.ok(acked.signups.length > 20 && acked.checkOuts.length > 20, 'the load wrote enough to mean something');

  // The replica holds the same (it has caught up now that the load stopped).
  for (let i = 0; ; i += 1) {
    const lag = psql(env.REPLICA_URL, 'SELECT pg_last_wal_replay_lsn()::text') ;
    const primary = psql(env.PRIMARY_URL, 'SELECT pg_current_wal_lsn()::text');
    if (lag === primary || i > 100) break;
    await sleep(50);
  }
  assert.equal(psql(env.REPLICA_URL, `SELECT count(*) FROM registry_volunteers WHERE id IN (${acked.volunteers.join(',')})`),
    String(acked.volunteers.length), 'the replica has every acknowledged registration');

  // Staleness: a write is seen through the replica within the bound…
  const fresh = [];
  for (let i = 0; i < 5; i += 1) fresh.push(await visibleAfter(`fresh${i}`));
  t.diagnostic(`a new activity appeared in the public search (replica) after ${fresh.join(', ')} ms (bound ${MAX_LAG_MS} ms)`);
  assert.ok(fresh.every((ms) => ms <= MAX_LAG_MS), `visible within the bound: ${fresh}`);

  // …and with replay paused on the replica, reads go to the primary once the replica may be older than the
  // bound: the write still shows within it (plus a probe interval, MAX_LAG_MS / 4).
  psql(env.REPLICA_URL, 'SELECT pg_wal_replay_pause()');
  const paused = await visibleAfter('paused');
  psql(env.REPLICA_URL, 'SELECT pg_wal_replay_resume()');
  t.diagnostic(`replica paused: visible after ${paused} ms (served by the primary)`);
  assert.ok(paused <= MAX_LAG_MS * 1.25 + 500, `visible despite the paused replica: ${paused} ms`);
  assert.match(appLog(1) + appLog(2), /reads fall back to the primary/, 'the fallback is logged');

  // The replica stopped altogether: the same reads are answered from the primary, nothing fails.
  pgCtl('replica', ['-m', 'immediate', '-w', 'stop']);
  const gone = await visibleAfter('gone');
  for (let i = 0; i < 20; i += 1) {
    const r = await city.http.get('/api/v1/targets');
    assert.equal(r.status, 200, `dashboard with the replica down: ${r.text}`);
  }
  t.diagnostic(`replica stopped: visible after ${gone} ms; dashboards answered`);
  assert.ok(gone <= MAX_LAG_MS * 1.25 + 500, `visible with the replica down: ${gone} ms`);
  assert.match(appLog(1) + appLog(2), /unreachable/, 'the unreachable replica is logged');

  // The primary restarted (as in a failover): each instance's pooled connections to it are dead. A request that
  // finds one fails (500) and the connection is dropped; the instances then connect afresh and answer again.
  pgCtl('primary', ['-m', 'fast', '-w', '-l', path.join(dir, 'pg', 'primary.log'), 'restart']);
  const statuses = [];
  for (let i = 0; i < 40; i += 1) statuses.push((await admin.http.get('/api/v1/me')).status);
  const failures = statuses.filter((x) => x !== 200).length;
  t.diagnostic(`primary restarted: ${failures} of 40 requests failed (${statuses.join(' ')})`);
  assert.ok(failures <= 16, `at most one failure per pooled connection (2 instances × 8): ${statuses.join(' ')}`);
  assert.ok(statuses.slice(-20).every((x) => x === 200), `the instances answer again: ${statuses.join(' ')}`);
  t.diagnostic(`the whole test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
