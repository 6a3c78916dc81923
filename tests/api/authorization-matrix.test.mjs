// The authorisation matrix (SPEC §1 "every action is scoped"), generated from the server's own route table
// (`zhiyuan routes --json`): every route × every kind of caller × an object of the caller's own side and one of
// another side answers as the declared policy says —
//   - anonymous: public routes never 401/403 (log-in's own invalid_credentials aside); signed-in and bank routes
//     401;
//   - a caller holding none of the route's roles (and the route not open to any account): 403 `forbidden`;
//   - an allowed caller with their own object: neither 401, 403, 404 nor 5xx (400/409/422 for the empty body is
//     fine: the probe only asks whether the door opens) — except the few actions only one party may take on an
//     object others see too (ONE_PARTY_ONLY): 403 `forbidden` there;
//   - an allowed caller with an object they have no relation to (OWNERS: e.g. the auditor with a volunteer's need),
//     and a scoped caller (volunteer, organisation admin, county admin, bank operator, merchant) with the other
//     side's object: 404 `not_found`, the same answer as for an id that does not exist; the city admin sees the
//     whole city, and so (for what it may call at all) does the auditor: no other-side case for them;
//   - bank routes: a session without the bank's signature is 401 too; the bank's signed system gets its own
//     applications, and 404 for another bank's;
//   - a signed-in route without a declared role policy fails the first test, naming it.
// Bodies are `{}`, query strings none. No route is listed here: a new route gets its probes by itself, and a path
// parameter of a new kind fails the first test until the fixture world has an object of it (KIND_OF_SEGMENT, OWNERS).
//
// The fixture world: the demo data (city admin, auditor, security admin, county admins, the boc bank operator, the kedu-books
// merchant, a star-eligible volunteer) plus, on each side, objects made through the API — side A in 梅江区 441402
// (the callers' own), side B in 梅县区 441403 (foreign):
//   - an organisation approved by the county admin, child of a parent organisation with the same admin (who is a
//     volunteer too), with a member volunteer; a team with the volunteer in it;
//   - a published activity both are signed up for, a session of each recorded and confirmed (a ledger entry each),
//     and 补录 entries awaiting review: two of the volunteer (the county admin's and the city admin's ledger entry —
//     a confirmed entry awaits nobody's review) and one of the admin (reviewed by them as the parent's admin);
//   - an appeal of the volunteer's entry; a need posted by the volunteer, dispatched to the organisation;
//   - a proof each, and the SHA-256 of the volunteer's PDF; a certificate application each (side A at boc, the bank
//     operator's bank; side B at ceb);
//   - a unit of the county with both as contacts (单位联系人), its invitation; a notice to it with a PDF attachment
//     and a receipt; a published story of the county; an activation link (账号激活) from a volunteer import;
//   - a benefit: side A the kedu-books merchant's own, side B one of mz-bus;
//   - a staff account (a volunteer who applied for an organisation) for the security administrator's actions.
// Placeholders: the star publicity, candidate and objection exist on side A only (one publicity of the demo's 2★
// volunteer, an objection by the side-A volunteer). Stars are certified by the city, so there is no county-scoped
// star object; side B uses PLACEHOLDER_ID (an id nothing has) for those three kinds, which only a foreign probe of a
// scoped caller would use. Where the side-A objects are personal (ledger entry, proof, application, own volunteer
// record) the organisation admin has their own of each (byCaller).
//
// Order: the probes that must change nothing (anonymous, unsigned bank calls, forbidden, someone else's, foreign)
// first; then own reads; own writes (those that decide or end something — reject, approve, cancel, close… — last,
// see LATE_WRITES); deletions at the very end, and log-out with a throwaway session.
//
// ZHIYUAN_AUTHZ_REPORT=FILE appends every mismatch (route, caller, side, expected, actual) to FILE as Markdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { client, startServer } from '../support/server.mjs';
import {
  PASSWORD, DEMO, DEMO_PASSWORD, api, approvedOrganization, bankClient, chinaDate, chinaTime, confirmHours, csvFile,
  demoTotp, download, freshId, freshPhone, login, minutesFromNow, organizationBody, outboxMessages, publishedActivity,
  recordSession, routePolicies, sha256Hex, signUp, volunteerSession,
} from './helpers.mjs';

const ROLES = ['volunteer', 'org_admin', 'county_admin', 'city_admin', 'auditor', 'security_admin', 'bank_operator',
  'merchant'];
