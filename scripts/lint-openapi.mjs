#!/usr/bin/env node
// Lints the OpenAPI description against the server:
//   1. the document is valid OpenAPI (@apidevtools/swagger-parser, SwaggerParser.validate);
//   2. its operations are exactly the server's routes (`zhiyuan routes`: method, path pattern, access),
//      comparing method + path with `{param}` names normalised;
//   3. a route's access agrees with the operation's security: public ⇔ `security: []`; an authenticated
//      route must not allow anonymous calls, and a write that accepts `cookieAuth` must pair it with
//      `csrfToken` (the X-CSRF-Token header); every scheme named must be defined.
//
// Usage (from the repository root): node scripts/lint-openapi.mjs [docs/openapi.yaml]
// Environment:
//   ZHIYUAN_BIN                the server binary (default: build/zhiyuan of this repository)
//   OPENAPI_LINT_NODE_MODULES  where to resolve swagger-parser from when web/node_modules lacks it: a
//                              package.json (or a directory) whose node_modules has it
// Exit status: 0 when everything agrees, 1 when the document has problems, 2 when the lint cannot run.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PARSER = '@apidevtools/swagger-parser';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

class SetupError extends Error {}

// ---- loading swagger-parser ------------------------------------------------------------------------------

function loadSwaggerParser() {
  const tried = [];
  const attempt = (from, label) => {
    try {
      const mod = createRequire(from)(PARSER);
      return mod?.validate ? mod : mod?.default;
    } catch (e) {
      tried.push(`${label}: ${e.code === 'MODULE_NOT_FOUND' ? 'not installed' : e.message}`);
      return undefined;
    }
  };
  let parser = attempt(new URL('../web/package.json', import.meta.url), 'web/node_modules');
  const fallback = process.env.OPENAPI_LINT_NODE_MODULES;
  if (!parser && fallback) {
    let from = path.resolve(fallback);
    // createRequire wants a file; a directory stands for a file inside it.
    if (existsSync(from) && statSync(from).isDirectory()) from = path.join(from, 'package.json');
    parser = attempt(from, `OPENAPI_LINT_NODE_MODULES=${fallback}`);
  }
  if (!parser) {
    throw new SetupError(
      `cannot load ${PARSER} (${tried.join('; ')}).\n` +
        `  Install the web dependencies (cd web && npm ci), or point OPENAPI_LINT_NODE_MODULES at a package.json\n` +
        `  whose node_modules has it (mkdir -p /tmp/oalint && cd /tmp/oalint && npm init -y && npm i ${PARSER}).`,
    );
  }
  return parser;
}

// ---- the server's routes ---------------------------------------------------------------------------------

