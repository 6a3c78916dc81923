// Proofs of service 志愿服务记录证明: a volunteer asks for a proof of the confirmed hours (all of them, or a
// period) and gets it at once, as a PDF with Chinese text; anyone checks it by number (the QR code) or a file by
// its SHA-256; a later proof of the same period supersedes the earlier; an issuing organisation (or the city)
// revokes one with a reason. The full ID number never appears: not in any JSON answer (api() checks every one)
// and not in the PDF (download() checks the bytes, pdfText() what a reader shows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, demoSession, DEMO, publishedActivity, signUp, chinaTime, chinaDate,
  recordSession, confirmHours, approvedRetroEntry, demoYearRoundActivity, hoursOf, approvedOrganization,
  maskedId, download, sha256Hex, pdfText, CJK, pool,
} from './helpers.mjs';

let server;
let anon;
let admin; // admin of 梅江区志愿者协会 (demo), which records the hours
let orgId;
let league; // admin of the demo League organisation (same county), a second recording organisation
let county; // county admin of 441402: approves retro-entries
let city;
let outsider; // admin of an organisation that recorded nothing for these volunteers
let outsiderOrgId;
let activity; // starts in about 10 minutes; sessions are recorded by the organiser
let yearRound; // the demo's year-round activity of 梅江区志愿者协会 (past days, through retro-entries)
let leagueYearRound;

// The volunteer of most tests: 15 confirmed minutes through attendance, and the first proof.
let owner;
let firstProof;

const NUMBER = /^ZM\d{4}[0-9A-HJKMNP-TV-Z]{10}$/;

before(async () => {
  server = await startServer({ demo: true });
  anon = api(server.baseUrl);
  [admin, league, county, city] = await Promise.all([
    demoSession(server, DEMO.orgAdmin),
    demoSession(server, DEMO.leagueOrgAdmin),
    demoSession(server, DEMO.countyAdmin441402),
    demoSession(server, DEMO.cityAdmin),
  ]);
  orgId = admin.organizationId;
  outsider = await volunteerSession(server);
  outsiderOrgId = (await approvedOrganization(outsider, county)).id;
  const start = Date.now() + 10 * 60e3;
  activity = await publishedActivity(admin, orgId, {
    quota: 50, starts_at: chinaTime(start), ends_at: chinaTime(start + 180 * 60e3),
  });
  yearRound = await demoYearRoundActivity(server, orgId);
  leagueYearRound = await demoYearRoundActivity(server, league.organizationId);
});
after(async () => { await server?.stop(); });

// A volunteer with `minutes` confirmed through attendance at `activity`: {v, session}.
async function volunteerWithHours(minutes = 15) {
  const v = await volunteerSession(server);
  await signUp(v, activity.id);
  const session = await recordSession(admin, activity.id, v, minutes, 0);
  const c = await confirmHours(admin, activity.id, [session.id]);
  assert.deepEqual(c.confirmed, [session.ledger_entry_id], JSON.stringify(c));
  return { v, session };
}

const requestProof = (v, body) => v.http.post('/api/v1/me/proofs', body);