// The signed-in callers are one per role, each read back from GET /me; `anonymous` has no session.
// Callers whose scope is part of the city: another side's object must answer 404 for them.
const SCOPED = new Set(['volunteer', 'org_admin', 'county_admin', 'bank_operator', 'merchant']);
const DEMO_AUDITOR = '13800000002';
const DEMO_SECURITY_ADMIN = '13800000003';
const DEMO_BANK_OPERATOR = '13600000001'; // boc
const DEMO_MERCHANT = '13600000002'; // kedu-books
// An id no object has: the stand-in for the side-B star objects (see the header).
const PLACEHOLDER_ID = 999999999;

// Routes open to any object by design for a role (so a foreign object is no secret to that role and need not be
// 404), keyed by "METHOD path", then by the role ('*': every signed-in role) that makes a caller exempt.
const OPEN_BY_DESIGN = {
  'POST /api/v1/activities/{id}/signups': {
    volunteer: 'a volunteer signs up for any published activity of any organisation',
  },
  'POST /api/v1/organizations/{id}/memberships': {
    volunteer: 'a volunteer may ask to join any approved organisation',
  },
  // Check-in and check-out follow the sign-up: any published activity may be scanned, and one the volunteer is not
  // admitted to answers 422 `not_signed_up` / `not_checked_in` (the domain's rule, tests/api/attendance.test.mjs);
  // a draft or missing activity is still 404.
  'POST /api/v1/activities/{id}/check-ins': {
    volunteer: 'a volunteer scans the QR code of any published activity; not being admitted is a 422 with its reason',
  },
  'POST /api/v1/activities/{id}/check-outs': {
    volunteer: 'a volunteer scans the QR code of any published activity; not being checked in is a 422 with its reason',
  },
  'POST /api/v1/star-candidates/{id}/objections': {
    '*': 'any signed-in person may object to a candidate on public display (公示异议)',
  },
};

// Actions on a visible object that only one party may take: 403 expected. The caller sees the object (it is theirs
// in OWNERS) and holds the route's role, but the action belongs to someone else, and the domain says so with a 403
// and its reason rather than pretending the object does not exist. Keyed by "METHOD path", then by caller name.
const ONE_PARTY_ONLY = {
  'POST /api/v1/needs/{id}/confirmation': {
    org_admin: 'only the poster confirms the service (the organisation it was dispatched to sees the need)',
    county_admin: 'only the poster confirms the service (the county that dispatched it sees the need)',
    city_admin: 'only the poster confirms the service (the city sees every need)',
  },
  'POST /api/v1/needs/{id}/cancel': {
    org_admin: 'only the poster withdraws the need (the organisation it was dispatched to sees it)',
    county_admin: 'only the poster withdraws the need (the county that dispatched it sees it)',
    city_admin: 'only the poster withdraws the need (the city sees every need)',
  },
  'POST /api/v1/notices/{id}/receipts': {
    city_admin: 'receipts are the unit contacts’ to fill in (回执由单位联系人填报); the city sees the notice it sent',
  },
};
const onePartyOnly = (route, callerName) => ONE_PARTY_ONLY[routeKey(route)]?.[callerName];

// The kind of object a path parameter names, from the path segment before it.
const KIND_OF_SEGMENT = {
  organizations: 'organization',
  memberships: 'membership',
  teams: 'team',
  activities: 'activity',
  signups: 'signup',
  entries: 'ledger_entry',
  appeals: 'appeal',
  needs: 'need',
  proofs: 'proof',
  'proof-files': 'proof_file',
  'star-publicities': 'star_publicity',
  'star-candidates': 'star_candidate',
  'star-objections': 'star_objection',
  volunteers: 'volunteer',
  'credential-applications': 'credential_application',
  applications: 'credential_application',
  'e-certificates': 'e_certificate',
  benefits: 'benefit',
  regions: 'county',
  counties: 'county',
  populations: 'year',
  units: 'unit',
  'unit-invitations': 'unit_invitation',
  notices: 'notice',
  attachments: 'attachment',
  stories: 'story',
  'account-activations': 'activation',
  accounts: 'account',
};

// Who has a relation to the side-A object of each kind in the fixture world, making it their own: the admins of
// its organisation or county and the city admin, the volunteer it is about (member, signed up, poster, applicant,
// unit contact…), the bank it is addressed to, the merchant offering it. For anybody else an allowed call with it
// is a call with someone else's object, and must answer 404 like a foreign one. '*': kinds that only public routes
// name, or that carry no scope (a year).
const EVERYONE = '*';
const OWNERS = {
  organization: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  membership: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  team: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  activity: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  signup: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  ledger_entry: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  appeal: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  need: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  proof: ['volunteer', 'org_admin', 'city_admin'],
  star_publicity: ['volunteer', 'city_admin'],
  star_candidate: ['volunteer', 'city_admin'],
  star_objection: ['volunteer', 'city_admin'],
  volunteer: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  credential_application: ['volunteer', 'org_admin', 'bank_operator', 'city_admin'],
  benefit: ['merchant', 'city_admin'],
  county: ['county_admin', 'city_admin'],
  unit: ['volunteer', 'org_admin', 'county_admin', 'city_admin'],
  notice: ['volunteer', 'org_admin', 'city_admin'],
  attachment: ['volunteer', 'org_admin', 'city_admin'],
  story: ['county_admin', 'city_admin'],
  year: EVERYONE,
  proof_file: EVERYONE,
  e_certificate: EVERYONE,
  unit_invitation: EVERYONE,
  // A staff account (one holding a role): the security administrator's to manage, city-wide; nobody else's.
  account: ['security_admin'],
  activation: EVERYONE,
};

