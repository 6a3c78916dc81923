// 一证一卡: the registered-volunteer certificate (注册志愿者证, Bank of China / China Everbright Bank) and the Meizhou
// volunteer card (梅州志愿者卡: debit at CCB, credit at PSBC), one application workflow. The volunteer consents to
// exactly the fields the bank receives; the platform checks at once (real-name verification, the bank's minimum
// age) and sends a passing application to its bank; the bank's system reports issued / activated / rejected
// through the signed bank interface (HMAC over timestamp, nonce, method, path and body; replays and clock skew
// refused) or a status file (all rows or none); a bank operator does the same in the console and downloads the
// list. Every disclosure of an applicant's data to a bank is audited. Also the electronic certificate (电子志愿者证)
// with its short-lived token and the public check of a scanned one.
//
// Bank keys come from `zhiyuan banks add CODE`, run against the test server's database and key file
// (server.addBank); bank operators from `zhiyuan admin create --role bank_operator --partner CODE`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, adminSession, partnerSession, bankClient, freshId, freshPhone, rememberSecret,
  download, csvRows, maskedId, xlsxStrings, UTF8_BOM, XLSX_TYPE, notificationsOf, CJK,
} from './helpers.mjs';

let server;
let anon;
let city;
let auditor;
const keys = {};
const bank = {}; // signed clients of boc, ccb, psbc (ceb gets its key in the `banks add` test)

const CERTIFICATE_FIELDS = ['name', 'id_number', 'phone', 'volunteer_number'];
const CARD_FIELDS = [...CERTIFICATE_FIELDS, 'county'];
const APPLICATION_KEYS = ['id', 'kind', 'bank', 'bank_name', 'card_type', 'status', 'shared_fields', 'consented_at', 'reason',
  'created_at', 'updated_at'];

// Volunteers and their applications, shared by the tests below (they run in order).
let alice; // certificate at boc: issued, then activated
let aliceApp;
let carol; // card at ccb (debit)
let carolApp;
let dave; // card at psbc (credit)
let daveApp;
let unverifiedApp; // refused by the platform: a passport holder, real-name check pending (boc)
let youngApp; // refused by the platform: 15 years old (boc)
let erinCancelled; // cancelled by the volunteer (ceb)

before(async () => {
  server = await startServer();
  anon = api(server.baseUrl);
  for (const code of ['boc', 'ccb', 'psbc']) {
    keys[code] = server.addBank(code).key;
    bank[code] = bankClient(server.baseUrl, code, keys[code]);
  }
  [city, auditor] = await Promise.all([adminSession(server, 'city_admin'), adminSession(server, 'auditor')]);
});
after(async () => { await server?.stop(); });

const apply = (v, body) => v.http.post('/api/v1/me/credential-applications', { consent: true, ...body });

async function applied(v, body, status = 'sent_to_bank') {
  const r = await apply(v, body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.status, status, r.text);
  return r.body;
}

