// HTTP basics: health, unknown paths, malformed and oversized bodies, security headers, request ids, the
// single-page-app fallback and the web root's boundary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import http from 'node:http';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, repoRoot } from '../support/server.mjs';
import { api, assertProblem, volunteerBody } from './helpers.mjs';

const distIndex = path.join(repoRoot, 'web', 'dist', 'index.html');
const hasDist = existsSync(distIndex);
const MiB = 1024 * 1024;

let server; // default web root (web/dist)
let jail; // a server whose web root is a temporary directory with a secret file beside it
// A script large enough to be worth compressing (as a built page's are).
const BIG_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const value${i} = "志愿服务 ${i}";`).join('\n');

let jailDir;
let anon;

before(async () => {
  jailDir = mkdtempSync(path.join(tmpdir(), 'zhiyuan-webroot-'));
  mkdirSync(path.join(jailDir, 'root', 'assets'), { recursive: true });
  writeFileSync(path.join(jailDir, 'root', 'index.html'), '<!doctype html><title>jail-index</title>');
  writeFileSync(path.join(jailDir, 'root', 'assets', 'app.js'), 'console.log("jail-asset")');
  writeFileSync(path.join(jailDir, 'root', 'assets', 'big-0a1b2c.js'), BIG_SCRIPT);
  writeFileSync(path.join(jailDir, 'secret.txt'), 'TOP-SECRET-OUTSIDE-WEB-ROOT');
  [server, jail] = await Promise.all([
    startServer(),
    startServer({ webRoot: path.join(jailDir, 'root') }),
  ]);
  anon = api(server.baseUrl);
});
after(async () => {
  await Promise.all([server?.stop(), jail?.stop()]);
  if (jailDir) rmSync(jailDir, { recursive: true, force: true });
});

// A request sent byte for byte as given: fetch() would normalise `..` and `%2e%2e` away before sending.
function raw(baseUrl, method, rawPath, { body, headers = {} } = {}) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method, path: rawPath, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, bytes, text: bytes.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function assertSecurityHeaders(headers, where) {
  const get = (n) => (typeof headers.get === 'function' ? headers.get(n) : headers[n]);
  assert.equal(get('x-content-type-options'), 'nosniff', `${where}: X-Content-Type-Options`);
  const csp = get('content-security-policy') || '';
  assert.match(csp, /frame-ancestors/, `${where}: CSP with frame-ancestors (${csp})`);
  assert.match(csp, /default-src/, `${where}: CSP default-src`);
  assert.ok(get('x-request-id'), `${where}: X-Request-Id`);
}

test('GET /healthz answers 200 {status: "ok"} with the database up', async () => {
  const r = await anon.get('/healthz');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.database, 'ok');
  assert.match(r.headers.get('content-type'), /^application\/json/);
});

test('an unknown /api path answers 404 problem+json', async () => {
  for (const p of ['/api/v1/nothing-here', '/api/v2/volunteers', '/api/', '/api/v1/volunteers/1/nothing']) {
    const r = await anon.get(p);
    assertProblem(r, 404, { code: 'not_found' });
  }
  assertProblem(await anon.post('/api/v1/nothing-here', {}), 404);
});

test('a known API path with the wrong method answers 405 problem+json', async () => {
  assertProblem(await anon.del('/api/v1/regions'), 405, { code: 'method_not_allowed' });
  assertProblem(await anon.put('/api/v1/volunteers', {}), 405, { code: 'method_not_allowed' });
});

test('a malformed JSON body answers 400 problem+json', async () => {
  for (const body of ['{"name": ', 'not json', '{"a":1}}', '[1,2,3]', '"just a string"']) {
    const r = await fetch(`${server.baseUrl}/api/v1/volunteers`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body,
    });
    const text = await r.text();
    assertProblem({ status: r.status, headers: r.headers, body: JSON.parse(text), text }, 400, { code: 'bad_request' });
  }
});

test('a field of the wrong JSON type is a 422 naming the field', async () => {
  const r = await anon.post('/api/v1/volunteers', volunteerBody({ skills: 'not-a-list', guardian_consent: 'yes' }));
  const problem = assertProblem(r, 422, { field: 'skills' });
  assert.ok(problem.errors.some((e) => e.field === 'guardian_consent'), r.text);
});

test('a body just under 1 MiB is read and validated, not refused for its size', async () => {
  const body = JSON.stringify({ ...volunteerBody(), availability: 'x'.repeat(MiB - 2000) });
  assert.ok(body.length < MiB);
  const r = await fetch(`${server.baseUrl}/api/v1/volunteers`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body,
  });
  assert.equal(r.status, 422, await r.text());
});

async function postSized(size) {
  const body = `{"name":"${'x'.repeat(size - 11)}"}`;
  assert.equal(body.length, size);
  try {
    const r = await fetch(`${server.baseUrl}/api/v1/volunteers`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body,
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, text, body: JSON.parse(text) };
  } catch (e) {
    assert.fail(`a ${size}-byte body got no HTTP answer (expected 413): ${e.cause?.code || e.message}`);
  }
}

test('a body of 1 MiB plus one byte answers 413 body_too_large', async () => {
  const r = await postSized(MiB + 1);
  assertProblem(r, 413, { code: 'body_too_large' });
});

test('a body of 2 MiB answers 413 body_too_large', async () => {
  const r = await postSized(2 * MiB);
  assertProblem(r, 413, { code: 'body_too_large' });
});

test('the server keeps answering after oversized bodies', async () => {
  assert.equal((await anon.get('/healthz')).status, 200);
});

test('API answers, errors and pages carry the security headers and an X-Request-Id', async () => {
  const responses = [
    ['GET /healthz', await anon.get('/healthz')],
    ['GET /api/v1/regions', await anon.get('/api/v1/regions')],
    ['GET /api/v1/me (401)', await anon.get('/api/v1/me')],
    ['GET unknown API (404)', await anon.get('/api/v1/nope')],
    ['POST malformed (400)', await fetch(`${server.baseUrl}/api/v1/volunteers`, { method: 'POST', body: '{' })],
    ['POST /api/v1/volunteers (422)', await anon.post('/api/v1/volunteers', {})],
    ['GET / (page)', await anon.get('/')],
  ];
  const ids = new Set();
  for (const [where, r] of responses) {
    assertSecurityHeaders(r.headers, where);
    ids.add(r.headers.get('x-request-id'));
  }
  assert.equal(ids.size, responses.length, 'each response has its own request id');
  const problem = await anon.get('/api/v1/me');
  assert.equal(problem.body.request_id, problem.headers.get('x-request-id'), 'the problem names its request id');
  assert.match((await anon.get('/api/v1/regions')).headers.get('cache-control') || '', /no-store/);
});

test('a path with .. never escapes the web root', async () => {
  const attempts = [
    '/../secret.txt', '/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/.%2e/secret.txt',
    '/..\\secret.txt', '/%2e%2e%5csecret.txt', '//../secret.txt', '/index.html/../../secret.txt',
  ];
  for (const p of attempts) {
    const r = await raw(jail.baseUrl, 'GET', p);
    assert.ok(!r.text.includes('TOP-SECRET'), `GET ${p} escaped the web root: ${r.status} ${r.text}`);
    assert.ok(r.status === 404 || r.status === 400 || r.text.includes('jail-index'), `GET ${p}: ${r.status}`);
    assert.ok(r.headers['x-request-id'], `GET ${p} has an X-Request-Id`);
  }
  // The files inside the root are served.
  const asset = await raw(jail.baseUrl, 'GET', '/assets/app.js');
  assert.equal(asset.status, 200);
  assert.match(asset.text, /jail-asset/);
});

test('non-API paths fall back to index.html (the client router handles them)', { skip: !hasDist && 'web/dist/index.html is absent' }, async () => {
  const index = readFileSync(distIndex, 'utf8');
  for (const p of ['/', '/organizations/12', '/me', '/volunteers/register?from=qr']) {
    const r = await fetch(`${server.baseUrl}${p}`);
    assert.equal(r.status, 200, p);
    assert.match(r.headers.get('content-type') || '', /^text\/html/);
    assert.equal(await r.text(), index, `${p} serves index.html`);
    assertSecurityHeaders(r.headers, p);
  }
});

test('a missing asset under /assets/ is a 404, not the index page', { skip: !hasDist && 'web/dist/index.html is absent' }, async () => {
  const r = await fetch(`${server.baseUrl}/assets/does-not-exist-${Date.now()}.js`);
  assert.equal(r.status, 404);
  assert.doesNotMatch(await r.text(), /<!doctype html>/i);
});

test('a non-GET request to a non-API path is not served a page', async () => {
  const r = await fetch(`${server.baseUrl}/organizations/12`, { method: 'POST', body: 'x' });
  assert.ok(r.status >= 400, `POST to a page path: ${r.status}`);
});

test('API answers to GET over 1 KiB are gzipped for clients that ask', async (t) => {
  const demo = await startServer({ demo: true }); // a page of activities to send
  t.after(() => demo.stop());
  const page = '/api/v1/activities?page_size=50';
  const z = await raw(demo.baseUrl, 'GET', page, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(z.status, 200);
  assert.equal(z.headers['content-encoding'], 'gzip');
  assert.equal(z.headers.vary, 'Accept-Encoding');
  const plain = await raw(demo.baseUrl, 'GET', page, {});
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.ok(plain.bytes.length > 1024, `a page of activities: ${plain.bytes.length} bytes`);
  assert.ok(z.bytes.length < plain.bytes.length / 2, `${z.bytes.length} of ${plain.bytes.length} bytes`);
  assert.deepEqual(JSON.parse(gunzipSync(z.bytes).toString('utf8')), JSON.parse(plain.text));
});

test('static text is gzipped for browsers that ask (Vary: Accept-Encoding), and sent as it is otherwise', async () => {
  for (let i = 0; i < 2; i += 1) { // the second answer comes from the compressed copy kept in memory
    const z = await raw(jail.baseUrl, 'GET', '/assets/big-0a1b2c.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(z.status, 200);
    assert.equal(z.headers['content-encoding'], 'gzip');
    assert.equal(z.headers.vary, 'Accept-Encoding');
    assert.ok(z.bytes.length < Buffer.byteLength(BIG_SCRIPT) / 3, `compressed: ${z.bytes.length} bytes`);
    assert.equal(gunzipSync(z.bytes).toString('utf8'), BIG_SCRIPT);
  }
  for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'gzip;q=0, identity' }]) {
    const plain = await raw(jail.baseUrl, 'GET', '/assets/big-0a1b2c.js', { headers });
    assert.equal(plain.headers['content-encoding'], undefined, JSON.stringify(headers));
    assert.equal(plain.text, BIG_SCRIPT);
  }
  // Small files are not worth it; the SPA's index.html is small here.
  const small = await raw(jail.baseUrl, 'GET', '/assets/app.js', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(small.headers['content-encoding'], undefined);
  assert.match(small.text, /jail-asset/);
});