// Writes that decide, end or undo something come after the other writes, so that those still find their objects
// as built; among them, refusals (which want a reason, so the empty body changes nothing) before approvals, and
// endings last.
const LATE_WRITES = ['reject', 'decline', 'decision', 'status', 'approve', 'accept', 'revoke', 'withdraw', 'cancel',
  'close', 'star-revocation'];

let server;
let routes = []; // the route table, as the server declares it
let routeError; // why the route table could not be read
const callers = {}; // name → {name, roles: Set, http, relogin()}
let bankSystem; // boc's signed client
const world = { A: null, B: null };
const mismatches = [];

// ---- the route table ------------------------------------------------------------------------------------------

const routeKey = (r) => `${r.method} ${r.path}`;
const paramsOf = (r) => [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
const isObjectRoute = (r) => paramsOf(r).length > 0;
const hasBody = (method) => method === 'POST' || method === 'PUT' || method === 'PATCH';

function kindOf(route, param) {
  const segments = route.path.split('/');
  const i = segments.indexOf(`{${param}}`);
  const kind = KIND_OF_SEGMENT[segments[i - 1]];
  assert.ok(kind, `${routeKey(route)}: no fixture kind for {${param}} after "${segments[i - 1]}" — `
    + 'add the segment to KIND_OF_SEGMENT and an object of that kind to the fixture world');
  return kind;
}

function allows(route, caller) {
  if (route.access !== 'authenticated') return true;
  if (route.any_account) return true;
  return route.roles.some((role) => caller.roles.has(role));
}

// Whether the side-A objects the route names are the caller's own (see OWNERS); public routes show everybody
// everything they show, and a route open by design takes anybody's object.
function owns(route, caller) {
  if (route.access === 'public' || openByDesign(route, caller)) return true;
  return paramsOf(route).every((p) => {
    const who = OWNERS[kindOf(route, p)];
    assert.ok(who, `${routeKey(route)}: no OWNERS entry for the kind of {${p}}`);
    return who === EVERYONE || who.includes(caller.name);
  });
}

function openByDesign(route, caller) {
  const entry = OPEN_BY_DESIGN[routeKey(route)];
  if (!entry) return undefined;
  if (entry['*']) return entry['*'];
  for (const [role, reason] of Object.entries(entry)) if (caller.roles.has(role)) return reason;
  return undefined;
}

// ---- probing --------------------------------------------------------------------------------------------------

async function objectOf(sideName, callerName, kind) {
  const side = sideName === 'B' ? 'B' : 'A';
  const s = world[side];
  let v = s.byCaller[callerName]?.[kind];
  if (v === undefined) v = s.shared[kind];
  assert.ok(v !== undefined, `the fixture world has no side-${side} object of kind ${kind}`);
  return typeof v === 'function' ? v() : v;
}

async function concretePath(route, callerName, side) {
  let p = route.path;
  for (const param of paramsOf(route)) {
    const value = await objectOf(side, callerName, kindOf(route, param));
    p = p.replace(`{${param}}`, encodeURIComponent(String(value)));
  }
  return p;
}

// Routes whose purpose is to give their owner their own full values (PIPL right of access): the owner's own probe
// skips the full-value check every other answer gets (personal-data.test.mjs checks what they contain).
const OWNER_COPIES = new Set(['GET /api/v1/me/personal-data']);

function send(http, method, p) {
  switch (method) {
    case 'GET': return http.get(p);
    case 'POST': return http.post(p, {});
    case 'PUT': return http.put(p, {});
    case 'PATCH': return http.patch(p, {});
    case 'DELETE': return http.del(p);
    default: throw new Error(`no probe for method ${method}`);
  }
}

// A 401 that is the route's own answer (log-in's invalid_credentials), not the gate's `unauthenticated`.
const ownAnswer401 = (r, route) => r.status === 401 && route.access === 'public' && r.body?.code !== 'unauthenticated';
// A write whose path names no object can only answer 404 for the object its empty body fails to name (e.g. joining a
// unit by an empty invitation token).
const bodyNamedNothing = (r, route) => r.status === 404 && hasBody(route.method) && !isObjectRoute(route);

const EXPECTATIONS = {
  unauthenticated: { text: '401 unauthenticated', ok: (r) => r.status === 401 && r.body?.code === 'unauthenticated' },
  unsigned: { text: '401 (no bank signature)', ok: (r) => r.status === 401 },
  forbidden: { text: '403 forbidden', ok: (r) => r.status === 403 && r.body?.code === 'forbidden' },
  not_found: { text: '404 not_found', ok: (r) => r.status === 404 && r.body?.code === 'not_found' },
  allowed: {
    text: 'not 401/403/404/5xx',
    ok: (r, route) => r.status < 500 && r.status !== 403 && (r.status !== 401 || ownAnswer401(r, route))
      && (r.status !== 404 || bodyNamedNothing(r, route)),
  },
  public: {
    text: 'not 401/403/5xx',
    ok: (r, route) => r.status < 500 && r.status !== 403 && (r.status !== 401 || ownAnswer401(r, route)),
  },
};

const describe = (r) => `${r.status} ${typeof r.body === 'object' && r.body ? r.body.code ?? '' : ''}`.trim();

// Sends the probe and checks the answer; a mismatch is remembered for the report, then fails the subtest.
async function probe({ route, callerName, http, side, want, sender }) {
  const p = await concretePath(route, callerName, side);
  const r = sender ? await sender(route.method, p) : await send(http, route.method, p);
  const expectation = EXPECTATIONS[want];
  if (!expectation.ok(r, route)) {
    const body = (r.text || '').slice(0, 300);
    mismatches.push({ route: routeKey(route), caller: callerName, side: SIDES[side], path: p,
      expected: expectation.text, actual: describe(r), detail: typeof r.body === 'object' ? r.body?.detail ?? '' : '' });
    assert.fail(`${route.method} ${p} as ${callerName} (${SIDES[side]} object): `
      + `expected ${expectation.text}, got ${r.status}: ${body}`);
  }
  return r;
}

// 'A': the caller's own side-A object; 'A-other': a side-A object the caller has no relation to; 'B': the other side's.
const SIDES = { A: 'own', 'A-other': 'someone else’s (side A)', B: 'foreign (side B)' };
const label = (route, callerName, side) => `${routeKey(route)} · ${callerName} · ${SIDES[side]}`;

// ---- the fixture world ----------------------------------------------------------------------------------------

const created = (r, status = 201) => {
  assert.equal(r.status, status, `fixture: ${r.status} ${r.text}`);
  return r.body;
};

// A small valid PDF (a notice attachment; its type is decided from its bytes).
function pdfBytes() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// POSTs raw bytes (an upload route whose body is the file itself) as a session; answers {status, body, text}.
async function upload(session, p, bytes, contentType) {
  const r = await fetch(server.baseUrl + p, {
    method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${session.token}` }, body: bytes,
  });
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  return { status: r.status, body, text };
}

// One side of the world in `county`, approved and administered by `countyAdmin`; applications go to `bank`.
async function buildSide({ county, countyAdmin, bank, city }) {
  const admin = await volunteerSession(server, { county_code: county });
  // The admin runs a parent organisation too, whose admins review the hours of its child organisations above the
  // daily tier (the organisation admin's part in POST /ledger/entries/{id}/approve).
  const parent = await approvedOrganization(admin, countyAdmin, { county_code: county });
  const org = await approvedOrganization(admin, countyAdmin, { county_code: county, parent_id: parent.id });
  const v = await volunteerSession(server, { county_code: county });
  const orgPath = `/api/v1/organizations/${org.id}`;
  const membership = created(await v.http.post(`${orgPath}/memberships`, {}));
  created(await admin.http.post(`${orgPath}/memberships/${membership.id}/approve`, {}), 200);
  const team = created(await admin.http.post(`${orgPath}/teams`, { name: `矩阵测试服务队${county}`, kind: 'general' }));
  const joined = await admin.http.post(`${orgPath}/teams/${team.id}/members`, { volunteer_id: v.volunteer.id });
  assert.ok(joined.status >= 200 && joined.status < 300, `fixture: team member: ${joined.status} ${joined.text}`);

  // Check-in opens 30 minutes before the start: sessions from 15 to 5 minutes ago can be recorded. The start stays
  // on today's date (Beijing), which the 补录 entries below must fall on.
  const midnight = Date.parse(`${chinaDate(Date.now() + 86400e3)}T00:00:00+08:00`);
  const start = Math.min(Date.now() + 10 * 60e3, midnight - 60e3);
  const activity = await publishedActivity(admin, org.id, {
    county_code: county, quota: 50, starts_at: chinaTime(start), ends_at: chinaTime(start + 14 * 3600e3),
  });
  const signup = await signUp(v, activity.id);
  await signUp(admin, activity.id);
  const sessionV = await recordSession(admin, activity.id, v, 15, 5);
  await recordSession(admin, activity.id, admin, 15, 5);
  await confirmHours(admin, activity.id);
  // 补录 entries awaiting review (a confirmed entry awaits nobody's): two of the volunteer, one for the county admin
  // to decide and one for the city admin, and one of the organisation admin's own hours, which they review as the
  // parent organisation's admin, correct as the organisation's and appeal as its volunteer.
  const retro = async (who = v) => {
    const r = created(await admin.http.post(`/api/v1/activities/${activity.id}/retro-entries`, {
      volunteer_number: who.volunteer.volunteer_number, service_date: chinaDate(start), minutes: 30,
      reason: '按现场纸质签到表补录',
    }));
    assert.equal(r.status, 'awaiting_county', `fixture: a retro-entry awaits the county: ${JSON.stringify(r)}`);
    return r.id;
  };
  const [reviewCounty, reviewCity, reviewParent] = [await retro(), await retro(), await retro(admin)];
  const appeal = created(await v.http.post(`/api/v1/ledger/entries/${sessionV.ledger_entry_id}/appeals`,
    { reason: '签退时间记早了十分钟' }));

  const proofV = created(await v.http.post('/api/v1/me/proofs', {}));
  const proofAdmin = created(await admin.http.post('/api/v1/me/proofs', {}));
  const pdf = await download(server.baseUrl, `/api/v1/me/proofs/${proofV.number}/pdf`, v.token);
  assert.equal(pdf.status, 200, 'fixture: proof PDF');
  const applicationV = created(await v.http.post('/api/v1/me/credential-applications',
    { kind: 'certificate', bank, consent: true }));
  const applicationAdmin = created(await admin.http.post('/api/v1/me/credential-applications',
    { kind: 'certificate', bank, consent: true }));

  const unit = created(await countyAdmin.http.post('/api/v1/units', {
    name: `矩阵测试学校${county}-${Math.floor(Math.random() * 1e6)}`, kind: 'school', region_code: county,
  }));
  for (const contact of [v, admin]) created(await countyAdmin.http.post(`/api/v1/units/${unit.id}/contacts`, { phone: contact.phone }));
  const invitation = created(await countyAdmin.http.get(`/api/v1/units/${unit.id}/invitation`), 200);
  const notice = created(await city.http.post('/api/v1/notices', {
    title: `关于报送志愿服务联系人的通知（矩阵测试${county}）`, body: '请填写回执。', deadline: minutesFromNow(60 * 24 * 7),
    unit_ids: [unit.id],
  }));
  const attachment = created(await upload(city, `/api/v1/notices/${notice.id}/attachments?file_name=${encodeURIComponent('操作手册.pdf')}`,
    pdfBytes(), 'application/pdf'));
  created(await v.http.post(`/api/v1/notices/${notice.id}/receipts`, {
    leader_name: '王局长', contact_name: '陈干事', contact_position: '干事', contact_phone: freshPhone(),
    contact_email: 'chen@example.cn',
  }));

  const story = created(await countyAdmin.http.post('/api/v1/stories', {
    title: `社区志愿服务经验（矩阵测试${county}）`, kind: 'practice', summary: '就近参与助老与环境整治。',
    body: '以社区为单位组建志愿服务队。', region_code: county,
  }));
  created(await countyAdmin.http.post(`/api/v1/stories/${story.id}/status`, { status: 'published' }), 200);

  const need = created(await v.http.post('/api/v1/needs', {
    title: '独居老人助餐', description: '每周两次为独居老人送餐。', recipients: '独居老人', county_code: county,
    address: '梅州市测试街道1号', wanted_from: minutesFromNow(60 * 24 * 3), wanted_to: minutesFromNow(60 * 24 * 3 + 120),
    contact_name: '李阿姨', contact_phone: freshPhone(),
  }));
  created(await countyAdmin.http.post(`/api/v1/needs/${need.id}/dispatch`, { organization_id: org.id }), 200);

  // 账号激活: the organisation imports one person not yet registered; the link is in the SMS in the outbox.
  const name = `矩阵导入${county}${Math.floor(Math.random() * 1e4)}`;
  const sheet = csvFile([['姓名', '身份证号码', '手机号码', '政治面貌', '所在县区'], [name, freshId(), freshPhone(), '', '']]);
  const imported = await upload(admin, `${orgPath}/volunteer-imports`, sheet, 'text/csv; charset=utf-8');
  assert.equal(imported.status, 200, `fixture: volunteer import: ${imported.text}`);
  const sms = outboxMessages(server).find((m) => m.body.includes(`${name}您好`));
  const activation = /\/activate\/([A-Za-z0-9_-]+)/.exec(sms?.body ?? '')?.[1];
  assert.ok(activation, `fixture: an activation link for ${name}: ${sms?.body}`);

  // A staff account of its own for the security administrator's probes (disable, end sessions…), so that they end
  // no caller's session: a volunteer who applied for an organisation holds org_admin.
  const staff = await volunteerSession(server, { county_code: county });
  created(await staff.http.post('/api/v1/organizations', organizationBody({ county_code: county })));
  const staffAccount = created(await staff.http.get('/api/v1/me'), 200).account.id;

  return {
    admin, v, org, activity,
    shared: {
      organization: org.id,
      membership: membership.id,
      team: team.id,
      activity: activity.id,
      signup: signup.id,
      ledger_entry: sessionV.ledger_entry_id,
      appeal: appeal.id,
      need: need.id,
      proof: proofV.number,
      proof_file: sha256Hex(pdf.bytes),
      volunteer: v.volunteer.id,
      credential_application: applicationV.id,
      // Fresh for each probe: a certificate token lives about a minute.
      e_certificate: async () => created(await v.http.get('/api/v1/me/e-certificate'), 200).token,
      county,
      year: 2025,
      unit: unit.id,
      unit_invitation: invitation.token,
      notice: notice.id,
      attachment: attachment.id,
      story: story.id,
      activation,
      account: staffAccount,
    },
    byCaller: {
      org_admin: {
        ledger_entry: reviewParent,
        proof: proofAdmin.number,
        credential_application: applicationAdmin.id,
        volunteer: admin.volunteer.id,
      },
      county_admin: { ledger_entry: reviewCounty },
      city_admin: { ledger_entry: reviewCity },
    },
  };
}

async function demoLogin(phone) {
  const token = await login(api(server.baseUrl), phone, DEMO_PASSWORD, demoTotp(server, phone));
  return { phone, token, http: api(server.baseUrl, token) };
}

async function signedIn(name, session, relogin, { unchecked = false } = {}) {
  const http = unchecked ? client(server.baseUrl, session.token) : session.http;
  const me = await http.get('/api/v1/me');
  assert.equal(me.status, 200, `GET /me of ${name}: ${me.text}`);
  const roles = new Set(me.body.account.roles.map((g) => g.role));
  assert.ok(roles.has(name), `the ${name} caller holds the role ${name}: ${me.text}`);
  // `raw`: no check for full sensitive values, for the routes whose purpose is to hand them to their owner.
  return { name, roles, http, raw: client(server.baseUrl, session.token), relogin };
}

before(async () => {
  try {
    routes = routePolicies();
  } catch (e) {
    routeError = e;
    return;
  }
  server = await startServer({ demo: true });
  const [city, countyA, countyB, auditor, securityAdmin, bankOperator, merchant] = await Promise.all([
    DEMO.cityAdmin, DEMO.countyAdmin441402, DEMO.countyAdmin441403, DEMO_AUDITOR, DEMO_SECURITY_ADMIN,
    DEMO_BANK_OPERATOR, DEMO_MERCHANT,
  ].map(demoLogin));
  const [A, B] = await Promise.all([
    buildSide({ county: '441402', countyAdmin: countyA, bank: 'boc', city }),
    buildSide({ county: '441403', countyAdmin: countyB, bank: 'ceb', city }),
  ]);

  // Benefits: side A the kedu-books merchant's own, side B one the city offers for mz-bus.
  const benefit = (extra) => ({
    title: `矩阵测试权益${Math.floor(Math.random() * 1e6)}`, description: '凭电子志愿者证享受', category: 'discount',
    min_star_level: 0, requires_credential: '', county_code: '', valid_from: chinaDate(Date.now() - 86400e3),
    valid_to: chinaDate(Date.now() + 30 * 86400e3), limit_per_volunteer: 0, ...extra,
  });
  A.shared.benefit = created(await merchant.http.post('/api/v1/benefits', benefit())).id;
  B.shared.benefit = created(await city.http.post('/api/v1/benefits', benefit({ merchant: 'mz-bus' }))).id;

  // Stars: one publicity of the demo's 2★ volunteer of 梅江区, and an objection by the side-A volunteer.
  const eligible = created(await city.http.get('/api/v1/stars/eligible?page_size=100'), 200);
  const candidate = eligible.items.find((e) => e.county_name === '梅江区');
  assert.ok(candidate, `fixture: a star-eligible volunteer of 梅江区: ${JSON.stringify(eligible)}`);
  const publicity = created(await city.http.post('/api/v1/star-publicities',
    { title: '矩阵测试星级志愿者认定公示', volunteer_ids: [candidate.volunteer_id] }));
  const candidateId = publicity.candidate_list[0].id;
  const objection = created(await A.v.http.post(`/api/v1/star-candidates/${candidateId}/objections`,
    { reason: '该候选人的服务时长与实际参加活动的记录不符，请核查' }));
  Object.assign(A.shared, { star_publicity: publicity.id, star_candidate: candidateId, star_objection: objection.id });
  Object.assign(B.shared, { star_publicity: PLACEHOLDER_ID, star_candidate: PLACEHOLDER_ID, star_objection: PLACEHOLDER_ID });
  world.A = A;
  world.B = B;

  const keyOf = (code) => server.addBank(code).key;
  bankSystem = bankClient(server.baseUrl, 'boc', keyOf('boc'));

  const anon = api(server.baseUrl);
  const again = (phone, password = PASSWORD) => async () => {
    const token = await login(anon, phone, password);
    return client(server.baseUrl, token);
  };
  const againDemo = (phone) => async () => client(server.baseUrl, (await demoLogin(phone)).token);
  callers.anonymous = { name: 'anonymous', roles: new Set(), http: anon };
  callers.volunteer = await signedIn('volunteer', A.v, again(A.v.phone));
  callers.org_admin = await signedIn('org_admin', A.admin, again(A.admin.phone));
  callers.county_admin = await signedIn('county_admin', countyA, againDemo(DEMO.countyAdmin441402));
  callers.city_admin = await signedIn('city_admin', city, againDemo(DEMO.cityAdmin));
  callers.auditor = await signedIn('auditor', auditor, againDemo(DEMO_AUDITOR));
  callers.security_admin = await signedIn('security_admin', securityAdmin, againDemo(DEMO_SECURITY_ADMIN));
  // The bank operator receives applicants' full ID numbers and phones by design: its answers are not secret-checked.
  callers.bank_operator = await signedIn('bank_operator', bankOperator, againDemo(DEMO_BANK_OPERATOR), { unchecked: true });
  callers.merchant = await signedIn('merchant', merchant, againDemo(DEMO_MERCHANT));
});

after(async () => {
  await server?.stop();
  const file = process.env.ZHIYUAN_AUTHZ_REPORT;
  if (file) {
    const backend = process.env.ZHIYUAN_TEST_BACKEND || 'sqlite';
    const lines = [`\n## ${backend}: ${mismatches.length} mismatch(es)\n`,
      '| route | caller | side | path | expected | actual | detail |', '|---|---|---|---|---|---|---|',
      ...mismatches.map((m) => `| \`${m.route}\` | ${m.caller} | ${m.side} | \`${m.path}\` | ${m.expected} | ${m.actual} | ${m.detail} |`)];
    appendFileSync(file, `${lines.join('\n')}\n`);
  }
});