function serverRoutes() {
  const bin = process.env.ZHIYUAN_BIN ? path.resolve(process.env.ZHIYUAN_BIN) : path.join(repoRoot, 'build', 'zhiyuan');
  if (!existsSync(bin)) {
    throw new SetupError(`server binary not found: ${bin} (build it with \`make native\`, or set ZHIYUAN_BIN)`);
  }
  // A throwaway database and key: listing routes must not touch anybody's data.
  const tmp = mkdtempSync(path.join(tmpdir(), 'zhiyuan-openapi-'));
  try {
    const run = spawnSync(bin, ['routes'], {
      cwd: tmp,
      env: { ...process.env, ZHIYUAN_DATABASE: `sqlite:${path.join(tmp, 'r.db')}`, ZHIYUAN_KEY_FILE: path.join(tmp, 'k') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.error) throw new SetupError(`cannot run ${bin} routes: ${run.error.message}`);
    if (run.status !== 0) {
      throw new SetupError(
        `${bin} routes exited with ${run.status ?? run.signal}:\n${(run.stderr || run.stdout || '').trim()}`,
      );
    }
    const routes = [];
    for (const [i, raw] of run.stdout.split('\n').entries()) {
      const line = raw.trim();
      if (!line) continue;
      const m = /^([A-Z]+) (\/\S*) (public|authenticated|bank)$/.exec(line);
      if (!m) throw new SetupError(`${bin} routes, line ${i + 1}: cannot read "${line}" (want: METHOD /path public|authenticated|bank)`);
      routes.push({ method: m[1], path: m[2], access: m[3] });
    }
    if (routes.length === 0) throw new SetupError(`${bin} routes listed no routes`);
    return routes;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// ---- comparing -------------------------------------------------------------------------------------------

const normalise = (p) => p.replace(/\{[^/{}]*\}/g, '{}');
const key = (method, p) => `${method.toUpperCase()} ${normalise(p)}`;
const describeSecurity = (s) => (s === undefined ? '(none)' : JSON.stringify(s));

function documentOperations(doc) {
  const ops = new Map();
  const problems = [];
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    if (p.startsWith('x-') || !item || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      if (!item[method]) continue;
      const k = key(method, p);
      if (ops.has(k)) {
        problems.push(`${method.toUpperCase()} ${p}: the same operation as ${ops.get(k).method} ${ops.get(k).path} (path parameter names differ only)`);
        continue;
      }
      ops.set(k, { method: method.toUpperCase(), path: p, op: item[method] });
    }
  }
  return { ops, problems };
}

function compare(doc, routes) {
  const { ops, problems } = documentOperations(doc);
  const schemes = doc.components?.securitySchemes ?? {};
  const seen = new Set();
  let publicCount = 0;

  for (const route of routes) {
    const k = key(route.method, route.path);
    if (seen.has(k)) continue;
    seen.add(k);
    const entry = ops.get(k);
    if (!entry) {
      problems.push(`${route.method} ${route.path}: a server route (${route.access}) missing from the document`);
      continue;
    }
    const where = `${entry.method} ${entry.path}`;
    const own = entry.op.security;
    const effective = own !== undefined ? own : doc.security;
    if (route.access === 'public') {
      publicCount++;
      if (!(Array.isArray(own) && own.length === 0)) {
        problems.push(`${where}: the server route is public, so the operation must say \`security: []\` (it has ${describeSecurity(own)}${own === undefined ? `, inheriting ${describeSecurity(doc.security)}` : ''})`);
      }
    } else if (route.access === 'bank') {
      // A partner bank's system: only the HMAC request signature (no session) may be accepted.
      if (!Array.isArray(own) || own.length === 0 || own.some((req) => !req || !('bankSignature' in req) || Object.keys(req).length !== 1)) {
        problems.push(`${where}: the server route is signed by a bank, so the operation's security must be [{bankSignature: []}] (it has ${describeSecurity(own)})`);
      }
    } else {
      if (!Array.isArray(effective) || effective.length === 0) {
        problems.push(`${where}: the server route needs authentication, but the operation's security is ${describeSecurity(effective)} (public)`);
      } else if (effective.some((req) => !req || Object.keys(req).length === 0)) {
        problems.push(`${where}: the server route needs authentication, but the operation's security allows anonymous calls ({} in ${describeSecurity(effective)})`);
      } else if (WRITE_METHODS.has(route.method) && effective.some((req) => 'cookieAuth' in req && !('csrfToken' in req))) {
        problems.push(`${where}: a write accepting cookieAuth must also require csrfToken (the X-CSRF-Token header) in the same requirement`);
      }
    }
    for (const req of Array.isArray(effective) ? effective : []) {
      for (const name of Object.keys(req ?? {})) {
        if (!schemes[name]) problems.push(`${where}: security scheme "${name}" is not defined in components.securitySchemes`);
      }
    }
  }

  for (const [k, entry] of ops) {
    if (!seen.has(k)) problems.push(`${entry.method} ${entry.path}: documented, but the server has no such route`);
  }
  return { problems, operations: ops.size, publicCount };
}

// ---- main ------------------------------------------------------------------------------------------------

async function main() {
  const arg = process.argv[2];
  if (arg === '-h' || arg === '--help') {
    console.log('usage: node scripts/lint-openapi.mjs [docs/openapi.yaml]');
    return 0;
  }
  const file = arg ? path.resolve(arg) : path.join(repoRoot, 'docs', 'openapi.yaml');
  const shown = arg || path.relative(process.cwd(), file);
  if (!existsSync(file)) throw new SetupError(`no such file: ${file}`);

  const SwaggerParser = loadSwaggerParser();
  const routes = serverRoutes();
  const problems = [];

  // The document as written (no $ref resolution), for the route and security comparison.
  let doc;
  try {
    doc = await SwaggerParser.parse(file);
  } catch (e) {
    console.error(`openapi-lint: ${shown}: cannot parse: ${e.message}`);
    return 1;
  }
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) {
    problems.push(`"openapi" is ${JSON.stringify(doc.openapi ?? doc.swagger)}; expected an OpenAPI 3 document`);
  }
  const result = compare(doc, routes);
  problems.push(...result.problems);

  try {
    await SwaggerParser.validate(file);
  } catch (e) {
    problems.push(`not a valid OpenAPI document: ${e.message}`);
  }

  if (problems.length > 0) {
    for (const p of problems) console.error(`  - ${p}`);
    console.error(`openapi-lint: ${shown}: ${problems.length} problem(s) (server: ${routes.length} routes, document: ${result.operations} operations)`);
    return 1;
  }
  console.log(
    `openapi-lint: ${shown} OK — valid OpenAPI ${doc.openapi}; ${result.operations} operations match the server's ` +
      `${routes.length} routes (${result.publicCount} public, ${routes.length - result.publicCount} authenticated)`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`openapi-lint: ${e instanceof SetupError ? e.message : e.stack ?? e}`);
    process.exit(2);
  },
);
