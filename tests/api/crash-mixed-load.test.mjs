// Durability under mixed load (issue #7 item 5). Several workers register volunteers and log them in, sign them
// up, check them in and out (with the rotating QR token, and by the organiser's manual records) and have the
// organiser confirm their hours into the ledger, while the server is killed with SIGKILL at random moments, many
// times, and restarted on the same database.
//
// Every answer 2xx is an acknowledged write that must survive. A request whose connection died is "unknown"; the
// worker owning the volunteer looks after the restart and must find all of it or none of it (a closed session
// without its ledger entry, an account without its volunteer, are half-written states). Each volunteer has one
// owner, so after these look-ups the test knows the exact state the database must hold: at the end the API shows
// every acknowledged write and nothing beyond the known ones (no duplicate from a retried request), each
// volunteer's totals equal the sum of their entries, and the database passes its own checks — `zhiyuan targets
// check`, `zhiyuan audit verify`, a recount of the ledger totals and sign-up counters in SQL, and PRAGMA
// integrity_check / foreign_key_check (SQLite) or amcheck (PostgreSQL).
//
// On SQLite every crashed database is also copied as the kill left it (database and WAL) and checked the same
// way. On PostgreSQL the application is killed, not the database (the test PostgreSQL runs with fsync=off): what
// is tested there is that the server commits before it answers and never leaves a half-done transaction behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { binary, startServer } from '../support/server.mjs';
import {
  api, chinaTime, demoSession, DEMO, hoursOf, pool, publishedActivity, sleep, sqlExec, volunteerBody,
} from './helpers.mjs';

// ---- the shape of the run (about 35-45 s per backend on a 2-core machine) --------------------------------------

const KILLS = 16; // SIGKILLs under load
const LOAD_MS = [100, 2000]; // load between a restart and the next kill (uniformly random)
const DOWN_MS = [0, 300]; // how long the server stays down before the restart
const WORKERS = 6; // volunteer-side workers, each owning its volunteers (besides them: a registrar, the organiser)
const ACTIVITIES = 12; // published activities starting in 12 minutes: check-in is open, sign-up too
const CONFIRM_ALL_MS = [100, 500]; // the organiser's "confirm every pending entry" of a random activity
const CONFIRM_ONE = 0.4; // chance that a check-out is followed by the confirmation of that session
const SET_UP_VOLUNTEERS = 3; // volunteers registered for each worker before the load
const REGISTER_EVERY_MS = [100, 600]; // the registrar's pause between registrations (each one and its log-in
// hash a password, Argon2id with 64 MB: a few hundred milliseconds on two cores)
const LOGIN_SAMPLE = 20; // acknowledged registrations that log in again at the end (Argon2id: ~85 ms each)
const MAX_PAIRS = 3; // check-in/check-out pairs per volunteer, activity and day (the server's rule)

let server;
let anon;
let admin; // admin of the demo 梅江区志愿者协会, who organises the activities
let activities = [];
let firstVolunteerId; // the first volunteer id the test's registrations can get

before(async () => {
  server = await startServer({ demo: true });
  anon = api(server.baseUrl);
  admin = await demoSession(server, DEMO.orgAdmin);
  const start = Date.now() + 12 * 60e3;
  activities = [];
  for (let i = 0; i < ACTIVITIES; i += 1) {
    activities.push(await publishedActivity(admin, admin.organizationId, {
      quota: 500, starts_at: chinaTime(start), ends_at: chinaTime(start + 3 * 3600e3),
    }));
  }
  firstVolunteerId = Number(sqlExec(server, 'SELECT COALESCE(MAX(id), 0) FROM registry_volunteers').trim()) + 1;
});
after(async () => { await server?.stop(); });

const rand = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const wholeSecond = (ms) => Math.floor(ms / 1000) * 1000;

// ---- crashes: the state of the server as the workers see it -------------------------------------------------

let down = null; // while the server is down: a promise resolved when it is up again
let failure = null; // the first unexpected answer or error: stops the run
let stopping = false;
let inflight = 0; // write requests sent and not yet answered
const kills = []; // {inflight, restartMs}

function fail(e) {
  failure ??= e;
  stopping = true;
}

async function whenUp() {
  if (down) await down;
  if (failure) throw failure;
}

// The connection died (the server was killed, or was down when the request was sent): the outcome is unknown.
const isLost = (e) => e instanceof TypeError && /^(fetch failed|terminated)$/.test(e.message);

const stats = { acknowledged: {}, unknown: {}, unknownWritten: {}, unknownNotWritten: {} };
const serverErrors = []; // answers 5xx: never expected
const count = (table, kind) => { stats[table][kind] = (stats[table][kind] || 0) + 1; };