const ready = () => {
  if (routeError) throw routeError;
  assert.ok(world.A, 'the fixture world was built');
};

// ---- the policy itself ------------------------------------------------------------------------------------------

test('every signed-in route declares who may call it (roles, or any account)', () => {
  if (routeError) throw routeError;
  const undeclared = routes.filter((r) => r.access === 'authenticated' && !r.any_account && r.roles.length === 0);
  assert.deepEqual(undeclared.map(routeKey), [], 'signed-in routes without a role policy');
  for (const r of routes) {
    for (const role of r.roles) assert.ok(ROLES.includes(role), `${routeKey(r)}: unknown role ${role}`);
    if (r.access !== 'authenticated') {
      assert.deepEqual([r.roles, r.any_account], [[], false], `${routeKey(r)}: a ${r.access} route has no role policy`);
    }
  }
  // The exceptions name routes that exist, for callers who hold the role and see the object (else they are stale).
  const keys = new Set(routes.map(routeKey));
  for (const [key, byCaller] of Object.entries({ ...OPEN_BY_DESIGN, ...ONE_PARTY_ONLY })) {
    assert.ok(keys.has(key), `${key}: an exception for a route the server does not declare`);
    assert.ok(Object.keys(byCaller).every((c) => c === '*' || ROLES.includes(c)), `${key}: an exception for an unknown caller`);
  }
  // Every path parameter names a kind of object the fixture world has (checked here once, for a clear message).
  for (const r of routes) {
    for (const p of paramsOf(r)) assert.ok(OWNERS[kindOf(r, p)], `${routeKey(r)}: no OWNERS entry for {${p}}`);
  }
});

