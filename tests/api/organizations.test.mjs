// Organisations: application with the 统一社会信用代码 (GB 32100), approval and rejection, memberships, teams.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, adminSession, organizationBody, creditCode, creditCheckChar, withWrongCheck,
} from './helpers.mjs';

let server;
let anon;
let applicant; // volunteer who applies and so administers the organisations
let masses; // political_status masses
let league; // League member
let party; // probationary party member
let outsider; // volunteer who never joins
let county; // county admin of 441402
let approvedOrg;

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
  [applicant, masses] = await Promise.all([
    volunteerSession(server),
    volunteerSession(server, { political_status: 'masses' }),
  ]);
  [league, party] = await Promise.all([
    volunteerSession(server, { political_status: 'league_member' }),
    volunteerSession(server, { political_status: 'probationary_party_member' }),
  ]);
  outsider = await volunteerSession(server, { political_status: 'league_member' });
  county = await adminSession(server, 'county_admin', '441402');
});
after(async () => { await server?.stop(); });

async function apply(overrides = {}, who = applicant) {
  return who.http.post('/api/v1/organizations', organizationBody(overrides));
}

test('the test generator makes codes that satisfy GB 32100 (a known registered code checks out)', () => {
  // A published example of a valid code: 91350100M000100Y43.
  assert.equal(creditCheckChar('91350100M000100Y4'), '3');
  const code = creditCode();
  assert.match(code, /^[0-9A-HJ-NPQRTUWXY]{18}$/);
  assert.equal(creditCheckChar(code.slice(0, 17)), code[17]);
});

test('applying with a valid credit code answers 201 pending, and the applicant becomes its org admin and first member', async () => {
  const body = organizationBody();
  const r = await applicant.http.post('/api/v1/organizations', body);
  assert.equal(r.status, 201, r.text);
  const org = r.body;
  assert.equal(org.status, 'pending');
  assert.equal(org.credit_code, body.credit_code);
  assert.equal(org.credit_code_valid, true);
  assert.equal(org.name, body.name);
  assert.equal(org.county_code, '441402');
  assert.equal(org.county_name, '梅江区');
  assert.equal(org.contact_phone, `${body.contact_phone.slice(0, 3)}****${body.contact_phone.slice(-4)}`);
  const me = await applicant.http.get('/api/v1/me');
  const grant = me.body.account.roles.find((g) => g.role === 'org_admin' && g.organization_id === org.id);
  assert.ok(grant, `org_admin role granted: ${me.text}`);
  assert.equal(grant.organization_name, body.name);
  const mine = await applicant.http.get('/api/v1/organizations?mine=true');
  assert.ok(mine.body.items.some((o) => o.id === org.id));
  const members = await applicant.http.get(`/api/v1/organizations/${org.id}/memberships`);
  assert.equal(members.status, 200, members.text);
  assert.ok(members.body.items.some((m) => m.volunteer_id === applicant.volunteer.id && m.status === 'approved'),
    members.text);
});

test('a credit code already used by another organisation is refused with 409 duplicate_credit_code', async () => {
  const first = await apply();
  assert.equal(first.status, 201, first.text);
  const r = await apply({ credit_code: first.body.credit_code }, masses);
  assertProblem(r, 409, { code: 'duplicate_credit_code', field: 'credit_code' });
});

test('a lower-case credit code is accepted and stored in capitals', async () => {
  let code;
  do code = creditCode(); while (!/[A-Z]/.test(code));
  const r = await apply({ credit_code: code.toLowerCase() });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.credit_code, code);
  assert.equal(r.body.credit_code_valid, true);
});

test('a wrong check character is refused with 422 invalid_credit_code on credit_code, and nothing is written', async () => {
  const body = organizationBody();
  body.credit_code = withWrongCheck(body.credit_code);
  const r = await applicant.http.post('/api/v1/organizations', body);
  assertProblem(r, 422, { code: 'validation_failed', field: 'credit_code', fieldCode: 'invalid_credit_code' });
  const mine = await applicant.http.get('/api/v1/organizations?mine=true&page_size=100');
  assert.ok(!mine.body.items.some((o) => o.name === body.name), 'the refused organisation was not stored');
});

test('a credit code of the wrong length or with a forbidden letter (I, O, Z, S, V) is refused on credit_code', async () => {
  const good = creditCode();
  for (const code of [good.slice(0, 17), `${good}0`, `${good.slice(0, 10)}I${good.slice(11)}`, `O${good.slice(1)}`]) {
    assertProblem(await apply({ credit_code: code }), 422, { field: 'credit_code' });
  }
});

test('a social organisation without a credit code is refused; a grassroots team without one is accepted', async () => {
  assertProblem(await apply({ credit_code: '' }), 422, { field: 'credit_code' });
  const r = await apply({ credit_code: undefined, type: 'grassroots_team', name: `社区志愿服务队${Date.now()}` });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.type, 'grassroots_team');
  assert.equal(r.body.credit_code, null);
  assert.equal(r.body.status, 'pending');
});