// Sends a write: its answer, or null when the outcome is unknown (the connection died, or the server failed).
async function write(kind, send) {
  inflight += 1;
  try {
    const r = await send();
    if (r.status >= 500) {
      // A server error is a bug, reported at the end; meanwhile its outcome is looked up like a cut-off request's
      // (a failed transaction must have written nothing).
      const id = r.body?.request_id;
      const logged = server.log.split('\n').filter((l) => id && l.includes(id) && !/ (GET|POST) /.test(l));
      serverErrors.push(`${kind} answered ${r.status} (request ${id}): ${logged.join(' ').replace(/\s+/g, ' ') || r.text}`);
      count('unknown', `${kind} (${r.status})`);
      return null;
    }
    if (r.status >= 200 && r.status < 300) count('acknowledged', kind);
    return r;
  } catch (e) {
    if (!isLost(e)) throw e;
    count('unknown', kind);
    return null;
  } finally {
    inflight -= 1;
  }
}

// A read, repeated across crashes until it is answered 200; answers the body.
async function read(what, send) {
  for (let attempt = 0; ; attempt += 1) {
    await whenUp();
    try {
      const r = await send();
      if (r.status !== 200) throw new Error(`${what}: ${r.status} ${r.text}`);
      return r.body;
    } catch (e) {
      if (!isLost(e) || attempt > 500) throw e;
      await sleep(20);
    }
  }
}