async function myApplications(v) {
  const r = await v.http.get('/api/v1/me/credential-applications');
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

async function applicationOf(v, id) {
  const a = (await myApplications(v)).find((x) => x.id === id);
  assert.ok(a, `application ${id} is in the volunteer's list`);
  return a;
}

const steps = (a) => a.events.map((e) => [e.status, e.actor]);

// A birth date (YYYYMMDD) that makes someone exactly `years` old today (China time), well away from the birthday.
function birthYearsAgo(years) {
  const d = new Date(Date.now() + 8 * 3600e3 - 150 * 86400e3);
  const day = Math.min(d.getUTCDate(), 28);
  return `${d.getUTCFullYear() - years}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

function minorSession(years) {
  return volunteerSession(server, {
    id_number: freshId({ birth: birthYearsAgo(years) }), guardian_name: '王监护', guardian_phone: freshPhone(),
    guardian_consent: true,
  });
}

async function bankList(client, query = '') {
  const r = await client.get(`/api/v1/bank/applications${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

async function report(client, id, body, status = 200) {
  const r = await client.post(`/api/v1/bank/applications/${id}/status`, body);
  assert.equal(r.status, status, r.text);
  return r;
}

// ---- applying -----------------------------------------------------------------------------------------------

test('GET /credential-offers (public): the certificate at boc and ceb, the card at ccb (debit) and psbc (credit), with the fields each bank receives', async () => {
  const r = await anon.get('/api/v1/credential-offers');
  assert.equal(r.status, 200, r.text);
  const offers = r.body.items.map((o) => [o.kind, o.bank, o.card_type, o.min_age]);
  assert.deepEqual(offers.sort(), [
    ['card', 'ccb', 'debit', 16], ['card', 'psbc', 'credit', 18], ['certificate', 'boc', null, 16],
    ['certificate', 'ceb', null, 16],
  ].sort());
  const names = Object.fromEntries(r.body.items.map((o) => [o.bank, o.bank_name]));
  assert.deepEqual(names, { boc: '中国银行', ceb: '中国光大银行', ccb: '中国建设银行', psbc: '中国邮政储蓄银行' });
  for (const o of r.body.items) {
    assert.deepEqual(o.shared_fields, o.kind === 'certificate' ? CERTIFICATE_FIELDS : CARD_FIELDS, JSON.stringify(o));
  }
});

test('a verified adult applies for the certificate at boc: 201 sent_to_bank at once (card_type ignored), listed with its steps; one live application per kind (409)', async () => {
  alice = await volunteerSession(server);
  const before = Date.now();
  const r = await apply(alice, { kind: 'certificate', bank: 'boc', card_type: 'debit', consent: true });
  assert.equal(r.status, 201, r.text);
  aliceApp = r.body;
  assert.equal(typeof aliceApp.id, 'number');
  assert.deepEqual(Object.keys(aliceApp).sort(), [...APPLICATION_KEYS, 'events'].sort());
  assert.equal(aliceApp.status, 'sent_to_bank');
  assert.equal(aliceApp.kind, 'certificate');
  assert.equal(aliceApp.bank, 'boc');
  assert.equal(aliceApp.bank_name, '中国银行');
  assert.equal(aliceApp.card_type, null, 'a certificate has no card type, whatever was sent');
  assert.deepEqual(aliceApp.shared_fields, CERTIFICATE_FIELDS, 'what she consented to share');
  assert.equal(aliceApp.reason, '');
  assert.match(aliceApp.consented_at, /\+08:00$/);
  assert.ok(Date.parse(aliceApp.consented_at) >= Math.floor(before / 1000) * 1000 - 1000, aliceApp.consented_at);
  assert.deepEqual(steps(aliceApp), [['applied', 'volunteer'], ['checked', 'platform'], ['sent_to_bank', 'platform']]);
  for (const e of aliceApp.events) assert.match(e.at, /\+08:00$/);

  assert.deepEqual(await myApplications(alice), [aliceApp]);

  assertProblem(await apply(alice, { kind: 'certificate', bank: 'boc' }), 409, { code: 'application_exists' });
  assertProblem(await apply(alice, { kind: 'certificate', bank: 'ceb' }), 409, { code: 'application_exists' });
  assert.deepEqual(await myApplications(alice), [aliceApp], 'the refusals recorded nothing');
});

test('consent is required (422 consent_required), kind and bank must be offered (422); nothing is recorded; only volunteers apply', async () => {
  const bob = await volunteerSession(server);
  for (const consent of [false, undefined]) {
    assertProblem(await apply(bob, { kind: 'certificate', bank: 'boc', consent }), 422,
      { field: 'consent', fieldCode: 'consent_required' });
  }
  assertProblem(await apply(bob, { kind: 'passbook', bank: 'boc' }), 422, { field: 'kind', fieldCode: 'invalid_kind' });
  assertProblem(await apply(bob, { kind: 'certificate', bank: 'ccb' }), 422, { field: 'bank', fieldCode: 'bank_not_offered' });
  assertProblem(await apply(bob, { kind: 'certificate', bank: 'icbc' }), 422, { field: 'bank', fieldCode: 'bank_not_offered' });
  assertProblem(await apply(bob, { kind: 'certificate' }), 422, { field: 'bank' });
  assert.deepEqual(await myApplications(bob), []);

  assertProblem(await apply(city, { kind: 'certificate', bank: 'boc' }), 403);
  assertProblem(await anon.post('/api/v1/me/credential-applications', { kind: 'certificate', bank: 'boc', consent: true }), 401);
  assertProblem(await anon.get('/api/v1/me/credential-applications'), 401);
});

test('cards: debit at ccb and credit at psbc (the county is shared too); a card type the bank does not issue is 422 on card_type', async () => {
  carol = await volunteerSession(server);
  assertProblem(await apply(carol, { kind: 'card', bank: 'ccb', card_type: 'credit' }), 422,
    { field: 'card_type', fieldCode: 'bank_not_offered' });
  assertProblem(await apply(carol, { kind: 'card', bank: 'psbc', card_type: 'debit' }), 422,
    { field: 'card_type', fieldCode: 'bank_not_offered' });
  assertProblem(await apply(carol, { kind: 'card', bank: 'boc' }), 422, { field: 'bank', fieldCode: 'bank_not_offered' });
  assert.deepEqual(await myApplications(carol), []);

  carolApp = await applied(carol, { kind: 'card', bank: 'ccb', card_type: 'debit' });
  assert.equal(carolApp.card_type, 'debit');
  assert.equal(carolApp.bank_name, '中国建设银行');
  assert.deepEqual(carolApp.shared_fields, CARD_FIELDS);
  // The certificate is another kind: she may hold both.
  const cert = await applied(carol, { kind: 'certificate', bank: 'ceb' });
  assert.equal(cert.kind, 'certificate');

  dave = await volunteerSession(server);
  daveApp = await applied(dave, { kind: 'card', bank: 'psbc', card_type: 'credit' });
  assert.equal(daveApp.card_type, 'credit');
  assert.equal(daveApp.bank_name, '中国邮政储蓄银行');
  assertProblem(await apply(dave, { kind: 'card', bank: 'ccb', card_type: 'debit' }), 409, { code: 'application_exists' });
  // Without card_type, the bank's own type.
  const other = await volunteerSession(server);
  assert.equal((await applied(other, { kind: 'card', bank: 'psbc' })).card_type, 'credit');
});

test('the platform refuses at once, with the reason, a volunteer whose real name is not verified (passport: pending) or who is under the bank\'s age', async () => {
  // A passport cannot be checked offline: registration leaves real_name_status "pending".
  const passport = rememberSecret(`E${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
  const foreigner = await volunteerSession(server, {
    id_type: 'passport', id_number: passport, gender: 'male', birth_date: '1988-06-01',
  });
  assert.equal(foreigner.volunteer.real_name_status, 'pending');
  const r = await apply(foreigner, { kind: 'certificate', bank: 'boc' });
  assert.equal(r.status, 201, r.text);
  unverifiedApp = r.body;
  assert.equal(unverifiedApp.status, 'rejected');
  assert.match(unverifiedApp.reason, /实名认证/);
  assert.deepEqual(steps(unverifiedApp), [['applied', 'volunteer'], ['rejected', 'platform']]);
  assert.equal(unverifiedApp.events[1].reason, unverifiedApp.reason);
  // A refused application is not live: applying again is allowed (and refused again while unverified).
  const again = await applied(foreigner, { kind: 'certificate', bank: 'boc' }, 'rejected');
  assert.notEqual(again.id, unverifiedApp.id);

  // 17: too young for the PSBC credit card (18), old enough for the CCB debit card (16).
  const seventeen = await minorSession(17);
  const credit = await applied(seventeen, { kind: 'card', bank: 'psbc' }, 'rejected');
  assert.match(credit.reason, /中国邮政储蓄银行.*年满18周岁/);
  assert.deepEqual(steps(credit), [['applied', 'volunteer'], ['rejected', 'platform']]);
  await applied(seventeen, { kind: 'card', bank: 'ccb' }, 'sent_to_bank');

  // 15: too young for the certificate (16).
  const fifteen = await minorSession(15);
  youngApp = await applied(fifteen, { kind: 'certificate', bank: 'boc' }, 'rejected');
  assert.match(youngApp.reason, /年满16周岁/);
});

test('cancel: the applicant withdraws a live application and may apply again; someone else\'s id is 404; a second cancel is 409', async () => {
  const erin = await volunteerSession(server);
  const a = await applied(erin, { kind: 'certificate', bank: 'ceb' });
  const url = `/api/v1/me/credential-applications/${a.id}/cancel`;
  assertProblem(await alice.http.post(url, {}), 404);
  assertProblem(await anon.post(url, {}), 401);
  assertProblem(await erin.http.post('/api/v1/me/credential-applications/99999999/cancel', {}), 404);
  assertProblem(await erin.http.post('/api/v1/me/credential-applications/abc/cancel', {}), 404);
  assert.equal((await applicationOf(erin, a.id)).status, 'sent_to_bank', 'others cannot cancel it');

  const r = await erin.http.post(url, {});
  assert.equal(r.status, 200, r.text);
  erinCancelled = r.body;
  assert.equal(r.body.status, 'cancelled');
  assert.match(r.body.reason, CJK);
  assert.deepEqual(steps(r.body).at(-1), ['cancelled', 'volunteer']);
  assert.deepEqual(await applicationOf(erin, a.id), r.body);
  assertProblem(await erin.http.post(url, {}), 409, { code: 'not_cancellable' });

  const fresh = await applied(erin, { kind: 'certificate', bank: 'ceb' });
  assert.notEqual(fresh.id, a.id);
  assert.equal((await myApplications(erin)).length, 2);
});

// ---- the bank interface ---------------------------------------------------------------------------------------

test('`zhiyuan banks add` prints the key once; adding again replaces it (the old key stops working); bad codes are refused', async () => {
  const first = server.addBank('ceb');
  assert.match(first.stdout, /^bank ceb API key: zyb_[A-Za-z0-9_-]{20,}$/m);
  const second = server.addBank('ceb');
  assert.notEqual(second.key, first.key);
  keys.ceb = second.key;
  bank.ceb = bankClient(server.baseUrl, 'ceb', keys.ceb);
  assertProblem(await bankClient(server.baseUrl, 'ceb', first.key).get('/api/v1/bank/applications'), 401,
    { code: 'bank_signature_invalid' });
  assert.equal((await bank.ceb.get('/api/v1/bank/applications')).status, 200);

  const bad = server.runCli(['banks', 'add', 'Bad Code']);
  assert.notEqual(bad.status, 0, bad.stdout);
  assert.doesNotMatch(bad.stdout, /API key/);
  const nameless = server.runCli(['banks', 'add', 'cib']);
  assert.notEqual(nameless.status, 0, 'a new bank needs --name');
  const named = server.runCli(['banks', 'add', 'cib', '--name', '兴业银行']);
  assert.equal(named.status, 0, named.stderr);
  assert.match(named.stdout, /^bank cib API key: zyb_/m);
});

test('boc\'s signed list holds only boc\'s applications waiting for it, with the full ID number and phone; another bank\'s application is absent, and 404 to boc', async () => {
  const items = await bankList(bank.boc);
  const mine = items.find((a) => a.id === aliceApp.id);
  assert.ok(mine, `alice's application is listed for boc: ${JSON.stringify(items)}`);
  assert.deepEqual(Object.keys(mine).sort(), [...APPLICATION_KEYS, 'applicant'].sort(), 'no events for the bank');
  assert.deepEqual(mine.applicant, {
    name: alice.volunteer.name, id_type: 'resident_id', volunteer_number: alice.volunteer.volunteer_number,
    id_number: alice.body.id_number, phone: alice.phone,
  }, 'exactly the consented fields, in full (a certificate has no county)');
  const { events, ...withoutEvents } = aliceApp;
  assert.ok(events);
  assert.deepEqual({ ...mine, applicant: undefined }, { ...withoutEvents, applicant: undefined });
  for (const a of items) {
    assert.equal(a.bank, 'boc', JSON.stringify(a));
    assert.equal(a.status, 'sent_to_bank', 'by default what waits for the bank');
  }
  for (const other of [daveApp, carolApp, unverifiedApp, youngApp]) {
    assert.ok(!items.some((a) => a.id === other.id), `application ${other.id} (${other.bank}, ${other.status}) is not boc's to see`);
  }
  for (const a of await bankList(bank.boc, '?status=all')) assert.equal(a.bank, 'boc');
  assertProblem(await bank.boc.get('/api/v1/bank/applications?status=lost'), 422, { field: 'status', fieldCode: 'invalid_status' });

  // A card carries the county (for the branch that opens the account).
  const ccbItems = await bankList(bank.ccb);
  const card = ccbItems.find((a) => a.id === carolApp.id);
  assert.deepEqual(card.applicant, {
    name: carol.volunteer.name, id_type: 'resident_id', volunteer_number: carol.volunteer.volunteer_number,
    id_number: carol.body.id_number, phone: carol.phone, county: '梅江区',
  });
  assert.equal(card.card_type, 'debit');
  assert.ok(!ccbItems.some((a) => a.id === aliceApp.id));
  const psbcItems = await bankList(bank.psbc);
  for (const a of psbcItems) assert.equal(a.bank, 'psbc');
  assert.ok(psbcItems.some((a) => a.id === daveApp.id));

  // boc cannot see or move psbc's application.
  assertProblem(await bank.boc.post(`/api/v1/bank/applications/${daveApp.id}/status`, { status: 'issued' }), 404);
  assertProblem(await bank.boc.post('/api/v1/bank/applications/99999999/status', { status: 'issued' }), 404);
  assert.equal((await applicationOf(dave, daveApp.id)).status, 'sent_to_bank', 'unchanged');
});

test('unsigned, badly signed, stale (6 minutes) and replayed requests are 401 with their codes, and change nothing', async () => {
  const list = '/api/v1/bank/applications';
  const move = `/api/v1/bank/applications/${aliceApp.id}/status`;
  const now = Math.floor(Date.now() / 1000);

  assertProblem(await anon.get(list), 401, { code: 'bank_signature_missing' });
  assertProblem(await alice.http.get(list), 401, { code: 'bank_signature_missing' }); // a session is no bank
  for (const header of ['x-bank-code', 'x-timestamp', 'x-nonce', 'x-signature']) {
    assertProblem(await bank.boc.get(list, { headers: { [header]: undefined } }), 401, { code: 'bank_signature_missing' });
  }

  assertProblem(await bank.boc.get(list, { key: keys.psbc }), 401, { code: 'bank_signature_invalid' });
  assertProblem(await bank.boc.get(list, { signature: '0'.repeat(64) }), 401, { code: 'bank_signature_invalid' });
  assertProblem(await bankClient(server.baseUrl, 'icbc', keys.boc).get(list), 401, { code: 'bank_signature_invalid' });
  // boc's key does not speak for psbc.
  assertProblem(await bankClient(server.baseUrl, 'psbc', keys.boc).get(list), 401, { code: 'bank_signature_invalid' });
  // The path is signed with its query string, the body as sent.
  assertProblem(await bank.boc.get(`${list}?status=all`, { sign: { target: list } }), 401, { code: 'bank_signature_invalid' });
  assertProblem(await bank.boc.get(list, { sign: { method: 'POST' } }), 401, { code: 'bank_signature_invalid' });
  assertProblem(await bank.boc.post(move, { status: 'rejected', reason: '篡改' },
    { sign: { body: JSON.stringify({ status: 'issued' }) } }), 401, { code: 'bank_signature_invalid' });

  for (const skew of [-360, 360]) {
    assertProblem(await bank.boc.get(list, { timestamp: now + skew }), 401, { code: 'bank_timestamp_invalid' });
  }
  assertProblem(await bank.boc.get(list, { timestamp: 'yesterday' }), 401, { code: 'bank_timestamp_invalid' });
  assert.equal((await bank.boc.get(list, { timestamp: now - 240 })).status, 200, 'four minutes off is within the window');
  const shortNonce = await bank.boc.get(list, { nonce: 'abc' });
  assert.equal(shortNonce.status, 401, 'a nonce of fewer than 8 characters');
  assert.match(shortNonce.body.code, /^bank_/);

  const nonce = `replay-${Date.now()}`;
  const firstUse = await bank.boc.get(list, { nonce });
  assert.equal(firstUse.status, 200, firstUse.text);
  assertProblem(await bank.boc.get(list, { nonce }), 401, { code: 'bank_replay' });
  assertProblem(await bank.boc.post(move, { status: 'issued' }, { nonce }), 401, { code: 'bank_replay' });
  // Another bank may use the same nonce: nonces are per bank.
  assert.equal((await bank.psbc.get(list, { nonce })).status, 200);

  const still = await applicationOf(alice, aliceApp.id);
  assert.equal(still.status, 'sent_to_bank', 'none of the refused requests moved the application');
  assert.deepEqual(still.events, aliceApp.events);
});

test('the bank reports issued, then activated: the volunteer sees each step (and is told); the same status again is 200 and changes nothing', async () => {
  const url = `/api/v1/bank/applications/${aliceApp.id}/status`;
  const issued = await report(bank.boc, aliceApp.id, { status: 'issued' });
  assert.equal(issued.body.id, aliceApp.id);
  assert.equal(issued.body.status, 'issued');
  assert.equal(issued.body.events, undefined);
  let mine = await applicationOf(alice, aliceApp.id);
  assert.equal(mine.status, 'issued');
  assert.deepEqual(mine.events.at(-1), { status: 'issued', actor: 'bank:boc', reason: '', at: mine.events.at(-1).at });
  assert.ok((await notificationsOf(alice)).some((n) => n.title.includes('注册志愿者证已发放')), 'alice is told');

  const again = await report(bank.boc, aliceApp.id, { status: 'issued' });
  assert.equal(again.body.status, 'issued');
  assert.deepEqual(await applicationOf(alice, aliceApp.id), mine, 'a repeated report changes nothing');
  const notes = (await notificationsOf(alice)).length;

  await report(bank.boc, aliceApp.id, { status: 'activated' });
  mine = await applicationOf(alice, aliceApp.id);
  assert.equal(mine.status, 'activated');
  assert.deepEqual(steps(mine), [['applied', 'volunteer'], ['checked', 'platform'], ['sent_to_bank', 'platform'],
    ['issued', 'bank:boc'], ['activated', 'bank:boc']]);
  assert.equal((await notificationsOf(alice)).length, notes + 1);
  assert.equal((await bank.boc.post(url, { status: 'activated' })).status, 200);
  assert.deepEqual(await applicationOf(alice, aliceApp.id), mine, 'still nothing changes');
  assert.equal((await notificationsOf(alice)).length, notes + 1, 'and nobody is told twice');

  assertProblem(await alice.http.post(`/api/v1/me/credential-applications/${aliceApp.id}/cancel`, {}), 409,
    { code: 'not_cancellable' });
  assert.ok(!(await bankList(bank.boc)).some((a) => a.id === aliceApp.id), 'no longer waiting for the bank');
  assert.ok((await bankList(bank.boc, '?status=activated')).some((a) => a.id === aliceApp.id));
  // A held certificate is live.
  assertProblem(await apply(alice, { kind: 'certificate', bank: 'ceb' }), 409, { code: 'application_exists' });
});

test('invalid steps are 409 invalid_transition; a rejection needs a reason (422); only issued, activated and rejected may be reported', async () => {
  for (const status of ['issued', 'rejected']) {
    assertProblem(await bank.boc.post(`/api/v1/bank/applications/${aliceApp.id}/status`, { status, reason: '补充说明' }), 409,
      { code: 'invalid_transition' });
  }
  // Cancelled by the volunteer; refused by the platform.
  assertProblem(await bank.ceb.post(`/api/v1/bank/applications/${erinCancelled.id}/status`, { status: 'issued' }), 409,
    { code: 'invalid_transition' });
  assertProblem(await bank.boc.post(`/api/v1/bank/applications/${youngApp.id}/status`, { status: 'issued' }), 409,
    { code: 'invalid_transition' });

  const frank = await volunteerSession(server);
  const a = await applied(frank, { kind: 'certificate', bank: 'boc' });
  const url = `/api/v1/bank/applications/${a.id}/status`;
  assertProblem(await bank.boc.post(url, { status: 'rejected' }), 422, { field: 'reason', fieldCode: 'required' });
  assertProblem(await bank.boc.post(url, { status: 'rejected', reason: '   ' }), 422, { field: 'reason', fieldCode: 'required' });
  for (const status of ['sent_to_bank', 'cancelled', 'applied', 'lost', '']) {
    assertProblem(await bank.boc.post(url, { status }), 422, { field: 'status', fieldCode: 'invalid_status' });
  }
  assertProblem(await bank.boc.post(url, {}), 422, { field: 'status' });
  assert.deepEqual(await applicationOf(frank, a.id), a, 'the refusals changed nothing');

  const reason = '申请人身份信息与银行预留信息不一致';
  const rejected = await report(bank.boc, a.id, { status: 'rejected', reason });
  assert.equal(rejected.body.status, 'rejected');
  assert.equal(rejected.body.reason, reason);
  const mine = await applicationOf(frank, a.id);
  assert.deepEqual(mine.events.at(-1), { status: 'rejected', actor: 'bank:boc', reason, at: mine.events.at(-1).at });
  assert.ok((await notificationsOf(frank)).some((n) => n.body.includes(reason)), 'frank is told why');
  assertProblem(await bank.boc.post(url, { status: 'issued' }), 409, { code: 'invalid_transition' });
  await applied(frank, { kind: 'certificate', bank: 'boc' }); // a rejected application leaves room for a new one
});

test('every disclosure to a bank is audited as credential.disclose, naming the fields but never their values (auditor only)', async () => {
  const r = await auditor.http.get('/api/v1/audit-events?action=credential.disclose&page_size=100');
  assert.equal(r.status, 200, r.text);
  const of = (id) => r.body.items.filter((e) => String(e.object_id) === String(id));
  const alices = of(aliceApp.id);
  assert.ok(alices.length >= 1, `alice's disclosure is logged: ${r.text.slice(0, 800)}`);
  for (const e of alices) {
    assert.equal(e.action, 'credential.disclose');
    assert.equal(e.object_type, 'credential_application');
    assert.equal(e.actor_role, 'bank');
    assert.equal(e.result, 'ok');
    assert.deepEqual(e.detail, { bank: 'boc', via: 'bank:boc', fields: CERTIFICATE_FIELDS });
  }
  const cards = of(carolApp.id);
  assert.ok(cards.length >= 1);
  assert.deepEqual(cards[0].detail, { bank: 'ccb', via: 'bank:ccb', fields: CARD_FIELDS });
  assert.equal(of(daveApp.id).filter((e) => e.detail.bank !== 'psbc').length, 0, 'dave\'s data went to psbc only');
  for (const who of [alice, city]) {
    assertProblem(await who.http.get('/api/v1/audit-events?action=credential.disclose'), 403);
  }
});

// ---- status files ---------------------------------------------------------------------------------------------

const statusFile = (client, csv) => client.post('/api/v1/bank/status-files', csv);

test('a status file applies every row ({applied, unchanged, errors: []}); Chinese headers with BOM and CRLF work; the same file again changes nothing', async () => {
  const people = await Promise.all([0, 1, 2].map(() => volunteerSession(server)));
  const apps = [];
  for (const p of people) apps.push(await applied(p, { kind: 'certificate', bank: 'boc' }));
  const [g1, g2, g3] = apps;

  const r = await statusFile(bank.boc, `application_id,status,reason\n${g1.id},issued,\n${g2.id},rejected,资料不全\n`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { applied: 2, unchanged: 0, errors: [] });
  assert.equal((await applicationOf(people[0], g1.id)).status, 'issued');
  const rejected = await applicationOf(people[1], g2.id);
  assert.equal(rejected.status, 'rejected');
  assert.equal(rejected.reason, '资料不全');
  assert.deepEqual(rejected.events.at(-1), { status: 'rejected', actor: 'bank:boc', reason: '资料不全', at: rejected.events.at(-1).at });

  const chinese = `\ufeff申请编号,状态,原因\r\n${g1.id},activated,\r\n${g3.id},issued,\r\n`;
  assert.deepEqual((await statusFile(bank.boc, chinese)).body, { applied: 2, unchanged: 0, errors: [] });
  assert.equal((await applicationOf(people[0], g1.id)).status, 'activated');
  assert.equal((await applicationOf(people[2], g3.id)).status, 'issued');
  const events = (await applicationOf(people[0], g1.id)).events;
  assert.deepEqual((await statusFile(bank.boc, chinese)).body, { applied: 0, unchanged: 2, errors: [] });
  assert.deepEqual((await applicationOf(people[0], g1.id)).events, events, 'a repeated file changes nothing');
});

test('a status file with bad rows is refused whole: 422 status_file_rejected listing every bad line, and nothing is applied', async () => {
  const people = await Promise.all([0, 1, 2, 3].map(() => volunteerSession(server)));
  const apps = [];
  for (const p of people) apps.push(await applied(p, { kind: 'certificate', bank: 'boc' }));
  const [h1, h2, h3, h4] = apps;
  const csv = [
    'application_id,status,reason',
    `${h1.id},issued,`, // good
    'abc,issued,', // 3: not a number
    `${h2.id},lost,`, // 4: no such status
    `${h3.id},rejected,`, // 5: rejected without a reason
    `${daveApp.id},issued,`, // 6: psbc's application
    `${aliceApp.id},issued,`, // 7: already activated
    `${h1.id},activated,`, // 8: the same application twice
    `${h4.id},issued,`, // good
  ].join('\n');
  const r = await statusFile(bank.boc, `${csv}\n`);
  assert.equal(r.status, 422, r.text);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.equal(r.body.code, 'status_file_rejected');
  assert.equal(r.body.status, 422);
  assert.match(r.body.detail, CJK);
  assert.equal(r.body.applied, 0);
  assert.deepEqual(r.body.errors.map((e) => [e.line, e.code]), [
    [3, 'invalid_application_id'], [4, 'invalid_status'], [5, 'required'], [6, 'not_found'], [7, 'invalid_transition'],
    [8, 'duplicate_row'],
  ]);
  for (const e of r.body.errors) assert.match(e.message, CJK, JSON.stringify(e));

  for (const [p, a] of [[people[0], h1], [people[3], h4], [people[1], h2]]) {
    assert.deepEqual(await applicationOf(p, a.id), a, `application ${a.id}: nothing of the file was applied`);
  }
  assert.equal((await applicationOf(dave, daveApp.id)).status, 'sent_to_bank');
  assert.equal((await applicationOf(alice, aliceApp.id)).status, 'activated');
  assert.ok(!(await notificationsOf(people[0])).some((n) => n.title.includes('已发放')), 'nobody was told of a step not taken');

  assertProblem(await statusFile(bank.boc, 'id,state\n1,issued\n'), 422, { field: 'file', fieldCode: 'missing_columns' });
  assertProblem(await statusFile(bank.boc, 'application_id,status,reason\n'), 422, { field: 'file', fieldCode: 'empty_file' });
  assertProblem(await bank.boc.post('/api/v1/bank/status-files', 'application_id,status\n1,issued\n', { key: keys.ccb }), 401,
    { code: 'bank_signature_invalid' });

  // Corrected, the file applies.
  const fixed = await statusFile(bank.boc, `application_id,status,reason\n${h1.id},issued,\n${h3.id},rejected,资料不全\n${h4.id},issued,\n`);
  assert.deepEqual(fixed.body, { applied: 3, unchanged: 0, errors: [] });
});

test('a status file may give statuses as the Chinese labels its export shows (已发放, 未通过)', async () => {
  const v = await volunteerSession(server);
  const a = await applied(v, { kind: 'certificate', bank: 'boc' });
  const r = await statusFile(bank.boc, `申请编号,状态,原因\n${a.id},已发放,\n`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { applied: 1, unchanged: 0, errors: [] });
  const mine = await v.http.get('/api/v1/me/credential-applications');
  assert.equal(mine.body.items.find((x) => x.id === a.id).status, 'issued');
});

test('status-file errors name the line of the file: blank lines count', async () => {
    const v = await volunteerSession(server);
    const a = await applied(v, { kind: 'certificate', bank: 'boc' });
    // Line 1 header, 2 good, 3 blank, 4 bad.
    const r = await statusFile(bank.boc, `application_id,status,reason\n${a.id},issued,\n\nabc,issued,\n`);
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.body.errors.map((e) => [e.line, e.code]), [[4, 'invalid_application_id']], r.text);
  });

test('the status-file refusal is a problem like every other: it carries request_id (= X-Request-Id)', async () => {
    const r = await statusFile(bank.boc, 'application_id,status,reason\nabc,issued,\n');
    assert.equal(r.status, 422, r.text);
    assert.ok(r.body.request_id, `request_id in ${r.text}`);
    assert.equal(r.body.request_id, r.headers.get('x-request-id'));
  });

test('an application the platform refused was never sent to the bank: the bank cannot list it, not even with ?status=rejected or all', async () => {
    for (const query of ['?status=all', '?status=rejected']) {
      const items = await bankList(bank.boc, query);
      for (const refused of [unverifiedApp, youngApp]) {
        assert.ok(!items.some((a) => a.id === refused.id),
          `GET /api/v1/bank/applications${query} discloses application ${refused.id}, refused by the platform (${refused.reason})`);
      }
    }
  });

// ---- the bank operator's console ------------------------------------------------------------------------------

test('a bank operator (admin create --role bank_operator --partner boc) sees boc\'s list as the bank API does, and downloads it as CSV (BOM, header) and XLSX', async () => {
  const op = await partnerSession(server, 'bank_operator', 'boc', '中国银行经办');
  assert.deepEqual(op.roles, [{ role: 'bank_operator', bank: 'boc' }]);

  const waiting = await op.raw.get('/api/v1/bank-console/applications');
  assert.equal(waiting.status, 200, waiting.text);
  assert.deepEqual(waiting.body.items, await bankList(bank.boc), 'the same items as the bank API');
  const all = await op.raw.get('/api/v1/bank-console/applications?status=all&format=json');
  assert.equal(all.status, 200, all.text);
  assert.deepEqual(all.body.items, await bankList(bank.boc, '?status=all'));
  const activated = all.body.items.find((a) => a.id === aliceApp.id);
  assert.equal(activated.applicant.id_number, alice.body.id_number);
  assertProblem(await op.raw.get('/api/v1/bank-console/applications?status=lost'), 422, { field: 'status' });

  const csv = await download(server.baseUrl, '/api/v1/bank-console/applications?status=all&format=csv', op.token, { sensitive: true });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /^attachment; filename="[^"]+\.csv"$/);
  assert.deepEqual(csv.bytes.subarray(0, 3), UTF8_BOM, 'a byte-order mark, for Excel');
  const rows = csvRows(csv.bytes);
  assert.deepEqual(rows[0], ['申请编号', '证卡', '卡种', '姓名', '证件类型', '证件号码', '手机号', '志愿者编号', '所在县区', '状态', '同意时间']);
  assert.equal(rows.length - 1, all.body.items.length);
  const row = rows.find((x) => x[0] === String(aliceApp.id));
  assert.ok(row, `alice's row: ${csv.bytes.toString('utf8')}`);
  assert.equal(row[1], '注册志愿者证');
  assert.equal(row[3], alice.volunteer.name);
  assert.equal(row[5], alice.body.id_number, 'the bank gets the full ID number');
  assert.equal(row[6], alice.phone);
  assert.equal(row[7], alice.volunteer.volunteer_number);
  assert.equal(row[4], '居民身份证', 'files speak Chinese: the ID type by its name');
  assert.equal(row[9], '已激活', 'and the status by its label');
  assert.ok(!rows.some((x) => x[0] === String(daveApp.id)), 'psbc\'s application is not in boc\'s file');

  const xlsx = await download(server.baseUrl, '/api/v1/bank-console/applications?status=all&format=xlsx', op.token, { sensitive: true });
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.headers.get('content-type'), XLSX_TYPE);
  assert.match(xlsx.headers.get('content-disposition'), /^attachment; filename="[^"]+\.xlsx"$/);
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK', 'a ZIP (OOXML) file');
  const strings = xlsxStrings(xlsx.bytes);
  for (const s of ['申请编号', '证件号码', '同意时间', alice.body.id_number, alice.volunteer.name]) {
    assert.ok(strings.includes(s), `the XLSX holds ${s}`);
  }

  // The operator's disclosures are audited too, naming the account.
  const log = await auditor.http.get('/api/v1/audit-events?action=credential.disclose&page_size=100');
  assert.ok(log.body.items.some((e) => e.actor_role === 'bank_operator' && e.actor_id === op.accountId &&
    e.detail.via === `account:${op.accountId}`), log.text.slice(0, 800));
});

test('the console moves boc\'s applications (actor account:ID) and takes status files; psbc\'s is 404; volunteers, admins and the anonymous are refused', async () => {
  const op = await partnerSession(server, 'bank_operator', 'boc');
  const v = await volunteerSession(server);
  const a = await applied(v, { kind: 'certificate', bank: 'boc' });
  const r = await op.raw.post(`/api/v1/bank-console/applications/${a.id}/status`, { status: 'issued' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'issued');
  assert.deepEqual(steps(await applicationOf(v, a.id)).at(-1), ['issued', `account:${op.accountId}`]);
  assertProblem(await op.raw.post(`/api/v1/bank-console/applications/${a.id}/status`, { status: 'rejected' }), 422,
    { field: 'reason' });
  assertProblem(await op.raw.post(`/api/v1/bank-console/applications/${daveApp.id}/status`, { status: 'issued' }), 404);

  const file = await fetch(`${server.baseUrl}/api/v1/bank-console/status-files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${op.token}`, 'content-type': 'text/csv; charset=utf-8' },
    body: `申请编号,状态,原因\n${a.id},activated,\n`,
  });
  assert.equal(file.status, 200);
  assert.deepEqual(await file.json(), { applied: 1, unchanged: 0, errors: [] });
  assert.equal((await applicationOf(v, a.id)).status, 'activated');

  const bad = await fetch(`${server.baseUrl}/api/v1/bank-console/status-files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${op.token}`, 'content-type': 'text/csv' },
    body: `application_id,status,reason\n${daveApp.id},issued,\n`,
  });
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).errors.map((e) => [e.line, e.code]), [[2, 'not_found']]);

  for (const who of [v, alice, city, auditor]) {
    assertProblem(await who.http.get('/api/v1/bank-console/applications'), 403);
    assertProblem(await who.http.get('/api/v1/bank-console/applications?format=csv'), 403);
    assertProblem(await who.http.post(`/api/v1/bank-console/applications/${a.id}/status`, { status: 'activated' }), 403);
    assertProblem(await who.http.post('/api/v1/bank-console/status-files', {}), 403);
  }
  assertProblem(await anon.get('/api/v1/bank-console/applications'), 401);

  // A bank operator needs a bank that exists.
  const r2 = server.runCli(['admin', 'create', '--phone', freshPhone(), '--role', 'bank_operator', '--partner', 'icbc'], 'Admin#2026x\n');
  assert.notEqual(r2.status, 0);
  assert.match(r2.stderr, /icbc/);
});