// ---- probes that must change nothing ---------------------------------------------------------------------------

test('anonymous callers: public routes open, signed-in and bank routes 401', async (t) => {
  ready();
  for (const route of routes) {
    const want = route.access === 'public' ? 'public' : route.access === 'bank' ? 'unsigned' : 'unauthenticated';
    await t.test(label(route, 'anonymous', 'A'), () => probe({
      route, callerName: 'anonymous', http: callers.anonymous.http, side: 'A', want,
    }));
  }
});

test('bank routes: a session without the bank signature is 401, whoever holds it', async (t) => {
  ready();
  for (const route of routes.filter((r) => r.access === 'bank')) {
    for (const name of ROLES) {
      await t.test(label(route, name, 'A'), () => probe({
        route, callerName: name, http: callers[name].http, side: 'A', want: 'unsigned',
      }));
    }
  }
});

test('a caller holding none of the route’s roles gets 403 forbidden', async (t) => {
  ready();
  for (const route of routes.filter((r) => r.access === 'authenticated')) {
    for (const name of ROLES) {
      if (allows(route, callers[name])) continue;
      await t.test(label(route, name, 'A'), () => probe({
        route, callerName: name, http: callers[name].http, side: 'A', want: 'forbidden',
      }));
    }
  }
});

test('an object outside the caller’s scope answers 404, like one that does not exist', async (t) => {
  ready();
  for (const route of routes.filter(isObjectRoute)) {
    if (route.access === 'public') continue; // open to everyone: no object of it is outside anybody's scope
    if (route.access === 'bank') {
      await t.test(label(route, 'bank system (boc)', 'B'), () => probe({
        route, callerName: 'bank system (boc)', side: 'B', want: 'not_found',
        sender: (method, p) => bankSystem.request(method, p, hasBody(method) ? {} : undefined),
      }));
      continue;
    }
    for (const name of ROLES) {
      const caller = callers[name];
      if (!allows(route, caller)) continue;
      if (!owns(route, caller)) {
        await t.test(label(route, name, 'A-other'), () => probe({
          route, callerName: name, http: caller.http, side: 'A-other', want: 'not_found',
        }));
      }
      if (!SCOPED.has(name)) continue;
      const reason = openByDesign(route, caller);
      if (reason) {
        await t.test(label(route, name, 'B'), { skip: `open by design: ${reason}` }, () => {});
        continue;
      }
      await t.test(label(route, name, 'B'), () => probe({ route, callerName: name, http: caller.http, side: 'B', want: 'not_found' }));
    }
  }
});

