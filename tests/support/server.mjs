// Starts the real `build/zhiyuan serve` on a free loopback port with a fresh database, for API and browser
// tests. Backend: options.backend ('sqlite' | 'postgresql'), default from ZHIYUAN_TEST_BACKEND or 'sqlite'.
// PostgreSQL needs ZHIYUAN_TEST_PG_URL (a server `make test` starts); each server gets its own database.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binary = process.env.ZHIYUAN_BIN || path.join(repoRoot, 'build', 'zhiyuan');

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

let databaseCounter = 0;

function createPgDatabase() {
  const base = process.env.ZHIYUAN_TEST_PG_URL;
  if (!base) throw new Error('ZHIYUAN_TEST_PG_URL is not set: run through `make test` (it starts PostgreSQL)');
  const name = `zy_api_${process.pid}_${Date.now()}_${++databaseCounter}`;
  const r = spawnSync('psql', [base, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, base };
}

export async function startServer(options = {}) {
  const backend = options.backend || process.env.ZHIYUAN_TEST_BACKEND || 'sqlite';
  const dir = mkdtempSync(path.join(tmpdir(), 'zhiyuan-test-'));
  const port = await freePort();
  let database;
  let pg;
  if (backend === 'postgresql') {
    pg = createPgDatabase();
    database = pg.url;
  } else {
    database = `sqlite:${path.join(dir, 'zhiyuan.db')}`;
  }
  const env = {
    ...process.env,
    ZHIYUAN_DATABASE: database,
    ZHIYUAN_LISTEN: `127.0.0.1:${port}`,
    ZHIYUAN_KEY_FILE: path.join(dir, 'secret.key'),
    // ZHIYUAN_TEST_WEB_ROOT: a web build elsewhere than web/dist (e.g. one engineer's own, beside another's).
    ZHIYUAN_WEB_ROOT: options.webRoot ?? process.env.ZHIYUAN_TEST_WEB_ROOT ?? path.join(repoRoot, 'web', 'dist'),
    ZHIYUAN_CONFIG: path.join(dir, 'none.conf'),
    // Tests log in and register far faster than people; a test of the per-address limits turns them back on.
    ZHIYUAN_RATE_LIMITS: 'off',
    ...(options.env || {}),
  };
  delete env.ZHIYUAN_CONFIG;
  const args = ['serve', ...(options.demo ? ['--demo'] : [])];
  let log = '';
  let child;
  const baseUrl = `http://127.0.0.1:${port}`;

  let ending = false; // set by crash() and stop(): any other exit is a server failure worth seeing
  const launch = async () => {
    ending = false;
    child = spawn(binary, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; });
    child.once('exit', (code, signal) => {
      if (!ending) {
        process.stderr.write(`\n*** the server on ${baseUrl} exited unexpectedly (code ${code}, signal ${signal}); `
          + `its log ends:\n${log.split('\n').slice(-40).join('\n')}\n`);
      }
    });
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${log}`);
      try {
        const r = await fetch(`${baseUrl}/healthz`);
        if (r.ok) return;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server did not start in time:\n${log}`);
  };
  try {
    await launch();
  } catch (e) {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (pg) spawnSync('psql', [pg.base, '-qc', `DROP DATABASE IF EXISTS ${pg.name} WITH (FORCE)`]);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const runCli = (cliArgs, input = '') => spawnSync(binary, cliArgs, { cwd: dir, env, input, encoding: 'utf8' });
  // The same without blocking the event loop, so a test's own HTTP load keeps flowing while the command runs.
  const runCliAsync = (cliArgs) => new Promise((resolve, reject) => {
    const child2 = spawn(binary, cliArgs, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child2.stdout.on('data', (d) => { stdout += d; });
    child2.stderr.on('data', (d) => { stderr += d; });
    child2.on('error', reject);
    child2.on('close', (status) => resolve({ status, stdout, stderr }));
  });

  return {
    baseUrl,
    backend,
    dir,
    database,
    get log() { return log; },
    get pid() { return child.pid; },
    // Runs `zhiyuan admin create` against the same database and key. `partner` is the bank (bank_operator) or
    // merchant (merchant) code of a partner role. Answers its stdout: for the administrator roles (city_admin,
    // county_admin, auditor) it holds the authenticator's otpauth://totp/… URI (see support/totp.mjs).
    createAdmin({ phone, password, role, county, name, partner }) {
      const a = ['admin', 'create', '--phone', phone, '--role', role];
      if (county) a.push('--county', county);
      if (partner) a.push('--partner', partner);
      if (name) a.push('--name', name);
      const r = runCli(a, `${password}\n`);
      if (r.status !== 0) throw new Error(`admin create failed: ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    // Runs `zhiyuan banks add CODE [--name NAME]` against the same database and key (also while the server
    // runs): a bank's new API key, printed once as "bank CODE API key: zyb_…". Answers {key, stdout}.
    addBank(code, name) {
      const r = runCli(['banks', 'add', code, ...(name ? ['--name', name] : [])]);
      if (r.status !== 0) throw new Error(`banks add failed (${r.status}): ${r.stderr}${r.stdout}`);
      const m = new RegExp(`^bank ${code} API key: (\\S+)$`, 'm').exec(r.stdout);
      if (!m) throw new Error(`banks add printed no key:\n${r.stdout}`);
      return { key: m[1], stdout: r.stdout };
    },
    // Any `zhiyuan` command against this server's database and key file (env ZHIYUAN_DATABASE,
    // ZHIYUAN_KEY_FILE): spawnSync's result, with `input` on stdin.
    runCli,
    runCliAsync,
    // kill -9, for crash tests; restart() brings the same database back up.
    crash() {
      ending = true;
      child.kill('SIGKILL');
      return new Promise((resolve) => child.once('exit', resolve));
    },
    async restart() { await launch(); },
    async stop() {
      ending = true;
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      if (pg) spawnSync('psql', [pg.base, '-qc', `DROP DATABASE IF EXISTS ${pg.name} WITH (FORCE)`]);
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Tiny JSON client: api(base).post(path, body, {token}) → {status, body, headers}.
export function client(baseUrl, token) {
  const call = async (method, p, body, extra = {}) => {
    const headers = { ...(extra.headers || {}) };
    const t = extra.token ?? token;
    if (t) headers.authorization = `Bearer ${t}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(baseUrl + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    return { status: r.status, body: json, headers: r.headers, text };
  };
  return {
    get: (p, extra) => call('GET', p, undefined, extra),
    post: (p, body = {}, extra) => call('POST', p, body, extra),
    put: (p, body = {}, extra) => call('PUT', p, body, extra),
    patch: (p, body = {}, extra) => call('PATCH', p, body, extra),
    del: (p, extra) => call('DELETE', p, undefined, extra),
  };
}

// A valid 居民身份证号 (GB 11643) for tests: region, birth date (YYYYMMDD) and a 3-digit sequence.
export function residentId(region = '441402', birth = '19900101', seq = Math.floor(Math.random() * 1000)) {
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

let phoneCounter = 0;
export function randomPhone() {
  const n = (Date.now() * 7 + process.pid * 13 + ++phoneCounter * 7919) % 100000000;
  return `13${Math.floor(Math.random() * 10)}${String(n).padStart(8, '0')}`;
}

export function uniqueBirth() {
  // Random adult birth dates keep generated ID numbers from colliding across runs.
  const y = 1960 + Math.floor(Math.random() * 40);
  const m = 1 + Math.floor(Math.random() * 12);
  const d = 1 + Math.floor(Math.random() * 28);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}