// ---- the electronic certificate ---------------------------------------------------------------------------------

test('GET /me/e-certificate: the volunteer\'s facts, a short-lived token with verify_url and an SVG QR; holds_certificate / holds_card follow issued credentials', async () => {
  const before = Date.now();
  const r = await alice.http.get('/api/v1/me/e-certificate');
  assert.equal(r.status, 200, r.text);
  const c = r.body;
  assert.deepEqual({ ...c, token: undefined, expires_at: undefined, verify_url: undefined }, {
    name: alice.volunteer.name, volunteer_number: alice.volunteer.volunteer_number, star_level: 0, certified_star_level: 0,
    confirmed_minutes: 0, organization: null, holds_certificate: true, holds_card: false,
    token: undefined, expires_at: undefined, verify_url: undefined,
  });
  assert.equal(typeof c.token, 'string');
  assert.ok(c.token.length >= 8);
  assert.match(c.expires_at, /\+08:00$/);
  const ttl = Date.parse(c.expires_at) - before;
  assert.ok(ttl > 25e3 && ttl <= 91e3, `the token lives about a minute (${ttl} ms)`);
  assert.ok(c.verify_url.endsWith(`/verify/e-certificate/${c.token}`), c.verify_url);
  assert.match(c.verify_url, /^https?:\/\//);

  const qr = await fetch(`${server.baseUrl}/api/v1/me/e-certificate/qr.svg`, { headers: { authorization: `Bearer ${alice.token}` } });
  assert.equal(qr.status, 200);
  assert.match(qr.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(await qr.text(), /<svg[\s>]/);

  // The card: carol's debit card, once ccb issues it.
  assert.equal((await carol.http.get('/api/v1/me/e-certificate')).body.holds_card, false);
  await report(bank.ccb, carolApp.id, { status: 'issued' });
  const cc = (await carol.http.get('/api/v1/me/e-certificate')).body;
  assert.deepEqual([cc.holds_card, cc.holds_certificate], [true, false], 'her certificate at ceb is not issued yet');
  assert.equal((await dave.http.get('/api/v1/me/e-certificate')).body.holds_card, false, 'sent to the bank is not held');

  assertProblem(await city.http.get('/api/v1/me/e-certificate'), 403);
  assertProblem(await anon.get('/api/v1/me/e-certificate'), 401);
  assertProblem(await anon.get('/api/v1/me/e-certificate/qr.svg'), 401);
});

test('the public check of a scanned token shows only the allowed fields (no ID number, no phone); a tampered token is 422 invalid_pass', async () => {
  const { token } = (await alice.http.get('/api/v1/me/e-certificate')).body;
  const r = await anon.get(`/api/v1/e-certificates/${token}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body).sort(), ['certified_star_level', 'confirmed_minutes', 'holds_card', 'holds_certificate',
    'name', 'organization', 'star_level', 'volunteer_number']);
  assert.equal(r.body.name, alice.volunteer.name);
  assert.equal(r.body.volunteer_number, alice.volunteer.volunteer_number);
  assert.equal(r.body.holds_certificate, true);
  for (const k of ['id_number', 'phone', 'id_type', 'birth_date', 'gender']) assert.ok(!(k in r.body), `no ${k}`);
  assert.ok(!r.text.includes(alice.body.id_number), 'the full ID number is absent');
  assert.ok(!r.text.includes(maskedId(alice.body.id_number)), 'not even the masked ID number');
  assert.ok(!r.text.includes(alice.phone));

  const last = token.at(-1);
  const tampered = token.slice(0, -1) + (last === '0' ? '1' : '0');
  assertProblem(await anon.get(`/api/v1/e-certificates/${tampered}`), 422, { field: 'token', fieldCode: 'invalid_pass' });
  // Another volunteer's number with alice's signature.
  const forged = token.replace(/^P\d+/, `P${carol.volunteer.id}`);
  if (forged !== token) {
    assertProblem(await anon.get(`/api/v1/e-certificates/${forged}`), 422, { field: 'token', fieldCode: 'invalid_pass' });
  }
  assertProblem(await anon.get('/api/v1/e-certificates/not-a-token'), 422, { field: 'token', fieldCode: 'invalid_pass' });
});