// ---- own objects: reads, writes, deletions -------------------------------------------------------------------

const lastSegment = (r) => r.path.split('/').filter(Boolean).pop();

async function ownProbes(t, selected) {
  for (const route of selected) {
    if (route.access === 'bank') {
      await t.test(label(route, 'bank system (boc)', 'A'), () => probe({
        route, callerName: 'bank system (boc)', side: 'A', want: 'allowed',
        sender: (method, p) => bankSystem.request(method, p, hasBody(method) ? {} : undefined),
      }));
      continue;
    }
    for (const name of ROLES) {
      const caller = callers[name];
      if (!allows(route, caller) || !owns(route, caller)) continue;
      const want = onePartyOnly(route, name) ? 'forbidden' : 'allowed';
      const http = OWNER_COPIES.has(routeKey(route)) ? caller.raw : caller.http;
      await t.test(label(route, name, 'A'), () => probe({ route, callerName: name, http, side: 'A', want }));
    }
  }
}

test('an allowed caller reads their own objects (no 401, 403, 404 or 5xx)', async (t) => {
  ready();
  await ownProbes(t, routes.filter((r) => r.method === 'GET'));
});

test('an allowed caller writes to their own objects (an empty body may be refused, but not as 401, 403, 404 or 5xx)', async (t) => {
  ready();
  const rank = (r) => LATE_WRITES.indexOf(lastSegment(r)) + 1; // 0: an ordinary write
  const writes = routes.filter((r) => hasBody(r.method)).map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map(({ r }) => r);
  await ownProbes(t, writes);
});

test('an allowed caller deletes their own objects; log-out ends a throwaway session', async (t) => {
  ready();
  const deletions = routes.filter((r) => r.method === 'DELETE');
  const logout = deletions.filter((r) => r.path === '/api/v1/sessions/current');
  await ownProbes(t, deletions.filter((r) => !logout.includes(r)));
  for (const route of logout) {
    for (const name of ROLES) {
      const caller = callers[name];
      if (!allows(route, caller) || !owns(route, caller)) continue;
      await t.test(label(route, name, 'A'), async () => {
        const throwaway = await caller.relogin();
        await probe({ route, callerName: name, http: throwaway, side: 'A', want: 'allowed' });
        assert.equal((await throwaway.get('/api/v1/me')).status, 401, 'the throwaway session has ended');
        assert.equal((await caller.http.get('/api/v1/me')).status, 200, 'the caller’s own session lives on');
      });
    }
  }
});