function expectStatus(r, status, what) {
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${r.text}`);
}

// ---- what the test knows the database holds ---------------------------------------------------------------

const volunteers = []; // {body, volunteer {id, volunteer_number}, acknowledged, token, http, signups, open, pairs}
const sessions = new Map(); // attendance id → {id, activityId, v, method, checkInAt, plannedMinutes, acknowledged, out}
const entries = new Map(); // ledger entry id → {id, session, minutes}
const confirmedAcks = new Set(); // entry ids the server answered as confirmed (or already settled)

function knownVolunteer(body, volunteer, acknowledged) {
  const v = {
    body, volunteer, acknowledged, token: null, http: null,
    signups: new Map(), // activity id → {id, acknowledged}
    open: null, // the open session, if any
    pairs: new Map(), // activity id → sessions opened
  };
  volunteers.push(v);
  return v;
}

async function logIn(v) {
  for (;;) {
    const r = await write('log-in', () => anon.post('/api/v1/sessions', { phone: v.body.phone, password: v.body.password }));
    if (!r) { await whenUp(); continue; } // a lost log-in leaves at most an unused session
    expectStatus(r, 201, `log-in of ${v.volunteer.volunteer_number}`);
    v.token = r.body.token;
    v.http = api(server.baseUrl, v.token);
    return v;
  }
}

async function register() {
  const body = volunteerBody();
  for (;;) {
    const r = await write('registration', () => anon.post('/api/v1/volunteers', body));
    if (r) {
      expectStatus(r, 201, 'registration');
      return logIn(knownVolunteer(body, r.body, true));
    }
    // Unknown: either the account logs in and has its volunteer, or the same registration can be made again.
    await whenUp();
    let session;
    for (;;) {
      session = await write('log-in', () => anon.post('/api/v1/sessions', { phone: body.phone, password: body.password }));
      if (session) break;
      await whenUp();
    }
    if (session.status === 201) {
      const me = await read('GET /me', () => api(server.baseUrl, session.body.token).get('/api/v1/me'));
      if (!me.volunteer) throw new Error(`half-written registration: the account ${me.account?.id} logs in without a volunteer`);
      count('unknownWritten', 'registration');
      const v = knownVolunteer(body, me.volunteer, false);
      v.token = session.body.token;
      v.http = api(server.baseUrl, v.token);
      return v;
    }
    expectStatus(session, 401, 'log-in after a registration cut off by a crash');
    count('unknownNotWritten', 'registration'); // the same person tries again
  }
}

async function signUp(v, a) {
  const r = await write('sign-up', () => v.http.post(`/api/v1/activities/${a.id}/signups`, {}));
  if (r) {
    expectStatus(r, 201, `sign-up of ${v.volunteer.volunteer_number} for activity ${a.id}`);
    if (r.body.status !== 'confirmed') throw new Error(`sign-up not confirmed: ${r.text}`);
    v.signups.set(a.id, { id: r.body.id, acknowledged: true });
    return;
  }
  await whenUp();
  const mine = (await read('GET /me/signups', () => v.http.get('/api/v1/me/signups'))).items
    .filter((s) => s.activity_id === a.id);
  if (mine.length > 1) throw new Error(`duplicate sign-ups after a crash: ${JSON.stringify(mine)}`);
  if (mine.length === 0) { count('unknownNotWritten', 'sign-up'); return; }
  if (mine[0].status !== 'confirmed') throw new Error(`sign-up cut off by a crash is ${mine[0].status}`);
  count('unknownWritten', 'sign-up');
  v.signups.set(a.id, { id: mine[0].id, acknowledged: false });
}

const checkinToken = async (activityId) => (await read('check-in token',
  () => admin.http.get(`/api/v1/activities/${activityId}/checkin-token`))).token;
const attendanceOf = async (activityId) => (await read('attendance list',
  () => admin.http.get(`/api/v1/activities/${activityId}/attendance`))).items;

const tokenRefused = (r) => r.status === 422 && (r.body?.errors || []).some((e) => e.field === 'token');

async function checkIn(v, a) {
  const method = Math.random() < 0.5 ? 'qr' : 'organizer';
  const inAgo = rand(3, 16); // the organiser records a check-in 3-16 minutes ago (check-in opened before that)
  const at = wholeSecond(Date.now()) - inAgo * 60e3;
  const plannedMinutes = rand(1, inAgo - 1); // and later a check-out that many minutes after it
  let r;
  for (;;) {
    if (method === 'qr') {
      const token = await checkinToken(a.id);
      r = await write('check-in', () => v.http.post(`/api/v1/activities/${a.id}/check-ins`, { token }));
      if (r && tokenRefused(r)) continue; // the token turned over meanwhile: nothing was written
    } else {
      r = await write('check-in (organiser)', () => admin.http.post(`/api/v1/activities/${a.id}/attendance`, {
        volunteer_number: v.volunteer.volunteer_number, action: 'check_in', at: chinaTime(at),
      }));
    }
    break;
  }
  const kind = method === 'qr' ? 'check-in' : 'check-in (organiser)';
  let row;
  if (r) {
    expectStatus(r, 201, `${kind} of ${v.volunteer.volunteer_number} to activity ${a.id}`);
    row = r.body;
  } else {
    await whenUp();
    const unknown = (await attendanceOf(a.id)).filter((s) => s.volunteer_id === v.volunteer.id && !sessions.has(s.id));
    if (unknown.length > 1) throw new Error(`a check-in cut off by a crash opened ${unknown.length} sessions`);
    if (unknown.length === 0) { count('unknownNotWritten', kind); return; }
    count('unknownWritten', kind);
    row = unknown[0];
  }
  if (row.volunteer_id !== v.volunteer.id || row.activity_id !== a.id || row.check_out_at !== null) {
    throw new Error(`${kind}: unexpected session ${JSON.stringify(row)}`);
  }
  if (method === 'organizer' && Date.parse(row.check_in_at) !== at) {
    throw new Error(`${kind}: check-in at ${row.check_in_at}, recorded for ${chinaTime(at)}`);
  }
  const s = {
    id: row.id, activityId: a.id, v, method, checkInAt: Date.parse(row.check_in_at), plannedMinutes,
    acknowledged: Boolean(r), out: null,
  };
  sessions.set(s.id, s);
  v.open = s;
  v.pairs.set(a.id, (v.pairs.get(a.id) || 0) + 1);
}

async function checkOut(v) {
  const s = v.open;
  const kind = s.method === 'qr' ? 'check-out' : 'check-out (organiser)';
  let r;
  let expected = null;
  for (;;) {
    if (s.method === 'qr') {
      const token = await checkinToken(s.activityId);
      r = await write(kind, () => v.http.post(`/api/v1/activities/${s.activityId}/check-outs`, { token }));
      if (r && tokenRefused(r)) continue;
    } else {
      const outAt = Math.min(s.checkInAt + s.plannedMinutes * 60e3, wholeSecond(Date.now()) - 1000);
      expected = Math.floor((outAt - s.checkInAt) / 60e3);
      r = await write(kind, () => admin.http.post(`/api/v1/activities/${s.activityId}/attendance`, {
        volunteer_number: v.volunteer.volunteer_number, action: 'check_out', at: chinaTime(outAt),
      }));
    }
    break;
  }
  let row;
  if (r) {
    expectStatus(r, 201, `${kind} of ${v.volunteer.volunteer_number} from activity ${s.activityId}`);
    row = r.body;
    if (row.id !== s.id) throw new Error(`${kind} closed session ${row.id}, not the open ${s.id}`);
    if (row.entry_status !== 'pending') throw new Error(`${kind}: the new entry is ${row.entry_status}: ${r.text}`);
  } else {
    await whenUp();
    row = (await attendanceOf(s.activityId)).find((x) => x.id === s.id);
    if (!row) throw new Error(`session ${s.id} vanished after a crash`);
    if (row.check_out_at === null) {
      if (row.ledger_entry_id !== null) throw new Error(`half-written check-out: open session ${s.id} has an entry`);
      count('unknownNotWritten', kind);
      return; // still open: the next step closes it
    }
    count('unknownWritten', kind);
  }
  if (!Number.isInteger(row.minutes) || typeof row.ledger_entry_id !== 'number') {
    throw new Error(`half-written check-out: session ${s.id} closed without minutes or entry: ${JSON.stringify(row)}`);
  }
  // A QR session's minutes count from the instants of check-in and check-out, which the API shows to the second.
  const minutes = expected ?? Math.floor((Date.parse(row.check_out_at) - s.checkInAt) / 60e3);
  if (expected === null ? Math.abs(row.minutes - minutes) > 1 : row.minutes !== minutes) {
    throw new Error(`${kind}: session ${s.id} has ${row.minutes} minutes, not ${minutes}`);
  }
  s.out = { minutes: row.minutes, entryId: row.ledger_entry_id, acknowledged: Boolean(r) };
  entries.set(row.ledger_entry_id, { id: row.ledger_entry_id, session: s, minutes: row.minutes });
  v.open = null;
  if (Math.random() < CONFIRM_ONE) await confirmSession(s);
}

function acceptConfirmation(r, what) {
  expectStatus(r, 200, what);
  if (r.body.escalated.length) throw new Error(`${what}: short sessions escalated: ${r.text}`);
  for (const id of r.body.confirmed) confirmedAcks.add(id);
}

async function confirmSession(s) {
  const r = await write('confirmation', () => admin.http.post(`/api/v1/activities/${s.activityId}/confirmations`,
    { attendance_ids: [s.id] }));
  if (!r) { await whenUp(); return; } // confirmed or not: the end checks the totals either way
  acceptConfirmation(r, `confirmation of session ${s.id}`);
  if (r.body.confirmed.includes(s.out.entryId)) return;
  // Settled by the organiser's confirm-all meanwhile (perhaps by one whose answer was lost): it says so.
  const skipped = r.body.skipped.find((k) => k.attendance_id === s.id);
  if (!skipped || !/已确认/.test(skipped.reason)) throw new Error(`confirmation of session ${s.id}: ${r.text}`);
  confirmedAcks.add(s.out.entryId);
}

// One volunteer-side worker: works through the sign-ups and sessions of the volunteers it owns (those registered
// for it at the set-up, and those the registrar hands it).
async function volunteerWorker(mine) {
  const canSignUp = (v) => activities.filter((a) => !v.signups.has(a.id));
  const canCheckIn = (v) => activities.filter((a) => v.signups.has(a.id) && (v.pairs.get(a.id) || 0) < MAX_PAIRS);
  while (!stopping) {
    const busy = mine.filter((v) => v.open || canSignUp(v).length || canCheckIn(v).length);
    if (!busy.length) {
      await sleep(50); // every volunteer has done all there is: wait for a new one
      continue;
    }
    const v = pick(busy);
    if (v.open) await checkOut(v);
    else if (canSignUp(v).length && (Math.random() < 0.4 || !canCheckIn(v).length)) await signUp(v, pick(canSignUp(v)));
    else await checkIn(v, pick(canCheckIn(v)));
  }
}

// The registrar: registers volunteers (and logs them in), one at a time, handing each to a worker in turn.
async function registrar(owned) {
  for (let i = 0; !stopping; i += 1) {
    await sleep(rand(...REGISTER_EVERY_MS));
    owned[i % owned.length].push(await register());
  }
}

// The organiser confirming every pending entry of an activity now and then.
async function organiserWorker() {
  while (!stopping) {
    await sleep(rand(...CONFIRM_ALL_MS));
    const a = pick(activities);
    const r = await write('confirm-all', () => admin.http.post(`/api/v1/activities/${a.id}/confirmations`, {}));
    if (r) acceptConfirmation(r, `confirm-all of activity ${a.id}`);
    else await whenUp();
  }
}

// ---- checks of the database itself -------------------------------------------------------------------------

// Rows where a volunteer's yearly total (kept beside each confirmation) differs from the sum of their confirmed
// entries, and activities whose confirmed_count differs from their confirmed sign-ups: none expected.
const TOTALS_RECOUNT = 'SELECT volunteer_id, year, SUM(t), SUM(e) FROM ('
  + 'SELECT volunteer_id, year, confirmed_minutes AS t, 0 AS e FROM ledger_volunteer_totals UNION ALL '
  + "SELECT volunteer_id, CAST(substr(service_date, 1, 4) AS INTEGER), 0, minutes FROM ledger_entries WHERE status = 'confirmed'"
  + ') x GROUP BY volunteer_id, year HAVING SUM(t) <> SUM(e)';
const SIGNUP_RECOUNT = 'SELECT a.id, a.confirmed_count, (SELECT COUNT(*) FROM activities_signups s '
  + "WHERE s.activity_id = a.id AND s.status = 'confirmed') AS n FROM activities_activities a "
  + "WHERE a.confirmed_count <> (SELECT COUNT(*) FROM activities_signups s WHERE s.activity_id = a.id AND s.status = 'confirmed')";

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => resolve({ status: -1, stdout, stderr: String(e) }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const cliEnv = (database) => {
  const env = { ...process.env, ZHIYUAN_DATABASE: database, ZHIYUAN_KEY_FILE: path.join(server.dir, 'secret.key') };
  delete env.ZHIYUAN_CONFIG;
  return env;
};

// Problems found in a database (SQLite file or PostgreSQL URL): its own checks, the recounts and the CLI's checks.
async function databaseProblems(database, label) {
  const problems = [];
  const cli = async (args) => {
    const r = await run(binary, args, { cwd: server.dir, env: cliEnv(database) });
    if (r.status !== 0) problems.push(`${label}: \`zhiyuan ${args.join(' ')}\` exited ${r.status}:\n${r.stdout}${r.stderr}`);
  };
  if (database.startsWith('sqlite:')) {
    const file = database.slice('sqlite:'.length);
    const q = async (sql) => {
      const r = await run('sqlite3', ['-bail', '-cmd', '.timeout 10000', file, sql]);
      if (r.status !== 0) throw new Error(`sqlite3 failed on ${file} (${sql}): ${r.stderr}`);
      return r.stdout.trim();
    };
    const integrity = await q('PRAGMA integrity_check');
    if (integrity !== 'ok') problems.push(`${label}: PRAGMA integrity_check: ${integrity}`);
    const fk = await q('PRAGMA foreign_key_check');
    if (fk) problems.push(`${label}: PRAGMA foreign_key_check: ${fk}`);
    const totals = await q(TOTALS_RECOUNT);
    if (totals) problems.push(`${label}: ledger totals differ from the entries (volunteer|year|totals|entries):\n${totals}`);
    const counters = await q(SIGNUP_RECOUNT);
    if (counters) problems.push(`${label}: confirmed_count differs from the sign-ups (activity|counter|recount):\n${counters}`);
  } else {
    const q = async (sql) => {
      const r = await run('psql', [database, '-X', '-At', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
      if (r.status !== 0) problems.push(`${label}: psql failed (${sql.slice(0, 80)}…): ${r.stderr}`);
      return r.stdout.trim();
    };
    const totals = await q(TOTALS_RECOUNT);
    if (totals) problems.push(`${label}: ledger totals differ from the entries (volunteer|year|totals|entries):\n${totals}`);
    const counters = await q(SIGNUP_RECOUNT);
    if (counters) problems.push(`${label}: confirmed_count differs from the sign-ups (activity|counter|recount):\n${counters}`);
  }
  await cli(['targets', 'check']);
  await cli(['audit', 'verify']);
  return problems;
}

// PostgreSQL's own checks (amcheck): every B-tree index of the application's schemas against its rules and its
// table (heapallindexed), and every table's heap. Answers problems; the number of indexes checked goes to `info`.
function postgresAmcheck(info) {
  const problems = [];
  sqlExec(server, 'CREATE EXTENSION IF NOT EXISTS amcheck');
  const userSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";
  const indexes = sqlExec(server, 'SELECT c.relname, bt_index_check(c.oid, true) FROM pg_index i '
    + 'JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam '
    + 'JOIN pg_namespace n ON n.oid = c.relnamespace '
    + `WHERE am.amname = 'btree' AND i.indisvalid AND i.indisready AND ${userSchemas}`).split('\n').filter(Boolean);
  info.indexes = indexes.length;
  if (indexes.length < 20) problems.push(`amcheck checked only ${indexes.length} B-tree indexes`);
  const heap = sqlExec(server, 'SELECT c.relname, v.blkno, v.offnum, v.msg FROM pg_class c '
    + 'JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL verify_heapam(c.oid) v '
    + `WHERE c.relkind IN ('r', 'm') AND ${userSchemas}`).trim();
  if (heap) problems.push(`amcheck verify_heapam reports corruption:\n${heap}`);
  info.tables = Number(sqlExec(server, "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    + `WHERE c.relkind IN ('r', 'm') AND ${userSchemas}`).trim());
  return problems;
}

// After a kill: on SQLite, the database file and its WAL are copied as the kill left them and the copy is checked
// (in the background, one copy at a time); on PostgreSQL the recounts run on the live database (each one
// statement: one snapshot), the CLI's checks only at the end, when nothing writes.
let snapshotChecks = Promise.resolve();
const snapshotProblems = [];
function checkCrashedState(k) {
  if (server.backend === 'sqlite') {
    const file = server.database.slice('sqlite:'.length);
    const dir = path.join(server.dir, `crash-${k}`);
    mkdirSync(dir);
    const copy = path.join(dir, 'zhiyuan.db');
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    snapshotChecks = snapshotChecks.then(async () => {
      snapshotProblems.push(...await databaseProblems(`sqlite:${copy}`, `the database as kill ${k} left it`));
      rmSync(dir, { recursive: true, force: true });
    });
  } else {
    snapshotChecks = snapshotChecks.then(async () => {
      for (const [sql, what] of [[TOTALS_RECOUNT, 'ledger totals'], [SIGNUP_RECOUNT, 'confirmed_count']]) {
        const r = await run('psql', [server.database, '-X', '-At', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
        if (r.status !== 0 || r.stdout.trim()) snapshotProblems.push(`after kill ${k}: ${what} recount: ${r.stdout}${r.stderr}`);
      }
    });
  }
}

// ---- the end: what the API shows against what the test knows -------------------------------------------------

async function verify(t) {
  const problems = [];
  const who = (v) => `volunteer ${v.volunteer.volunteer_number} (${v.acknowledged ? 'acknowledged' : 'written by a cut-off request'})`;
  const ack = (x) => (x.acknowledged ? 'acknowledged' : 'found after a crash');

  const me = await admin.http.get('/api/v1/me');
  if (me.status !== 200) problems.push(`the organiser's session, acknowledged before the first kill, answers ${me.status}`);

  // Each volunteer: the session it logged in with works and is theirs; their sign-ups and hours are exactly
  // the known ones; their totals equal the sum of their entries.
  let confirmedMinutes = 0;
  await pool(volunteers, 4, async (v) => {
    const m = await v.http.get('/api/v1/me');
    if (m.status !== 200) { problems.push(`${who(v)}: its acknowledged log-in session answers ${m.status}`); return; }
    if (m.body.volunteer?.id !== v.volunteer.id) problems.push(`${who(v)}: GET /me shows volunteer ${m.body.volunteer?.id}`);
    const signups = (await v.http.get('/api/v1/me/signups')).body.items;
    for (const [activityId, s] of v.signups) {
      const found = signups.filter((x) => x.activity_id === activityId);
      if (!found.length) problems.push(`${who(v)}: the ${ack(s)} sign-up ${s.id} for activity ${activityId} is lost`);
      else if (found.length > 1) problems.push(`${who(v)}: ${found.length} sign-ups for activity ${activityId}`);
      else if (found[0].id !== s.id || found[0].status !== 'confirmed') {
        problems.push(`${who(v)}: sign-up for activity ${activityId} is ${found[0].id}/${found[0].status}, not ${s.id}/confirmed`);
      }
    }
    for (const x of signups) {
      if (!v.signups.has(x.activity_id)) problems.push(`${who(v)}: unexpected sign-up ${x.id} for activity ${x.activity_id}`);
    }
    const raw = await v.http.get('/api/v1/me/hours');
    if (raw.status === 200) confirmedMinutes += raw.body.confirmed_minutes;
    let h;
    try {
      h = await hoursOf(v); // asserts confirmed_minutes = the sum of the confirmed entries, and the pending sum
    } catch (e) {
      problems.push(`${who(v)}: /me/hours does not add up: ${e.message.replace(/: \{.*\}/s, ':')}`);
      return;
    }
    if (m.body.confirmed_minutes !== h.confirmed_minutes) {
      problems.push(`${who(v)}: /me says ${m.body.confirmed_minutes} confirmed minutes, /me/hours ${h.confirmed_minutes}`);
    }
    const known = [...entries.values()].filter((e) => e.session.v === v);
    const shown = new Map(h.entries.map((e) => [e.id, e]));
    for (const e of known) {
      const x = shown.get(e.id);
      const what = `the ${ack(e.session.out)} entry ${e.id} of session ${e.session.id}`;
      if (!x) { problems.push(`${who(v)}: ${what} is lost`); continue; }
      if (x.minutes !== e.minutes || x.attendance_id !== e.session.id || x.activity_id !== e.session.activityId) {
        problems.push(`${who(v)}: ${what} reads ${JSON.stringify(x)}`);
      }
      if (!['pending', 'confirmed'].includes(x.status)) problems.push(`${who(v)}: ${what} is ${x.status}`);
      if (confirmedAcks.has(e.id) && x.status !== 'confirmed') problems.push(`${who(v)}: ${what} was confirmed, now ${x.status}`);
    }
    for (const x of h.entries) {
      if (!entries.has(x.id)) problems.push(`${who(v)}: unexpected entry ${JSON.stringify(x)}`);
    }
    // The recomputation from the entries the test knows (their statuses as they stand).
    const recomputed = known.filter((e) => shown.get(e.id)?.status === 'confirmed').reduce((s, e) => s + e.minutes, 0);
    if (recomputed !== h.confirmed_minutes) {
      problems.push(`${who(v)}: ${h.confirmed_minutes} confirmed minutes, but its confirmed entries sum to ${recomputed}`);
    }
  }).then((rs) => rs.forEach((r) => r.status === 'rejected' && problems.push(`checking a volunteer: ${r.reason}`)));

  // Acknowledged registrations log in again (a sample: each log-in costs an Argon2id hash), and every
  // registration cut off by a crash and found written.
  const sample = [...volunteers.filter((v) => !v.acknowledged),
    ...volunteers.filter((v) => v.acknowledged).sort(() => Math.random() - 0.5).slice(0, LOGIN_SAMPLE)];
  await pool(sample, 2, async (v) => {
    const r = await anon.post('/api/v1/sessions', { phone: v.body.phone, password: v.body.password });
    if (r.status !== 201) problems.push(`${who(v)} cannot log in: ${r.status} ${r.text}`);
  }).then((rs) => rs.forEach((r) => r.status === 'rejected' && problems.push(`log-in check: ${r.reason}`)));

  // Each activity: its sessions, entries and sign-ups are exactly the known ones; its counter is its sign-ups.
  let confirmedEntries = 0;
  for (const a of activities) {
    const attendance = (await admin.http.get(`/api/v1/activities/${a.id}/attendance`)).body.items;
    const known = [...sessions.values()].filter((s) => s.activityId === a.id);
    const listed = new Map(attendance.map((x) => [x.id, x]));
    for (const s of known) {
      const x = listed.get(s.id);
      const what = `activity ${a.id}: the ${ack(s)} session ${s.id} of ${who(s.v)}`;
      if (!x) { problems.push(`${what} is lost`); continue; }
      if (x.volunteer_id !== s.v.volunteer.id || Date.parse(x.check_in_at) !== s.checkInAt) {
        problems.push(`${what} reads ${JSON.stringify(x)}`);
      }
      if (s.out && (x.check_out_at === null || x.minutes !== s.out.minutes || x.ledger_entry_id !== s.out.entryId)) {
        problems.push(`${what}: its ${ack(s.out)} check-out (${s.out.minutes} min, entry ${s.out.entryId}) reads ${JSON.stringify(x)}`);
      }
      if (!s.out && (x.check_out_at !== null || x.ledger_entry_id !== null)) {
        problems.push(`${what} should be open: ${JSON.stringify(x)}`);
      }
    }
    for (const x of attendance) if (!sessions.has(x.id)) problems.push(`activity ${a.id}: unexpected session ${JSON.stringify(x)}`);
    const openBy = new Map();
    for (const x of attendance.filter((y) => y.check_out_at === null)) openBy.set(x.volunteer_id, (openBy.get(x.volunteer_id) || 0) + 1);
    for (const [vid, n] of openBy) if (n > 1) problems.push(`activity ${a.id}: volunteer ${vid} has ${n} open sessions`);

    const ledger = (await admin.http.get(`/api/v1/activities/${a.id}/ledger-entries`)).body.items;
    const knownEntries = [...entries.values()].filter((e) => e.session.activityId === a.id);
    const byId = new Map(ledger.map((x) => [x.id, x]));
    for (const e of knownEntries) {
      const x = byId.get(e.id);
      if (!x) problems.push(`activity ${a.id}: the ${ack(e.session.out)} entry ${e.id} is not among its ledger entries`);
      else if (x.minutes !== e.minutes || x.attendance_id !== e.session.id) problems.push(`activity ${a.id}: entry ${e.id} reads ${JSON.stringify(x)}`);
    }
    for (const x of ledger) if (!entries.has(x.id)) problems.push(`activity ${a.id}: unexpected ledger entry ${JSON.stringify(x)}`);
    const perAttendance = new Map();
    for (const x of ledger) perAttendance.set(x.attendance_id, (perAttendance.get(x.attendance_id) || 0) + 1);
    for (const [sid, n] of perAttendance) if (n > 1) problems.push(`activity ${a.id}: session ${sid} has ${n} ledger entries`);
    confirmedEntries += ledger.filter((x) => x.status === 'confirmed').length;

    const signups = (await admin.http.get(`/api/v1/activities/${a.id}/signups`)).body.items;
    const expected = volunteers.filter((v) => v.signups.has(a.id));
    const seen = new Set();
    for (const s of signups) {
      if (seen.has(s.volunteer_id)) problems.push(`activity ${a.id}: volunteer ${s.volunteer_id} signed up twice`);
      seen.add(s.volunteer_id);
    }
    if (signups.length !== expected.length) problems.push(`activity ${a.id}: ${signups.length} sign-ups, the test made ${expected.length}`);
    const activity = (await admin.http.get(`/api/v1/activities/${a.id}`)).body;
    const confirmed = signups.filter((s) => s.status === 'confirmed').length;
    if (activity.confirmed_count !== confirmed) problems.push(`activity ${a.id}: confirmed_count ${activity.confirmed_count}, ${confirmed} confirmed sign-ups`);
  }

  // The same counts straight from the database.
  const ids = activities.map((a) => a.id).join(', ');
  const [dbVolunteers, dbSignups, dbSessions, dbEntries, dbConfirmed, dbMinutes] = sqlExec(server,
    `SELECT (SELECT COUNT(*) FROM registry_volunteers WHERE id >= ${firstVolunteerId}), `
    + `(SELECT COUNT(*) FROM activities_signups WHERE activity_id IN (${ids})), `
    + `(SELECT COUNT(*) FROM attendance_sessions WHERE activity_id IN (${ids})), `
    + `(SELECT COUNT(*) FROM ledger_entries WHERE activity_id IN (${ids})), `
    + `(SELECT COUNT(*) FROM ledger_entries WHERE activity_id IN (${ids}) AND status = 'confirmed'), `
    + `(SELECT COALESCE(SUM(minutes), 0) FROM ledger_entries WHERE activity_id IN (${ids}) AND status = 'confirmed')`)
    .trim().split('|').map(Number);
  const expectCount = (actual, expected, what) => {
    if (actual !== expected) problems.push(`database: ${actual} ${what}, the test knows of ${expected}`);
  };
  expectCount(dbVolunteers, volunteers.length, 'volunteers registered since the start');
  expectCount(dbSignups, volunteers.reduce((n, v) => n + v.signups.size, 0), 'sign-ups');
  expectCount(dbSessions, sessions.size, 'attendance sessions');
  expectCount(dbEntries, entries.size, 'ledger entries');
  expectCount(dbConfirmed, confirmedEntries, 'confirmed entries (the API lists)');
  if (dbMinutes !== confirmedMinutes) {
    problems.push(`database: the confirmed entries sum to ${dbMinutes} minutes, the volunteers' totals to ${confirmedMinutes}`);
  }
  t.diagnostic(`known: ${volunteers.length} volunteers, ${dbSignups} sign-ups, ${sessions.size} sessions, `
    + `${entries.size} entries (${dbConfirmed} confirmed, ${confirmedMinutes} minutes; ${confirmedAcks.size} confirmations acknowledged)`);
  return problems;
}

test('SIGKILLs at random moments under mixed load lose no acknowledged write, half-write nothing, and leave the ledger and the database consistent', async (t) => {
  const owned = Array.from({ length: WORKERS }, () => []);
  await pool(owned, 2, async (mine) => {
    for (let j = 0; j < SET_UP_VOLUNTEERS; j += 1) mine.push(await register());
  });
  const started = Date.now();
  const workers = [
    ...owned.map((mine) => volunteerWorker(mine).catch(fail)),
    registrar(owned).catch(fail),
    organiserWorker().catch(fail),
  ];

  for (let k = 1; k <= KILLS && !failure; k += 1) {
    await sleep(rand(...LOAD_MS));
    if (failure) break;
    let up;
    down = new Promise((resolve) => { up = resolve; });
    const atKill = inflight;
    await server.crash();
    checkCrashedState(k);
    await sleep(rand(...DOWN_MS));
    const restarting = Date.now();
    try {
      await server.restart();
    } catch (e) {
      fail(new Error(`the server did not come back after kill ${k}: ${e.message}`));
    }
    kills.push({ inflight: atKill, restartMs: Date.now() - restarting });
    down = null;
    up();
  }
  stopping = true;
  await Promise.all(workers); // each finishes its step, looking up what a cut-off request left
  if (failure) throw failure;
  const loadMs = Date.now() - started;
  if (serverErrors.length) t.diagnostic(`${serverErrors.length} write(s) answered 5xx, looked up like cut-off requests`);

  t.diagnostic(`${server.backend}: ${kills.length} kills in ${(loadMs / 1000).toFixed(1)} s of load; write requests in flight `
    + `at each kill: ${kills.map((k) => k.inflight).join(' ')}; restarts took ${Math.min(...kills.map((k) => k.restartMs))}-`
    + `${Math.max(...kills.map((k) => k.restartMs))} ms`);
  t.diagnostic(`acknowledged: ${JSON.stringify(stats.acknowledged)}`);
  t.diagnostic(`outcome unknown (cut off by a kill, or 5xx): ${JSON.stringify(stats.unknown)}; found written: ${JSON.stringify(stats.unknownWritten)}; `
    + `found not written: ${JSON.stringify(stats.unknownNotWritten)}`);
  assert.equal(kills.length, KILLS);
  assert.ok(kills.reduce((n, k) => n + k.inflight, 0) > 0, 'some kills landed while writes were in flight');

  const problems = serverErrors.map((e) => `server error under load: ${e}`);
  problems.push(...await verify(t));
  await snapshotChecks;
  problems.push(...snapshotProblems);
  problems.push(...await databaseProblems(server.database, 'the database at the end'));
  if (server.backend === 'postgresql') {
    const info = {};
    problems.push(...postgresAmcheck(info));
    t.diagnostic(`amcheck: ${info.indexes} B-tree indexes (bt_index_check with heapallindexed), ${info.tables} tables (verify_heapam)`);
  } else {
    t.diagnostic(`integrity_check, foreign_key_check, targets check and audit verify also ran on each of the ${KILLS} crashed databases`);
  }
  t.diagnostic(`checked in ${((Date.now() - started - loadMs) / 1000).toFixed(1)} s`);
  assert.deepEqual(problems, [], `${problems.length} problem(s):\n${problems.slice(0, 40).join('\n')}`);
});