test('other application fields are validated: type, county, contact phone, name', async () => {
  assertProblem(await apply({ type: 'secret_society' }), 422, { field: 'type' });
  assertProblem(await apply({ county_code: '441400' }), 422, { field: 'county_code' });
  assertProblem(await apply({ contact_phone: '12345' }), 422, { field: 'contact_phone' });
  assertProblem(await apply({ name: '' }), 422, { field: 'name' });
  assertProblem(await apply({ parent_id: 99999999 }), 422, { field: 'parent_id' });
});

test('a failing historic code with credit_code_note is accepted but flagged; approval needs credit_code_override_reason', async () => {
  const bad = withWrongCheck(creditCode());
  const r = await apply({ credit_code: bad, credit_code_note: '2015年前登记的旧代码，营业执照原件已核对' });
  assert.equal(r.status, 201, r.text);
  const org = r.body;
  assert.equal(org.credit_code, bad);
  assert.equal(org.credit_code_valid, false);
  assert.equal(org.credit_code_note, '2015年前登记的旧代码，营业执照原件已核对');

  const refused = await county.http.post(`/api/v1/organizations/${org.id}/approve`, {});
  assertProblem(refused, 422, { field: 'credit_code_override_reason' });
  const blank = await county.http.post(`/api/v1/organizations/${org.id}/approve`, { credit_code_override_reason: '   ' });
  assertProblem(blank, 422, { field: 'credit_code_override_reason' });
  assert.equal((await county.http.get(`/api/v1/organizations/${org.id}`)).body.status, 'pending');

  const ok = await county.http.post(`/api/v1/organizations/${org.id}/approve`,
    { credit_code_override_reason: '已向市场监管部门核实该代码' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'approved');
  assert.equal(ok.body.credit_code_valid, false);
});

test('rejecting an organisation requires a reason; with one it is rejected and the reason shown', async () => {
  const org = (await apply()).body;
  assertProblem(await county.http.post(`/api/v1/organizations/${org.id}/reject`, {}), 422, { field: 'reason' });
  assertProblem(await county.http.post(`/api/v1/organizations/${org.id}/reject`, { reason: '  ' }), 422,
    { field: 'reason' });
  const r = await county.http.post(`/api/v1/organizations/${org.id}/reject`, { reason: '登记材料不完整' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'rejected');
  assert.equal(r.body.status_reason, '登记材料不完整');
  // A decided application cannot be approved afterwards.
  assert.equal((await county.http.post(`/api/v1/organizations/${org.id}/approve`, {})).status, 409);
  // Rejected organisations are not public.
  assertProblem(await anon.get(`/api/v1/organizations/${org.id}`), 404);
});

test('a volunteer cannot join an organisation that is not approved', async () => {
  const org = (await apply()).body;
  const r = await masses.http.post(`/api/v1/organizations/${org.id}/memberships`);
  assert.ok([404, 409].includes(r.status), `${r.status} ${r.text}`);
});

test('an approved organisation is public and listed', async () => {
  const org = (await apply({ name: `梅江区青年志愿者协会${Date.now()}` })).body;
  const r = await county.http.post(`/api/v1/organizations/${org.id}/approve`, {});
  assert.equal(r.status, 200, r.text);
  approvedOrg = r.body;
  const pub = await anon.get(`/api/v1/organizations/${org.id}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.body.status, 'approved');
  const list = await anon.get(`/api/v1/organizations?q=${encodeURIComponent(org.name)}`);
  assert.equal(list.status, 200);
  assert.ok(list.body.items.some((o) => o.id === org.id), list.text);
});

test('a volunteer asks to join an approved organisation (pending), and only its admin may decide', async () => {
  assert.ok(approvedOrg, 'depends on the previous test');
  const base = `/api/v1/organizations/${approvedOrg.id}/memberships`;
  const ask = await masses.http.post(base);
  assert.equal(ask.status, 201, ask.text);
  assert.equal(ask.body.status, 'pending');
  assert.equal(ask.body.role, 'member');
  assert.equal(ask.body.organization_id, approvedOrg.id);
  assert.equal(ask.body.volunteer_id, masses.volunteer.id);
  assert.equal(ask.body.volunteer_number, masses.volunteer.volunteer_number);
  // Asking twice is a conflict.
  assert.equal((await masses.http.post(base)).status, 409);

  // Not the admin: the asking volunteer, another volunteer, the county admin.
  for (const who of [masses, outsider]) {
    const list = await who.http.get(base);
    assert.ok([403, 404].includes(list.status), `${list.status} ${list.text}`);
    const decide = await who.http.post(`${base}/${ask.body.id}/approve`, {});
    assert.ok([403, 404].includes(decide.status), `${decide.status} ${decide.text}`);
  }

  const own = await masses.http.get('/api/v1/me/memberships');
  assert.equal(own.status, 200, own.text);
  assert.ok(own.body.items.some((m) => m.id === ask.body.id && m.status === 'pending'), own.text);

  const pending = await applicant.http.get(`${base}?status=pending`);
  assert.equal(pending.status, 200, pending.text);
  assert.ok(pending.body.items.some((m) => m.id === ask.body.id && m.status === 'pending'));

  const ok = await applicant.http.post(`${base}/${ask.body.id}/approve`, {});
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'approved');
  assert.equal((await applicant.http.post(`${base}/${ask.body.id}/approve`, {})).status, 409);
});

test('rejecting a membership request needs a reason', async () => {
  const base = `/api/v1/organizations/${approvedOrg.id}/memberships`;
  const ask = await outsider.http.post(base);
  assert.equal(ask.status, 201, ask.text);
  assertProblem(await applicant.http.post(`${base}/${ask.body.id}/reject`, {}), 422, { field: 'reason' });
  const r = await applicant.http.post(`${base}/${ask.body.id}/reject`, { reason: '暂不招募' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'rejected');
});

test('a League team refuses a masses volunteer (422 on volunteer_id) and accepts a League member', async () => {
  const base = `/api/v1/organizations/${approvedOrg.id}`;
  const ask = await league.http.post(`${base}/memberships`);
  assert.equal(ask.status, 201, ask.text);
  assert.equal((await applicant.http.post(`${base}/memberships/${ask.body.id}/approve`, {})).status, 200);

  assertProblem(await masses.http.post(`${base}/teams`, { name: '越权队', kind: 'general' }), 403);
  const team = await applicant.http.post(`${base}/teams`, { name: '团员志愿服务队', kind: 'league_member', description: '团员先锋' });
  assert.equal(team.status, 201, team.text);
  assert.equal(team.body.kind, 'league_member');

  const refused = await applicant.http.post(`${base}/teams/${team.body.id}/members`, { volunteer_id: masses.volunteer.id });
  assertProblem(refused, 422, { field: 'volunteer_id' });
  const accepted = await applicant.http.post(`${base}/teams/${team.body.id}/members`, { volunteer_id: league.volunteer.id });
  assert.ok(accepted.status >= 200 && accepted.status < 300, `${accepted.status} ${accepted.text}`);
  // A League member who is not a member of the organisation is refused too.
  const notMember = await applicant.http.post(`${base}/teams/${team.body.id}/members`, { volunteer_id: outsider.volunteer.id });
  assertProblem(notMember, 422, { field: 'volunteer_id' });

  // Adding the same volunteer twice is a conflict; a second team of the same name too.
  const twice = await applicant.http.post(`${base}/teams/${team.body.id}/members`, { volunteer_id: league.volunteer.id });
  assertProblem(twice, 409, { code: 'already_in_team' });
  assertProblem(await applicant.http.post(`${base}/teams`, { name: '团员志愿服务队', kind: 'general' }), 409,
    { code: 'duplicate_team_name' });

  const teams = await anon.get(`${base}/teams`);
  assert.equal(teams.status, 200, teams.text);
  const listed = teams.body.items.find((t) => t.id === team.body.id);
  assert.equal(listed.member_count, 1);
  const members = await applicant.http.get(`${base}/teams/${team.body.id}/members`);
  assert.equal(members.status, 200, members.text);
  assert.deepEqual(members.body.items.map((m) => m.volunteer_id), [league.volunteer.id]);
  assert.equal(members.body.items[0].political_status, 'league_member');
  const peek = await masses.http.get(`${base}/teams/${team.body.id}/members`);
  assert.ok([403, 404].includes(peek.status), `a non-admin lists team members: ${peek.status}`);
});

test('a party-member team takes a probationary party member but not a League member', async () => {
  const base = `/api/v1/organizations/${approvedOrg.id}`;
  const ask = await party.http.post(`${base}/memberships`);
  assert.equal(ask.status, 201, ask.text);
  assert.equal((await applicant.http.post(`${base}/memberships/${ask.body.id}/approve`, {})).status, 200);
  const team = await applicant.http.post(`${base}/teams`, { name: '党员志愿服务队', kind: 'party_member' });
  assert.equal(team.status, 201, team.text);
  assertProblem(await applicant.http.post(`${base}/teams/${team.body.id}/members`, { volunteer_id: league.volunteer.id }),
    422, { field: 'volunteer_id' });
  const ok = await applicant.http.post(`${base}/teams/${team.body.id}/members`, { volunteer_id: party.volunteer.id });
  assert.ok(ok.status >= 200 && ok.status < 300, `${ok.status} ${ok.text}`);
});

test('an org admin can make an approved member an admin, who can then manage memberships', async () => {
  const base = `/api/v1/organizations/${approvedOrg.id}`;
  assertProblem(await applicant.http.post(`${base}/admins`, { volunteer_id: outsider.volunteer.id }), 422,
    { field: 'volunteer_id' });
  const r = await applicant.http.post(`${base}/admins`, { volunteer_id: league.volunteer.id });
  assert.ok(r.status >= 200 && r.status < 300, `${r.status} ${r.text}`);
  const list = await league.http.get(`${base}/memberships`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.body.items.length >= 3);
});
