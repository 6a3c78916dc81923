// `zhiyuan backup PATH` and `zhiyuan restore PATH` on the backend under test (SQLite's online backup API, or
// pg_dump/pg_restore): a backup restored into a new database equals the source table by table; a backup taken
// while registrations keep arriving holds every one acknowledged before it began and none sent after it ended,
// and restores to a consistent database a server starts on; restore refuses what is not a backup (and a live
// database), leaving the database as it was; backup never overwrites a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binary, startServer } from '../support/server.mjs';
import { api, DEMO_PASSWORD, login, registerVolunteer, sleep, volunteerBody } from './helpers.mjs';

let server;
let work; // backups and restored SQLite files
let keyFile; // the source server's key: restored data is readable only with it (it is not in the backup)
const createdPg = []; // PostgreSQL databases this file created, dropped at the end
const CENSUS = /schema version (\d+), (\d+) tables, (\d+) rows/;

before(async () => {
  server = await startServer({ demo: true });
  work = mkdtempSync(path.join(tmpdir(), 'zhiyuan-backup-'));
  keyFile = path.join(server.dir, 'secret.key');
});
after(async () => {
  await server?.stop();
  for (const name of createdPg) {
    spawnSync('psql', [process.env.ZHIYUAN_TEST_PG_URL, '-Xqc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

const isSqlite = () => server.backend === 'sqlite';
const sqliteFile = (database) => database.slice('sqlite:'.length);

// ---- the CLI against any database, with the source's key file --------------------------------------------

function cliEnv(database) {
  const env = { ...process.env, ZHIYUAN_DATABASE: database, ZHIYUAN_KEY_FILE: keyFile };
  delete env.ZHIYUAN_CONFIG;
  return env;
}
const zhiyuan = (args, database = server.database) =>
  spawnSync(binary, args, { cwd: work, env: cliEnv(database), encoding: 'utf8' });

// The same without blocking the event loop, so that the test's own HTTP load keeps flowing meanwhile.
function zhiyuanAsync(args, database = server.database) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: work, env: cliEnv(database), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function assertOk(r, what) {
  assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stderr}${r.stdout}`);
}

let databases = 0;
// A new, empty database of the backend under test (the target of a restore).
function newDatabase() {
  databases += 1;
  if (isSqlite()) return `sqlite:${path.join(work, `restored-${databases}.db`)}`;
  const base = process.env.ZHIYUAN_TEST_PG_URL;
  const name = `zy_backup_${process.pid}_${Date.now()}_${databases}`;
  const r = spawnSync('psql', [base, '-X', '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, `CREATE DATABASE failed: ${r.stderr}`);
  createdPg.push(name);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

// One query's rows, as lines of text (SQLite's list mode, psql's unaligned mode; fields separated by |).
function sql(database, query) {
  const r = isSqlite()
    ? spawnSync('sqlite3', [sqliteFile(database), query], { encoding: 'utf8', maxBuffer: 256 << 20 })
    : spawnSync('psql', [database, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', query],
      { encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, `${query}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

const volunteerNumbers = (database) => new Set(sql(database, 'SELECT volunteer_number FROM registry_volunteers'));

// ---- the whole database as text: every table's rows in a fixed order, plus the schema ---------------------

// {name → text}: each table's full rows sorted by every column, and '(schema)' (plus '(sequences)' on
// PostgreSQL). Two databases with equal snapshots hold the same data, table by table.
function snapshot(database) {
  return isSqlite() ? sqliteSnapshot(sqliteFile(database)) : pgSnapshot(database);
}

function sqliteSnapshot(file) {
  const run = (query) => {
    const r = spawnSync('sqlite3', ['-batch', '-cmd', '.mode quote', file, query],
      { encoding: 'utf8', maxBuffer: 256 << 20 });
    assert.equal(r.status, 0, `sqlite3 ${file}: ${query}: ${r.stderr}`);
    return r.stdout;
  };
  const out = { '(schema)': run('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name') };
  const tables = run("SELECT name, (SELECT count(*) FROM pragma_table_info(s.name)) FROM sqlite_schema s "
    + "WHERE type = 'table' ORDER BY name")
    .split('\n').filter(Boolean).map((line) => {
      const m = /^'(.*)',(\d+)$/.exec(line);
      assert.ok(m, `table list line ${line}`);
      return { name: m[1].replaceAll("''", "'"), columns: Number(m[2]) };
    });
  for (const t of tables) {
    const order = Array.from({ length: t.columns }, (_, i) => i + 1).join(', ');
    out[t.name] = run(`SELECT * FROM "${t.name.replaceAll('"', '""')}" ORDER BY ${order}`);
  }
  return out;
}

const PG_USER_SCHEMA = "NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)";
const PG_SCHEMA_LINES = [
  `SELECT concat_ws(' ', 'column', table_schema, table_name, ordinal_position, column_name, data_type, is_nullable,
     column_default) FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`,
  `SELECT concat_ws(' ', 'index', schemaname, indexname, indexdef) FROM pg_indexes
     WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
  `SELECT concat_ws(' ', 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid)) FROM pg_constraint
     WHERE connamespace ${PG_USER_SCHEMA}`,
  `SELECT concat_ws(' ', 'trigger', tgrelid::regclass::text, tgname, pg_get_triggerdef(oid)) FROM pg_trigger
     WHERE NOT tgisinternal`,
  `SELECT concat_ws(' ', 'function', proname, md5(prosrc)) FROM pg_proc WHERE pronamespace ${PG_USER_SCHEMA}`,
];

function pgSnapshot(url) {
  const tables = sql(url, "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM "
    + "information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
    + "AND table_type = 'BASE TABLE' ORDER BY 1");
  assert.ok(tables.length > 0, `${url} has tables`);
  const literal = (s) => `'${s.replaceAll("'", "''")}'`;
  // One row per entry: its name, then its text (for a table: the row count, then every row sorted).
  const parts = [
    `SELECT '(schema)', (SELECT string_agg(x, E'\\n' ORDER BY x) FROM (${PG_SCHEMA_LINES.join(' UNION ALL ')}) s(x))`,
    `SELECT '(sequences)', (SELECT string_agg(concat_ws(' ', schemaname, sequencename, last_value), E'\\n'
       ORDER BY schemaname, sequencename) FROM pg_sequences)`,
    ...tables.map((t) => `SELECT ${literal(t)}, (SELECT count(*) || E'\\n'
       || coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '') FROM ${t} r)`),
  ];
  const r = spawnSync('psql', [url, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-F', '\x1f', '-R', '\x1e',
    '-c', parts.join('\nUNION ALL\n')], { encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, `snapshot of ${url}: ${r.stderr}`);
  const out = {};
  for (const record of r.stdout.replace(/\n$/, '').split('\x1e')) {
    const cut = record.indexOf('\x1f');
    out[record.slice(0, cut)] = record.slice(cut + 1);
  }
  return out;
}

// Equal table lists and, table by table, equal contents; a difference names the table and its first line.
function assertSameData(actual, expected, what) {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}: the same tables`);
  for (const name of Object.keys(expected)) {
    if (actual[name] === expected[name]) continue;
    const a = actual[name].split('\n');
    const e = expected[name].split('\n');
    let i = 0;
    while (i < a.length && i < e.length && a[i] === e[i]) i += 1;
    assert.fail(`${what}: table ${name} differs at line ${i + 1} (${a.length} lines against ${e.length}):\n`
      + `  got:      ${(a[i] ?? '(end)').slice(0, 300)}\n  expected: ${(e[i] ?? '(end)').slice(0, 300)}`);
  }
}

function census(stdout, what) {
  const m = CENSUS.exec(stdout);
  assert.ok(m, `${what} prints what it holds:\n${stdout}`);
  return { text: m[0], version: Number(m[1]), tables: Number(m[2]), rows: Number(m[3]) };
}

// ---- the tests ------------------------------------------------------------------------------------------

let backupA; // taken in the first test, reused by the others
let censusA;
let beforeA; // a volunteer registered before backup A
let afterA; // one registered after it

test('a backup taken beside the running server restores into a new database equal to the source, table by table', async (t) => {
  const http = api(server.baseUrl);
  for (let i = 0; i < 3; i += 1) beforeA = await registerVolunteer(http);
  await login(http, beforeA.phone, beforeA.password); // a session row, too
  const source = snapshot(server.database);
  assert.ok(Object.keys(source).length > 30, `the source has its tables (${Object.keys(source).length})`);

  backupA = path.join(work, 'a.backup');
  const r = zhiyuan(['backup', backupA]);
  assertOk(r, 'backup');
  censusA = census(r.stdout, 'backup');
  assert.match(r.stdout, /key file .* is not in the backup/);
  assert.ok(censusA.rows > 100, `the demo data is in the backup (${censusA.text})`);
  assert.equal(statSync(backupA).mode & 0o777, 0o600, 'the backup is readable by its owner only');
  assert.ok(!existsSync(`${backupA}.tmp`), 'no partial file is left');
  if (isSqlite()) {
    for (const side of ['-wal', '-shm', '-journal']) assert.ok(!existsSync(backupA + side), `no ${side} beside the backup`);
    assert.deepEqual(sql(`sqlite:${backupA}`, 'PRAGMA journal_mode'), ['delete'], 'the backup is one self-contained file');
    assert.deepEqual(sql(`sqlite:${backupA}`, 'PRAGMA integrity_check'), ['ok']);
  }
  // Nothing wrote in between: the source as it is now is the source as of the backup.
  assertSameData(snapshot(server.database), source, 'the source after the backup');

  afterA = await registerVolunteer(http);

  const target = newDatabase();
  const restored = zhiyuan(['restore', backupA], target);
  assertOk(restored, 'restore');
  assert.equal(census(restored.stdout, 'restore').text, censusA.text, 'restore reports what backup reported');
  assertSameData(snapshot(target), source, 'the restored database');
  t.diagnostic(`${Object.keys(source).length} tables compared (${censusA.text})`);

  assert.ok(volunteerNumbers(server.database).has(afterA.volunteer.volunteer_number));
  assert.ok(!volunteerNumbers(target).has(afterA.volunteer.volunteer_number),
    'a registration made after the backup is not in it');
});

test('a backup taken while registrations keep arriving holds every one acknowledged before it began and none sent after it ended, and a server starts on its restore', async (t) => {
  const http = api(server.baseUrl);
  let phase = 'before'; // → 'during' (the backup runs) → 'after' (it has exited)
  let stopLoad = false;
  let loadFailed = false;
  const done = []; // {number, body, sentIn, ackedIn}
  const sentAfter = () => done.filter((d) => d.sentIn === 'after').length;
  const worker = async () => {
    try {
      while (!stopLoad) {
        const body = volunteerBody();
        const sentIn = phase;
        const r = await http.post('/api/v1/volunteers', body);
        assert.equal(r.status, 201, `registration under load: ${r.status} ${r.text}`);
        done.push({ number: r.body.volunteer_number, body, sentIn, ackedIn: phase });
      }
    } catch (e) {
      loadFailed = true;
      throw e;
    }
  };
  const load = Promise.all(Array.from({ length: 4 }, worker));
  try {
    while (done.length < 6 && !loadFailed) await sleep(10);
    const backupB = path.join(work, 'b.backup');
    phase = 'during';
    const r = await zhiyuanAsync(['backup', backupB]);
    phase = 'after';
    assertOk(r, 'backup under load');
    while (sentAfter() < 3 && !loadFailed) await sleep(10);
    stopLoad = true;
    await load;

    const ackedBefore = done.filter((d) => d.ackedIn === 'before');
    const during = done.filter((d) => d.sentIn !== 'after' && d.ackedIn !== 'before');
    const late = done.filter((d) => d.sentIn === 'after');
    t.diagnostic(`${ackedBefore.length} acknowledged before the backup, ${during.length} in flight during it, `
      + `${late.length} sent after it`);

    const target = newDatabase();
    const restored = zhiyuan(['restore', backupB], target);
    assertOk(restored, 'restore');
    assert.equal(census(restored.stdout, 'restore').text, census(r.stdout, 'backup').text);
    const numbers = volunteerNumbers(target);
    for (const d of ackedBefore) assert.ok(numbers.has(d.number), `${d.number}, acknowledged before the backup, is in it`);
    for (const d of late) assert.ok(!numbers.has(d.number), `${d.number}, sent after the backup ended, is not in it`);

    // Consistent: the desk's counters (kept by triggers) agree with a recount of the records; SQLite's own checks.
    assertOk(zhiyuan(['targets', 'check'], target), 'targets check on the restored database');
    if (isSqlite()) {
      assert.deepEqual(sql(target, 'PRAGMA integrity_check'), ['ok']);
      assert.deepEqual(sql(target, 'PRAGMA foreign_key_check'), []);
    }

    // A server starts on the restored database with the same key: the demo volunteer and a registration from
    // before the backup log in; a new registration gets a volunteer number never used before.
    const restoredServer = await startServer({ env: { ZHIYUAN_DATABASE: target, ZHIYUAN_KEY_FILE: keyFile } });
    try {
      const rhttp = api(restoredServer.baseUrl);
      const demoToken = await login(rhttp, '13900000002', DEMO_PASSWORD);
      assert.equal((await rhttp.get('/api/v1/me', { token: demoToken })).status, 200);
      const one = ackedBefore[ackedBefore.length - 1];
      const token = await login(rhttp, one.body.phone, one.body.password);
      const me = await rhttp.get('/api/v1/me', { token });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.body.volunteer.volunteer_number, one.number);
      const fresh = await registerVolunteer(rhttp);
      assert.ok(!numbers.has(fresh.volunteer.volunteer_number), 'volunteer numbering continues after the restore');
    } finally {
      await restoredServer.stop();
    }
  } finally {
    stopLoad = true;
    await load.catch(() => {});
  }
});

test('restore refuses a file that is not a backup of this backend, or one from a newer release, and changes nothing', async () => {
  const target = newDatabase();
  assertOk(zhiyuan(['restore', backupA], target), 'restore');
  const before = snapshot(target);
  const refuse = (file, pattern, what) => {
    const r = zhiyuan(['restore', file], target);
    assert.equal(r.status, 2, `${what}: exit 2, got ${r.status}:\n${r.stderr}${r.stdout}`);
    assert.match(r.stderr, pattern, what);
    assertSameData(snapshot(target), before, `the database after refusing ${what}`);
  };

  const text = path.join(work, 'notes.txt');
  writeFileSync(text, 'these are not the rows you are looking for\n');
  refuse(text, /not a backup/, 'a text file');
  refuse(path.join(work, 'missing.backup'), /no such file/, 'a missing file');

  if (isSqlite()) {
    const pgLike = path.join(work, 'pg-like.backup');
    writeFileSync(pgLike, Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(200, 1)]));
    refuse(pgLike, /PostgreSQL backup/, 'a pg_dump archive');
    const other = path.join(work, 'other.db');
    assert.equal(spawnSync('sqlite3', [other, 'CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES (1);']).status, 0);
    refuse(other, /not a Zhiyuan database/, 'a SQLite file of another application');
  } else {
    const sqliteFileBackup = path.join(work, 'sqlite.backup');
    assert.equal(spawnSync('sqlite3', [sqliteFileBackup, 'CREATE TABLE notes (x TEXT);']).status, 0);
    refuse(sqliteFileBackup, /SQLite backup/, 'a SQLite file');
    const other = newDatabase();
    sql(other, 'CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES (1)');
    const otherDump = path.join(work, 'other.dump');
    const d = spawnSync('pg_dump', ['--format=custom', `--file=${otherDump}`, other], { encoding: 'utf8' });
    assert.equal(d.status, 0, d.stderr);
    refuse(otherDump, /not of a Zhiyuan database/, 'a pg_dump archive of another database');
  }

  // A backup whose schema is newer than this binary's (as if written by a later release).
  const future = newDatabase();
  assertOk(zhiyuan(['restore', backupA], future), 'restore');
  sql(future, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', 0)");
  const futureBackup = path.join(work, 'future.backup');
  assertOk(zhiyuan(['backup', futureBackup], future), 'backup of the future database');
  refuse(futureBackup, /newer than this zhiyuan knows/, 'a backup from a newer release');
});

test('backup refuses to overwrite an existing file', () => {
  const existing = path.join(work, 'precious.backup');
  writeFileSync(existing, 'precious');
  const r = zhiyuan(['backup', existing]);
  assert.equal(r.status, 2, `${r.stderr}${r.stdout}`);
  assert.match(r.stderr, /already exists/);
  assert.equal(readFileSync(existing, 'utf8'), 'precious');
  assert.ok(!existsSync(`${existing}.tmp`));
  const noFolder = zhiyuan(['backup', path.join(work, 'no-such-folder', 'x.backup')]);
  assert.equal(noFolder.status, 2, noFolder.stderr);
});

test('restore refuses while a server uses the database, and once it is stopped replaces the contents with the backup', async () => {
  const busy = server.runCli(['restore', backupA]);
  assert.equal(busy.status, 1, `${busy.stderr}${busy.stdout}`);
  assert.match(busy.stderr, /stop every server/);
  assert.ok(volunteerNumbers(server.database).has(afterA.volunteer.volunteer_number), 'nothing was restored');

  await server.crash();
  if (!isSqlite()) {
    // The killed server's sessions end when PostgreSQL notices the closed sockets.
    const others = 'SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() '
      + "AND pid <> pg_backend_pid() AND backend_type = 'client backend'";
    for (let i = 0; i < 100 && sql(server.database, others)[0] !== '0'; i += 1) await sleep(50);
  }
  const r = server.runCli(['restore', backupA]);
  assertOk(r, 'restore over the live database');
  assert.equal(census(r.stdout, 'restore').text, censusA.text);
  const numbers = volunteerNumbers(server.database);
  assert.ok(numbers.has(beforeA.volunteer.volunteer_number));
  assert.ok(!numbers.has(afterA.volunteer.volunteer_number), 'what was written after the backup is gone');

  await server.restart();
  const http = api(server.baseUrl);
  await login(http, beforeA.phone, beforeA.password);
  const gone = await http.post('/api/v1/sessions', { phone: afterA.phone, password: afterA.password });
  assert.equal(gone.status, 401, gone.text);
});