async function proofOf(v, body = {}) {
  const r = await requestProof(v, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const pdfOf = (v, number) => download(server.baseUrl, `/api/v1/me/proofs/${number}/pdf`, v.token);

async function myProofs(v) {
  const r = await v.http.get('/api/v1/me/proofs');
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

async function verify(number) {
  const r = await anon.get(`/api/v1/proofs/${number}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const revoke = (who, number, reason = '时长记录有误，已更正') => who.http.post(`/api/v1/proofs/${number}/revoke`, { reason });

test('a volunteer with confirmed hours gets a proof at once: 201 with number, pdf_url and verify_url, stating the confirmed hours', async () => {
  const { v, session } = await volunteerWithHours(15);
  owner = v;
  const hours = await hoursOf(v);
  assert.equal(hours.confirmed_minutes, 15);

  const p = await proofOf(v, {});
  firstProof = p;
  assert.match(p.number, NUMBER, JSON.stringify(p));
  assert.equal(p.status, 'genuine');
  assert.equal(p.pdf_url, `/api/v1/me/proofs/${p.number}/pdf`);
  assert.match(p.verify_url, /^https?:\/\/[^/]+\/verify\/proofs\//, 'verify_url is absolute');
  assert.ok(p.verify_url.endsWith(`/verify/proofs/${p.number}`), p.verify_url);
  assert.equal(p.volunteer_name, v.volunteer.name);
  assert.equal(p.volunteer_number, v.volunteer.volunteer_number);
  assert.equal(p.id_number, maskedId(v.body.id_number), 'the ID number is masked like everywhere else');
  assert.equal(p.from, null);
  assert.equal(p.to, null);
  assert.equal(p.total_minutes, hours.confirmed_minutes, 'the proof states the confirmed hours');
  assert.equal(p.total_hours, '0.3');
  assert.deepEqual(p.lines, [{
    activity_id: activity.id, title: activity.title, category: activity.category, organization_id: orgId,
    first_day: session.service_date, last_day: session.service_date, minutes: 15, hours: '0.3',
  }]);
  assert.equal(p.issuers.length, 1);
  const [issuer] = p.issuers;
  assert.equal(issuer.organization_id, orgId);
  assert.equal(issuer.name, '梅江区志愿者协会');
  assert.equal(issuer.minutes, 15);
  assert.equal(issuer.hours, '0.3');
  assert.match(issuer.person_in_charge, CJK, '负责人 is named');
  assert.match(issuer.handler, CJK, '经办人 is named');
  assert.match(p.issued_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.equal(p.superseded_by, null);
  assert.equal(p.revoked_reason, '');

  const mine = await myProofs(v);
  assert.equal(mine.length, 1);
  assert.deepEqual(mine[0], p, 'my proofs list the proof as issued, with pdf_url');
});

test('the PDF downloads for its owner only (404 for another volunteer or an admin, 401 anonymous), the same bytes every time', async () => {
  const r = await pdfOf(owner, firstProof.number);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/pdf/);
  assert.match(r.headers.get('content-disposition') || '', /^attachment;.*\.pdf"?$/);
  assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(r.bytes.length > 1000, 'a real document');
  const again = await pdfOf(owner, firstProof.number);
  assert.ok(again.bytes.equals(r.bytes), 'rendering is deterministic');

  const other = await volunteerSession(server);
  for (const who of [other, admin]) {
    const no = await pdfOf(who, firstProof.number);
    assertProblem(no, 404);
  }
  assertProblem(await pdfOf(city, firstProof.number), 403, { code: 'forbidden' }); // no volunteer role at all
  assertProblem(await pdfOf(owner, 'ZM2026AAAAAAAAAA'), 404);
  assertProblem(await download(server.baseUrl, `/api/v1/me/proofs/${firstProof.number}/pdf`), 401);
});

test('the PDF shows the proof in Chinese text as rendered (pdftotext): title, name, masked ID, number, verification address', async (t) => {
  const r = await pdfOf(owner, firstProof.number);
  const text = pdfText(r.bytes);
  if (text === null) {
    t.skip('pdftotext (poppler-utils) is not installed');
    return;
  }
  const flat = text.replace(/\s+/g, '');
  assert.ok(flat.includes('志愿服务记录证明'), `the title is text in the PDF:\n${text}`);
  assert.ok(flat.includes(owner.volunteer.name), `the volunteer's name is text in the PDF:\n${text}`);
  assert.ok(flat.includes(firstProof.id_number), `the masked ID number is shown:\n${text}`);
  assert.ok(flat.includes(owner.volunteer.volunteer_number), text);
  assert.ok(flat.includes(firstProof.number), text);
  assert.ok(flat.includes('梅江区志愿者协会'), `the issuing organisation is named:\n${text}`);
  assert.ok(flat.includes(firstProof.verify_url), `the verification address is printed:\n${text}`);
  assert.ok(!flat.includes(owner.body.id_number), 'never the full ID number');
});

test('anyone verifies a proof by its number: genuine, masked ID, the same facts, no pdf_url; an unknown number is 404', async () => {
  const p = await verify(firstProof.number);
  const { pdf_url: pdfUrl, ...facts } = firstProof;
  assert.ok(pdfUrl);
  assert.equal(p.pdf_url, undefined, 'the public view has no download link');
  assert.deepEqual(p, facts);
  assert.equal(p.status, 'genuine');
  assert.equal(p.id_number, maskedId(owner.body.id_number));
  // Also for other signed-in people, who see no more than the public.
  const seen = await city.http.get(`/api/v1/proofs/${firstProof.number}`);
  assert.equal(seen.status, 200, seen.text);
  assert.deepEqual(seen.body, facts);

  assertProblem(await anon.get('/api/v1/proofs/ZM2026AAAAAAAAAA'), 404, { code: 'not_found' });
  assertProblem(await anon.get(`/api/v1/proofs/${firstProof.number.toLowerCase()}x`), 404);
});

test('a file verifies by the SHA-256 of its bytes (200, the proof); with one byte changed it is 404 proof_file_not_genuine; a malformed hash is 422', async () => {
  const r = await pdfOf(owner, firstProof.number);
  const hash = sha256Hex(r.bytes);
  const ok = await anon.get(`/api/v1/proof-files/${hash}`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.number, firstProof.number);
  assert.equal(ok.body.status, 'genuine');
  assert.equal(ok.body.pdf_url, undefined);
  const upper = await anon.get(`/api/v1/proof-files/${hash.toUpperCase()}`);
  assert.equal(upper.status, 200, `hex digits in either case: ${upper.text}`);

  const edited = Buffer.from(r.bytes);
  const at = Math.floor(edited.length / 2);
  edited[at] ^= 0x01;
  assertProblem(await anon.get(`/api/v1/proof-files/${sha256Hex(edited)}`), 404, { code: 'proof_file_not_genuine' });
  assertProblem(await anon.get(`/api/v1/proof-files/${sha256Hex(Buffer.from('%PDF-1.7 not ours'))}`), 404,
    { code: 'proof_file_not_genuine' });
  for (const bad of ['abc', hash.slice(1), `${hash}0`, 'g'.repeat(64)]) {
    assertProblem(await anon.get(`/api/v1/proof-files/${bad}`), 422, { field: 'sha256', fieldCode: 'invalid_hash' });
  }
});

test('a second proof of the same period supersedes the first (superseded, superseded_by); a proof of another period does not', async () => {
  const { v, session } = await volunteerWithHours(12);
  const day = session.service_date;
  const all1 = await proofOf(v, {});
  const today = await proofOf(v, { from: day, to: day });
  assert.equal(today.from, day);
  assert.equal(today.to, day);
  assert.equal(today.total_minutes, 12);
  assert.equal((await verify(all1.number)).status, 'genuine', 'another period does not supersede');
  const pdf1 = await pdfOf(v, all1.number);

  const all2 = await proofOf(v, {});
  assert.notEqual(all2.number, all1.number);
  assert.equal(all2.status, 'genuine');
  const old = await verify(all1.number);
  assert.equal(old.status, 'superseded');
  assert.equal(old.superseded_by, all2.number);
  assert.ok(old.changed_at >= old.issued_at, JSON.stringify(old));
  assert.equal((await verify(today.number)).status, 'genuine');

  // The superseded file is still recognised as ours, and says it was superseded.
  const byFile = await anon.get(`/api/v1/proof-files/${sha256Hex(pdf1.bytes)}`);
  assert.equal(byFile.status, 200, byFile.text);
  assert.equal(byFile.body.status, 'superseded');
  assert.equal(byFile.body.superseded_by, all2.number);

  const today2 = await proofOf(v, { from: day, to: day });
  assert.equal((await verify(today.number)).status, 'superseded');
  assert.equal((await verify(today.number)).superseded_by, today2.number);
  assert.equal((await verify(all2.number)).status, 'genuine');

  const mine = await myProofs(v);
  assert.deepEqual(mine.map((p) => p.number), [today2.number, all2.number, today.number, all1.number], 'newest first');
  assert.deepEqual(mine.map((p) => p.status), ['genuine', 'genuine', 'superseded', 'superseded']);
  for (const p of mine) assert.equal(p.pdf_url, `/api/v1/me/proofs/${p.number}/pdf`);
});

test('a period states only its hours; a period without confirmed hours, or a volunteer without any, is 409 no_hours', async () => {
  const v = await volunteerSession(server);
  assertProblem(await requestProof(v, {}), 409, { code: 'no_hours' });
  await approvedRetroEntry(admin, county, yearRound.id, v, '2026-03-02', 120);
  await approvedRetroEntry(admin, county, yearRound.id, v, '2026-03-10', 60);
  await approvedRetroEntry(league, county, leagueYearRound.id, v, '2026-03-04', 90);
  assert.equal((await hoursOf(v)).confirmed_minutes, 270);

  const early = await proofOf(v, { from: '2026-03-01', to: '2026-03-05' });
  assert.equal(early.total_minutes, 210);
  assert.equal(early.total_hours, '3.5');
  assert.deepEqual(early.lines.map((l) => [l.activity_id, l.first_day, l.last_day, l.minutes]).sort(),
    [[yearRound.id, '2026-03-02', '2026-03-02', 120], [leagueYearRound.id, '2026-03-04', '2026-03-04', 90]].sort());
  assert.deepEqual(early.issuers.map((i) => [i.organization_id, i.minutes]).sort(),
    [[orgId, 120], [league.organizationId, 90]].sort(), 'each recording organisation issues its own hours');

  const march = await proofOf(v, { from: '2026-03-01', to: '2026-03-31' });
  assert.equal(march.total_minutes, 270);
  const mine = march.lines.find((l) => l.activity_id === yearRound.id);
  assert.deepEqual([mine.first_day, mine.last_day, mine.minutes, mine.hours], ['2026-03-02', '2026-03-10', 180, '3']);
  const from = await proofOf(v, { from: '2026-03-05' });
  assert.equal(from.total_minutes, 60);
  assert.equal(from.to, null);
  const to = await proofOf(v, { to: '2026-03-03' });
  assert.equal(to.total_minutes, 120);
  assert.equal(to.from, null);

  const before = (await myProofs(v)).length;
  assertProblem(await requestProof(v, { from: '2020-01-01', to: '2020-12-31' }), 409, { code: 'no_hours' });
  assertProblem(await requestProof(v, { from: '2026-03-11', to: '2026-03-31' }), 409, { code: 'no_hours' });
  assert.equal((await myProofs(v)).length, before, 'a refused request issues nothing');

  // Hours corrected to nothing are no longer proved.
  const entry = (await hoursOf(v)).entries.find((e) => e.service_date === '2026-03-10');
  const cut = await admin.http.post(`/api/v1/ledger/entries/${entry.id}/corrections`,
    { minutes: 0, reason_code: 'not_present', reason: '经核实当天未到场' });
  assert.equal(cut.status, 201, cut.text);
  assertProblem(await requestProof(v, { from: '2026-03-05', to: '2026-03-31' }), 409, { code: 'no_hours' });
  assert.equal((await proofOf(v, { from: '2026-03-01', to: '2026-03-31' })).total_minutes, 210);
});

test('bad dates are refused (422: invalid_date, ends_before_start, in_future) and a non-volunteer gets 403, issuing nothing', async () => {
  const v = owner;
  const before = (await myProofs(v)).length;
  const tomorrow = chinaDate(Date.now() + 24 * 3600e3);
  const today = chinaDate(Date.now());
  const cases = [
    [{ from: '2026-13-01' }, 'from', 'invalid_date'],
    [{ from: '2026-02-30' }, 'from', 'invalid_date'],
    [{ from: '26-1-1' }, 'from', 'invalid_date'],
    [{ to: 'yesterday' }, 'to', 'invalid_date'],
    [{ from: '2026-03-10', to: '2026-03-09' }, 'to', 'ends_before_start'],
    [{ from: tomorrow }, 'from', 'in_future'],
    [{ from: 20260101 }, 'from', 'invalid_date'],
  ];
  for (const [body, field, fieldCode] of cases) {
    assertProblem(await requestProof(v, body), 422, { field, fieldCode });
  }
  assert.equal((await myProofs(v)).length, before, 'nothing was issued');
  const r = await requestProof(v, { from: today, to: today });
  assert.equal(r.status, 201, `today is allowed: ${r.text}`);

  assertProblem(await requestProof(county, {}), 403);
  assertProblem(await requestProof(city, {}), 403);
  assertProblem(await anon.post('/api/v1/me/proofs', {}), 401);
  assertProblem(await anon.get('/api/v1/me/proofs'), 401);
  const adminList = await county.http.get('/api/v1/me/proofs');
  assert.equal(adminList.status, 200, adminList.text);
  assert.deepEqual(adminList.body.items, []);
});

test('an issuing organisation’s admin revokes a proof with a reason; another organisation’s admin, the volunteer and the county get 404', async () => {
  const v = await volunteerSession(server);
  await approvedRetroEntry(admin, county, yearRound.id, v, '2026-04-01', 240);
  await approvedRetroEntry(league, county, leagueYearRound.id, v, '2026-04-02', 60);
  const p = await proofOf(v, {});
  assert.equal(p.issuers.length, 2);

  assertProblem(await revoke(outsider, p.number), 404); // an organisation that did not issue it
  for (const who of [v, county]) assertProblem(await revoke(who, p.number), 403, { code: 'forbidden' }); // no such role
  assertProblem(await anon.post(`/api/v1/proofs/${p.number}/revoke`, { reason: '伪造' }), 401);
  assertProblem(await revoke(admin, p.number, ''), 422, { field: 'reason' });
  assertProblem(await revoke(admin, 'ZM2026AAAAAAAAAA'), 404);
  assert.equal((await verify(p.number)).status, 'genuine', 'the refusals changed nothing');

  // Either issuer may revoke (the League organisation recorded one hour of it).
  const r = await revoke(league, p.number, '签到记录与实际不符，已撤销证明');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'revoked');
  assert.equal(r.body.revoked_reason, '签到记录与实际不符，已撤销证明');
  assert.equal(r.body.number, p.number);
  assert.equal(r.body.pdf_url, undefined);
  const seen = await verify(p.number);
  assert.equal(seen.status, 'revoked');
  assert.equal(seen.revoked_reason, '签到记录与实际不符，已撤销证明');
  assert.equal((await myProofs(v))[0].status, 'revoked', 'the volunteer sees it revoked');
  const file = await pdfOf(v, p.number);
  assert.equal(file.status, 200, 'the owner can still download what was issued');
  const byFile = await anon.get(`/api/v1/proof-files/${sha256Hex(file.bytes)}`);
  assert.equal(byFile.status, 200, byFile.text);
  assert.equal(byFile.body.status, 'revoked', 'checking the file shows the revocation');

  assertProblem(await revoke(admin, p.number), 409, { code: 'proof_not_genuine' });
  // A revoked proof is not superseded by a new one of the same period; the new one is genuine.
  const next = await proofOf(v, {});
  assert.equal((await verify(p.number)).status, 'revoked');
  assert.equal((await verify(p.number)).superseded_by, null);
  // The city admin may revoke any proof; a superseded one cannot be revoked.
  const later = await proofOf(v, {});
  assert.equal((await verify(next.number)).status, 'superseded');
  assertProblem(await revoke(city, next.number), 409, { code: 'proof_not_genuine' });
  const byCity = await revoke(city, later.number, '经市级核查撤销');
  assert.equal(byCity.status, 200, byCity.text);
  assert.equal(byCity.body.status, 'revoked');
});

test('an organisation lists the proofs issued on its behalf (its admins and the city admin; others 404)', async () => {
  const r = await admin.http.get(`/api/v1/organizations/${orgId}/proofs`);
  assert.equal(r.status, 200, r.text);
  const numbers = r.body.items.map((p) => p.number);
  assert.ok(numbers.includes(firstProof.number), r.text);
  for (const p of r.body.items) {
    assert.ok(p.issuers.some((i) => i.organization_id === orgId), 'only proofs it issued');
    assert.equal(p.pdf_url, undefined, 'no download link for the organisation');
  }
  for (let i = 1; i < r.body.items.length; i += 1) {
    assert.ok(r.body.items[i - 1].issued_at >= r.body.items[i].issued_at, 'newest first');
  }
  const byCity = await city.http.get(`/api/v1/organizations/${orgId}/proofs`);
  assert.equal(byCity.status, 200, byCity.text);
  assert.deepEqual(byCity.body.items.map((p) => p.number), numbers);
  const leagueList = await league.http.get(`/api/v1/organizations/${league.organizationId}/proofs`);
  assert.equal(leagueList.status, 200);
  assert.ok(!leagueList.body.items.some((p) => p.number === firstProof.number), 'the League did not issue it');
  const none = await outsider.http.get(`/api/v1/organizations/${outsiderOrgId}/proofs`);
  assert.equal(none.status, 200, none.text);
  assert.deepEqual(none.body.items, []);

  for (const who of [league, outsider]) {
    assertProblem(await who.http.get(`/api/v1/organizations/${orgId}/proofs`), 404);
  }
  for (const who of [county, owner]) {
    assertProblem(await who.http.get(`/api/v1/organizations/${orgId}/proofs`), 403, { code: 'forbidden' });
  }
  assertProblem(await anon.get(`/api/v1/organizations/${orgId}/proofs`), 401);
  assertProblem(await city.http.get('/api/v1/organizations/abc/proofs'), 404);
});

test('concurrent requests for the same period leave exactly one genuine proof, superseding all the others', async () => {
    for (let round = 0; round < 3; round += 1) {
      const v = await volunteerSession(server);
      await approvedRetroEntry(admin, county, yearRound.id, v, '2026-05-04', 30);
      const answers = await pool(Array.from({ length: 16 }, (_, i) => i), 16,
        () => requestProof(v, { from: '2026-05-01' }));
      for (const a of answers) {
        assert.equal(a.status, 'fulfilled', String(a.reason));
        assert.equal(a.value.status, 201, a.value.text);
      }
      const mine = await myProofs(v);
      assert.equal(mine.length, 16);
      const genuine = mine.filter((p) => p.status === 'genuine');
      assert.equal(genuine.length, 1,
        `one genuine proof per period: ${mine.map((p) => `${p.number} ${p.status} ${p.superseded_by}`).join('; ')}`);
      for (const p of mine.filter((x) => x.status !== 'genuine')) {
        assert.equal(p.status, 'superseded');
        assert.ok(mine.some((q) => q.number === p.superseded_by), 'superseded by one of them');
      }
    }
  });
