// 嘉许回馈 rewards: the city admin registers partners and merchants (爱心商家); a merchant (or the city admin for
// it) offers benefits with eligibility (star level, holding the certificate or card, county), a validity period and
// a per-volunteer limit; the merchant scans the volunteer's electronic certificate, sees which of its benefits apply
// and why not, and records a redemption — never beyond the limit, even when the same certificate is scanned at
// several tills at once. Also 守信联合激励, the city's list of volunteers in good standing for the credit platform.
//
// The demo data gives the merchants kedu-books (benefit 1: 3★, limit 2), mz-bus (benefit 2: certificate or card)
// and picc-mz (benefit 3: everyone), a merchant account of kedu-books, a bank operator of boc (to issue
// certificates through the console), the 2★ volunteer 13900000002 (320 h, not certified) and the certified 3★
// volunteer 13900000003 (640 h). New merchant accounts come from `zhiyuan admin create --role merchant --partner`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  api, assertProblem, volunteerSession, demoSession, partnerSession, DEMO, ADMIN_PASSWORD, freshPhone, chinaDate,
  download, csvRows, xlsxStrings, UTF8_BOM, XLSX_TYPE, CJK, sleep,
} from './helpers.mjs';

const DEMO_TWO_STAR = '13900000002';
const DEMO_THREE_STAR = '13900000003';
const DEMO_AUDITOR = '13800000002';
const DEMO_BANK_OPERATOR = '13600000001'; // boc
const DEMO_MERCHANT = '13600000002'; // kedu-books

const BENEFIT_KEYS = ['id', 'merchant', 'merchant_name', 'title', 'description', 'category', 'min_star_level',
  'requires_credential', 'county_code', 'valid_from', 'valid_to', 'limit_per_volunteer', 'status'];
const CERTIFICATE_KEYS = ['name', 'volunteer_number', 'star_level', 'certified_star_level', 'confirmed_minutes', 'organization',
  'holds_certificate', 'holds_card'];

let server;
let anon;
let city;
let county;
let auditor;
let twoStar;
let threeStar;
let kedu; // the demo merchant account of kedu-books
let bankOperator; // the demo operator of boc
let tea; // {code, merchant (session)}: a merchant registered in these tests
let earlyToken; // an e-certificate token taken at the start, expired by the end

const today = () => chinaDate(Date.now());
const dayFromToday = (n) => chinaDate(Date.now() + n * 86400e3);

before(async () => {
  server = await startServer({ demo: true });
  anon = api(server.baseUrl);
  [city, county, auditor, twoStar, threeStar, kedu, bankOperator] = await Promise.all([
    demoSession(server, DEMO.cityAdmin), demoSession(server, DEMO.countyAdmin441402), demoSession(server, DEMO_AUDITOR),
    demoSession(server, DEMO_TWO_STAR), demoSession(server, DEMO_THREE_STAR), demoSession(server, DEMO_MERCHANT),
    demoSession(server, DEMO_BANK_OPERATOR),
  ]);
  earlyToken = (await twoStar.http.get('/api/v1/me/e-certificate')).body.token;
});
after(async () => { await server?.stop(); });

async function tokenOf(v) {
  const r = await v.http.get('/api/v1/me/e-certificate');
  assert.equal(r.status, 200, r.text);
  return r.body.token;
}

function benefitBody(overrides = {}) {
  return {
    title: `测试权益${Math.floor(Math.random() * 1e6)}`, description: '凭电子志愿者证享受', category: 'discount',
    min_star_level: 0, requires_credential: '', county_code: '', valid_from: dayFromToday(-1), valid_to: dayFromToday(30),
    limit_per_volunteer: 0, ...overrides,
  };
}

async function offer(who, overrides) {
  const r = await who.http.post('/api/v1/benefits', benefitBody(overrides));
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const verify = (merchant, token) => merchant.http.post('/api/v1/merchant/verifications', { token });
const redeem = (merchant, token, benefitId) => merchant.http.post('/api/v1/merchant/redemptions', { token, benefit_id: benefitId });

async function standing(merchant, token, benefitId) {
  const r = await verify(merchant, token);
  assert.equal(r.status, 200, r.text);
  const b = r.body.benefits.find((x) => x.id === benefitId);
  assert.ok(b, `benefit ${benefitId} in ${r.text}`);
  return b;
}

async function myRedemptions(v) {
  const r = await v.http.get('/api/v1/me/redemptions');
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

// The volunteer applies for the certificate at boc and the demo bank operator issues it in the console.
async function issueCertificate(v) {
  const a = await v.http.post('/api/v1/me/credential-applications', { kind: 'certificate', bank: 'boc', consent: true });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.status, 'sent_to_bank', a.text);
  const r = await bankOperator.http.post(`/api/v1/bank-console/applications/${a.body.id}/status`, { status: 'issued' });
  assert.equal(r.status, 200, r.text);
}

// ---- merchants and benefits -----------------------------------------------------------------------------------

test('GET /merchants and /benefits (public): the demo partners and their benefits valid today', async () => {
  const m = await anon.get('/api/v1/merchants');
  assert.equal(m.status, 200, m.text);
  const byCode = Object.fromEntries(m.body.items.map((x) => [x.code, x]));
  assert.deepEqual(Object.keys(byCode['kedu-books']).sort(), ['address', 'category', 'code', 'county_code', 'name']);
  assert.deepEqual(['kedu-books', 'mz-bus', 'picc-mz'].map((c) => byCode[c]?.category), ['merchant', 'transport', 'insurance']);
  assert.equal(byCode['kedu-books'].county_code, '441402');

  const b = await anon.get('/api/v1/benefits');
  assert.equal(b.status, 200, b.text);
  const books = b.body.items.find((x) => x.id === 1);
  assert.deepEqual(Object.keys(books).sort(), [...BENEFIT_KEYS].sort());
  assert.deepEqual({ ...books, description: undefined, merchant_name: undefined }, {
    id: 1, merchant: 'kedu-books', merchant_name: undefined, title: '三星级志愿者购书八折', description: undefined,
    category: 'discount', min_star_level: 3, requires_credential: '', county_code: '', valid_from: '2026-01-01',
    valid_to: '2027-12-31', limit_per_volunteer: 2, status: 'active',
  });
  assert.match(books.merchant_name, CJK);
  assert.equal(b.body.items.find((x) => x.id === 2)?.requires_credential, 'either');
  for (const x of b.body.items) {
    assert.equal(x.status, 'active');
    assert.ok(x.valid_from <= today() && today() <= x.valid_to, JSON.stringify(x));
  }
});

test('the city admin registers a merchant (201; a taken code is 409 merchant_exists); bad input is 422; nobody else may (403)', async () => {
  const code = `tea-${Math.floor(Math.random() * 1e6)}`;
  const body = { code, name: '客家擂茶馆（爱心商家）', category: 'merchant', county_code: '441403', address: '梅县区程江镇' };
  const r = await city.http.post('/api/v1/merchants', body);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body, body);
  assert.ok((await anon.get('/api/v1/merchants')).body.items.some((x) => x.code === code));

  assertProblem(await city.http.post('/api/v1/merchants', { ...body, name: '另一家' }), 409,
    { code: 'merchant_exists', field: 'code' });
  assertProblem(await city.http.post('/api/v1/merchants', { ...body, code: 'Tea House' }), 422, { field: 'code', fieldCode: 'invalid_code' });
  assertProblem(await city.http.post('/api/v1/merchants', { ...body, code: 'x'.repeat(33) }), 422, { field: 'code' });
  assertProblem(await city.http.post('/api/v1/merchants', { ...body, code: 'tea-2', name: '' }), 422, { field: 'name' });
  assertProblem(await city.http.post('/api/v1/merchants', { ...body, code: 'tea-2', category: 'shop' }), 422,
    { field: 'category', fieldCode: 'invalid_category' });
  assertProblem(await city.http.post('/api/v1/merchants', { ...body, code: 'tea-2', county_code: '441400' }), 422,
    { field: 'county_code', fieldCode: 'unknown_county' });
  for (const who of [county, twoStar, kedu, bankOperator]) {
    assertProblem(await who.http.post('/api/v1/merchants', { ...body, code: 'tea-3' }), 403);
  }
  assertProblem(await anon.post('/api/v1/merchants', { ...body, code: 'tea-3' }), 401);
  assert.ok(!(await anon.get('/api/v1/merchants')).body.items.some((x) => x.code.startsWith('tea-') && x.code !== code));

  // Its staff: a merchant account through the CLI.
  tea = { code, merchant: await partnerSession(server, 'merchant', code, '擂茶馆店员') };
  assert.deepEqual(tea.merchant.roles, [{ role: 'merchant', merchant: code }]);
  const unknown = server.runCli(['admin', 'create', '--phone', freshPhone(), '--role', 'merchant', '--partner', 'no-such-shop'],
    `${ADMIN_PASSWORD}\n`);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /no-such-shop/);
});

test('benefits: a merchant offers its own (a "merchant" field is ignored), the city admin names the merchant; each invalid field is 422; others 403', async () => {
  const own = await offer(tea.merchant, { merchant: 'kedu-books', title: '擂茶九折', min_star_level: 1, limit_per_volunteer: 3 });
  assert.deepEqual(Object.keys(own).sort(), [...BENEFIT_KEYS].sort());
  assert.equal(own.merchant, tea.code, 'a merchant offers only its own benefits');
  assert.equal(own.merchant_name, '客家擂茶馆（爱心商家）');
  assert.deepEqual([own.title, own.min_star_level, own.limit_per_volunteer, own.status], ['擂茶九折', 1, 3, 'active']);
  assert.equal(own.valid_from, dayFromToday(-1));

  const byCity = await offer(city, { merchant: tea.code, title: '市级发布：擂茶免费一次', category: 'discount' });
  assert.equal(byCity.merchant, tea.code);
  assertProblem(await city.http.post('/api/v1/benefits', benefitBody()), 422, { field: 'merchant', fieldCode: 'unknown_merchant' });
  assertProblem(await city.http.post('/api/v1/benefits', benefitBody({ merchant: 'no-such-shop' })), 422,
    { field: 'merchant', fieldCode: 'unknown_merchant' });

  const bad = [
    [{ title: '' }, 'title', 'required'],
    [{ category: 'food' }, 'category', 'invalid_category'],
    [{ min_star_level: 6 }, 'min_star_level', 'invalid_level'],
    [{ min_star_level: -1 }, 'min_star_level', 'invalid_level'],
    [{ min_star_level: 'three' }, 'min_star_level', 'invalid_type'],
    [{ requires_credential: 'passport' }, 'requires_credential', 'invalid_requirement'],
    [{ valid_from: '2026-13-01' }, 'valid_from', 'invalid_date'],
    [{ valid_to: 'soon' }, 'valid_to', 'invalid_date'],
    [{ valid_from: dayFromToday(5), valid_to: dayFromToday(1) }, 'valid_to', 'ends_before_start'],
    [{ limit_per_volunteer: -1 }, 'limit_per_volunteer', 'invalid_limit'],
    [{ county_code: '441400' }, 'county_code', 'unknown_county'],
  ];
  for (const [overrides, field, fieldCode] of bad) {
    assertProblem(await tea.merchant.http.post('/api/v1/benefits', benefitBody(overrides)), 422, { field, fieldCode });
  }
  for (const who of [twoStar, county, bankOperator]) {
    assertProblem(await who.http.post('/api/v1/benefits', benefitBody({ merchant: tea.code })), 403);
  }
  assertProblem(await anon.post('/api/v1/benefits', benefitBody({ merchant: tea.code })), 401);

  // The public catalogue: valid today and active only.
  const later = await offer(tea.merchant, { title: '下月起生效', valid_from: dayFromToday(10), valid_to: dayFromToday(40) });
  const over = await offer(tea.merchant, { title: '已过期', valid_from: dayFromToday(-30), valid_to: dayFromToday(-2) });
  const ids = (await anon.get('/api/v1/benefits')).body.items.map((x) => x.id);
  assert.ok(ids.includes(own.id) && ids.includes(byCity.id));
  assert.ok(!ids.includes(later.id), 'not yet valid');
  assert.ok(!ids.includes(over.id), 'expired');
  const mine = (await twoStar.http.get('/api/v1/me/benefits')).body.items.map((x) => x.id);
  assert.ok(mine.includes(own.id) && !mine.includes(later.id) && !mine.includes(over.id));
});

test('withdrawing a benefit: its merchant or the city admin (others 404); a second withdrawal is 409; it leaves the catalogue', async () => {
  const a = await offer(tea.merchant, { title: '限时下架测试A' });
  const b = await offer(tea.merchant, { title: '限时下架测试B' });
  assertProblem(await kedu.http.post(`/api/v1/benefits/${a.id}/withdraw`, {}), 404); // another merchant's
  assertProblem(await twoStar.http.post(`/api/v1/benefits/${a.id}/withdraw`, {}), 403, { code: 'forbidden' });
  assertProblem(await anon.post(`/api/v1/benefits/${a.id}/withdraw`, {}), 401);
  assertProblem(await tea.merchant.http.post('/api/v1/benefits/99999999/withdraw', {}), 404);

  const r = await tea.merchant.http.post(`/api/v1/benefits/${a.id}/withdraw`, {});
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { ...a, status: 'withdrawn' });
  assertProblem(await tea.merchant.http.post(`/api/v1/benefits/${a.id}/withdraw`, {}), 409, { code: 'benefit_withdrawn' });
  const byCity = await city.http.post(`/api/v1/benefits/${b.id}/withdraw`, {});
  assert.equal(byCity.status, 200, byCity.text);
  assert.equal(byCity.body.status, 'withdrawn');
  const ids = (await anon.get('/api/v1/benefits')).body.items.map((x) => x.id);
  assert.ok(!ids.includes(a.id) && !ids.includes(b.id));

  // A withdrawn benefit cannot be redeemed.
  const v = await volunteerSession(server);
  const refused = assertProblem(await redeem(tea.merchant, await tokenOf(v), a.id), 409, { code: 'not_eligible' });
  assert.match(refused.detail, /下架/);
});

// ---- verification and redemption ------------------------------------------------------------------------------

test('a merchant verifies a scanned certificate: the certificate (no ID, no phone) and its own benefits, each eligible or with the reason (star level)', async () => {
  const token = await tokenOf(threeStar);
  const r = await verify(kedu, token);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body).sort(), ['benefits', 'certificate']);
  assert.deepEqual(Object.keys(r.body.certificate).sort(), [...CERTIFICATE_KEYS].sort());
  assert.deepEqual(r.body.certificate, (await anon.get(`/api/v1/e-certificates/${token}`)).body, 'what the public check shows');
  assert.deepEqual([r.body.certificate.star_level, r.body.certificate.certified_star_level, r.body.certificate.confirmed_minutes],
    [3, 3, 640 * 60]);
  assert.equal(r.body.certificate.volunteer_number, threeStar.volunteer.volunteer_number);
  for (const b of r.body.benefits) assert.equal(b.merchant, 'kedu-books', 'only the merchant\'s own benefits');
  const books = r.body.benefits.find((b) => b.id === 1);
  assert.deepEqual(Object.keys(books).sort(), [...BENEFIT_KEYS, 'eligible', 'reason', 'used'].sort());
  assert.deepEqual([books.eligible, books.reason, books.used], [true, '', 0]);

  const two = await standing(kedu, await tokenOf(twoStar), 1);
  assert.equal(two.eligible, false);
  assert.match(two.reason, /3星/, 'the 2★ volunteer is told the level needed');

  for (const who of [twoStar, city, bankOperator]) assertProblem(await verify(who, token), 403);
  assertProblem(await anon.post('/api/v1/merchant/verifications', { token }), 401);
  const tampered = token.slice(0, -1) + (token.at(-1) === 'a' ? 'b' : 'a');
  assertProblem(await verify(kedu, tampered), 422, { field: 'token', fieldCode: 'invalid_pass' });
  assertProblem(await verify(kedu, ''), 422, { field: 'token' });
  assertProblem(await kedu.http.post('/api/v1/merchant/verifications', {}), 422, { field: 'token' });
});

test('eligibility follows the credential (certificate, card, either) and the county, with the reason', async () => {
  const needCert = await offer(tea.merchant, { title: '持证专享', requires_credential: 'certificate' });
  const needCard = await offer(tea.merchant, { title: '持卡专享', requires_credential: 'card' });
  const needEither = await offer(tea.merchant, { title: '持证或持卡专享', requires_credential: 'either' });
  const local = await offer(tea.merchant, { title: '梅县区志愿者专享', county_code: '441403' });
  const v = await volunteerSession(server); // 梅江区 441402, nothing held
  let token = await tokenOf(v);
  const reasons = async () => Object.fromEntries(await Promise.all([needCert, needCard, needEither, local].map(async (b) => {
    const s = await standing(tea.merchant, token, b.id);
    return [b.title, s.eligible ? true : s.reason];
  })));
  assert.deepEqual(await reasons(), {
    持证专享: '需持有注册志愿者证', 持卡专享: '需持有梅州志愿者卡', 持证或持卡专享: '需持有注册志愿者证或梅州志愿者卡',
    梅县区志愿者专享: '仅限本县（市、区）注册志愿者',
  });

  await issueCertificate(v);
  token = await tokenOf(v);
  const after = await reasons();
  assert.equal(after.持证专享, true);
  assert.equal(after.持证或持卡专享, true);
  assert.equal(after.持卡专享, '需持有梅州志愿者卡');
  assert.equal(after.梅县区志愿者专享, '仅限本县（市、区）注册志愿者');

  const meixian = await volunteerSession(server, { county_code: '441403' });
  assert.equal((await standing(tea.merchant, await tokenOf(meixian), local.id)).eligible, true);
  // The volunteer's own view agrees.
  const mine = (await v.http.get('/api/v1/me/benefits')).body.items;
  assert.equal(mine.find((b) => b.id === needCert.id).eligible, true);
  assert.equal(mine.find((b) => b.id === local.id).reason, '仅限本县（市、区）注册志愿者');
  // The demo bus benefit (certificate or card) now applies to v too.
  assert.equal(mine.find((b) => b.id === 2).eligible, true);
});

test('redemption within the limit (201), then 409 limit_reached; the volunteer sees used and the redemptions, the merchant its own', async () => {
  const token = await tokenOf(threeStar);
  const first = await redeem(kedu, token, 1);
  assert.equal(first.status, 201, first.text);
  assert.deepEqual(Object.keys(first.body).sort(),
    ['at', 'benefit_id', 'benefit_title', 'id', 'merchant', 'merchant_name', 'volunteer_number']);
  assert.deepEqual({ ...first.body, id: undefined, at: undefined }, {
    id: undefined, at: undefined, benefit_id: 1, benefit_title: '三星级志愿者购书八折', merchant: 'kedu-books',
    merchant_name: first.body.merchant_name, volunteer_number: threeStar.volunteer.volunteer_number,
  });
  assert.match(first.body.at, /\+08:00$/);
  assert.equal((await standing(kedu, token, 1)).used, 1);

  const second = await redeem(kedu, token, 1);
  assert.equal(second.status, 201, second.text);
  assert.notEqual(second.body.id, first.body.id);
  const third = assertProblem(await redeem(kedu, token, 1), 409, { code: 'limit_reached' });
  assert.match(third.detail, /2次/);

  const s = await standing(kedu, token, 1);
  assert.deepEqual([s.eligible, s.used], [false, 2]);
  assert.match(s.reason, /限用/);
  const mine = (await threeStar.http.get('/api/v1/me/benefits')).body.items.find((b) => b.id === 1);
  assert.deepEqual([mine.eligible, mine.used], [false, 2]);
  const redemptions = await myRedemptions(threeStar);
  assert.deepEqual(redemptions.map((x) => x.id), [second.body.id, first.body.id], 'newest first');
  assert.deepEqual(redemptions[1], first.body);

  const shop = await kedu.http.get('/api/v1/merchant/redemptions');
  assert.equal(shop.status, 200, shop.text);
  assert.ok(shop.body.items.some((x) => x.id === first.body.id) && shop.body.items.some((x) => x.id === second.body.id));
  for (const x of shop.body.items) assert.equal(x.merchant, 'kedu-books');
  const other = await tea.merchant.http.get('/api/v1/merchant/redemptions');
  assert.ok(!other.body.items.some((x) => x.merchant !== tea.code), 'each merchant sees its own');
});

test('concurrent redemptions never exceed the limit: 10 at once with a limit of 2 record exactly 2 (the rest 409 limit_reached)', async () => {
  const b = await offer(tea.merchant, { title: '并发限次测试', limit_per_volunteer: 2 });
  const v = await volunteerSession(server);
  const token = await tokenOf(v);
  const answers = await Promise.all(Array.from({ length: 10 }, () => redeem(tea.merchant, token, b.id)));
  const statuses = answers.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 201, 409, 409, 409, 409, 409, 409, 409, 409], answers.map((r) => r.text).join('\n'));
  for (const r of answers.filter((x) => x.status === 409)) assert.equal(r.body.code, 'limit_reached');
  const ok = answers.filter((r) => r.status === 201).map((r) => r.body);
  assert.notEqual(ok[0].id, ok[1].id);
  const mine = (await myRedemptions(v)).filter((x) => x.benefit_id === b.id);
  assert.deepEqual(mine.map((x) => x.id).sort(), ok.map((x) => x.id).sort());
  assert.equal((await standing(tea.merchant, token, b.id)).used, 2);
});

test('concurrent redemptions of different volunteers: each receipt is the volunteer\'s own redemption', async () => {
  const b = await offer(tea.merchant, { title: '并发核销回执测试' }); // no limit
  const people = await Promise.all(Array.from({ length: 12 }, () => volunteerSession(server)));
  const receipts = people.map(() => []);
  for (let round = 0; round < 3; round += 1) {
    const tokens = await Promise.all(people.map(tokenOf));
    const answers = await Promise.all(tokens.map((t) => redeem(tea.merchant, t, b.id)));
    for (const [i, r] of answers.entries()) {
      assert.equal(r.status, 201, r.text);
      receipts[i].push(r.body);
    }
  }
  for (const [i, p] of people.entries()) {
    const own = (await myRedemptions(p)).map((x) => x.id).sort((x, y) => x - y);
    for (const r of receipts[i]) {
      assert.equal(r.volunteer_number, p.volunteer.volunteer_number,
        `POST /api/v1/merchant/redemptions for ${p.volunteer.volunteer_number} answered another volunteer's redemption: ${JSON.stringify(r)}`);
    }
    assert.deepEqual(receipts[i].map((r) => r.id).sort((x, y) => x - y), own, 'the receipts are exactly the volunteer\'s redemptions');
  }
});

test('409 not_eligible says why and records nothing; another merchant\'s benefit is 404; volunteers and admins calling merchant routes get 403', async () => {
  const token = await tokenOf(twoStar);
  const refused = assertProblem(await redeem(kedu, token, 1), 409, { code: 'not_eligible' });
  assert.match(refused.detail, /3星/);
  assert.deepEqual(await myRedemptions(twoStar), []);

  for (const id of [2, 3, 99999999]) assertProblem(await redeem(kedu, token, id), 404);
  const teaBenefit = (await anon.get('/api/v1/benefits')).body.items.find((x) => x.merchant === tea.code);
  assertProblem(await redeem(kedu, token, teaBenefit.id), 404);
  assertProblem(await redeem(tea.merchant, token, 1), 404);
  assertProblem(await kedu.http.post('/api/v1/merchant/redemptions', { token }), 422, { field: 'benefit_id' });
  assertProblem(await redeem(kedu, 'P1.1.deadbeef', 3), 422, { field: 'token', fieldCode: 'invalid_pass' });

  for (const who of [twoStar, threeStar, city, county, bankOperator]) {
    assertProblem(await redeem(who, token, 3), 403);
    assertProblem(await verify(who, token), 403);
    assertProblem(await who.http.get('/api/v1/merchant/redemptions'), 403);
  }
  assertProblem(await anon.post('/api/v1/merchant/redemptions', { token, benefit_id: 3 }), 401);
  assertProblem(await anon.get('/api/v1/merchant/redemptions'), 401);
  assert.deepEqual(await myRedemptions(twoStar), [], 'none of the refusals recorded anything');
});

test('/me/benefits lists every benefit valid today with eligible, reason and used (volunteers only); /me/redemptions the volunteer\'s own', async () => {
  const r = await twoStar.http.get('/api/v1/me/benefits');
  assert.equal(r.status, 200, r.text);
  const catalogue = (await anon.get('/api/v1/benefits')).body.items;
  assert.deepEqual(r.body.items.map((b) => b.id).sort((a, b) => a - b), catalogue.map((b) => b.id).sort((a, b) => a - b));
  for (const b of r.body.items) {
    assert.equal(typeof b.eligible, 'boolean');
    assert.equal(typeof b.used, 'number');
    if (b.eligible) assert.equal(b.reason, ''); else assert.match(b.reason, CJK, JSON.stringify(b));
  }
  const byId = Object.fromEntries(r.body.items.map((b) => [b.id, b]));
  assert.equal(byId[1].eligible, false);
  assert.equal(byId[2].eligible, false, 'the 2★ demo volunteer holds neither certificate nor card');
  assert.equal(byId[3].eligible, true, 'insurance for everyone');

  for (const who of [city, kedu]) assertProblem(await who.http.get('/api/v1/me/benefits'), 403);
  assertProblem(await anon.get('/api/v1/me/benefits'), 401);
  assertProblem(await anon.get('/api/v1/me/redemptions'), 401);
});

test('an e-certificate token older than a minute is 422 expired_pass, at the public check and at the merchant', async () => {
  const window = Number(earlyToken.split('.')[1]);
  const wait = (window + 2) * 30e3 + 1500 - Date.now();
  if (wait > 0) await sleep(wait);
  assertProblem(await anon.get(`/api/v1/e-certificates/${earlyToken}`), 422, { field: 'token', fieldCode: 'expired_pass' });
  assertProblem(await verify(kedu, earlyToken), 422, { field: 'token', fieldCode: 'expired_pass' });
  assertProblem(await redeem(kedu, earlyToken, 3), 422, { field: 'token', fieldCode: 'expired_pass' });
  // A fresh one works again.
  assert.equal((await verify(kedu, await tokenOf(twoStar))).status, 200);
});

// ---- 守信联合激励: the credit list -------------------------------------------------------------------------------

const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/;
const CREDIT_COLUMNS = ['姓名', '证件类型', '证件号码', '志愿者编号', '所在县区', '认证星级', '累计服务时长（小时）'];

async function creditList(query = '') {
  const r = await city.http.get(`/api/v1/credit/good-standing${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const inList = (list, v) => list.items.some((x) => x.volunteer_id === v.volunteer.id);

test('the city admin previews the good-standing list: the rule in Chinese, masked ID numbers; certified ≥ min_star or hours ≥ min_hours', async () => {
  const list = await creditList();
  assert.deepEqual([list.min_star, list.min_hours], [1, 100], 'defaults');
  assert.match(list.rule, /1星/);
  assert.match(list.rule, /100小时/);
  assert.match(list.rule, /虚假/);
  assert.equal(list.total, list.items.length);
  const three = list.items.find((x) => x.volunteer_id === threeStar.volunteer.id);
  assert.deepEqual(Object.keys(three).sort(),
    ['certified_level', 'confirmed_minutes', 'county_name', 'id_number', 'name', 'volunteer_id', 'volunteer_number']);
  assert.deepEqual({ ...three, id_number: undefined }, {
    volunteer_id: threeStar.volunteer.id, name: threeStar.volunteer.name, id_number: undefined,
    volunteer_number: threeStar.volunteer.volunteer_number, county_name: '梅江区', certified_level: 3,
    confirmed_minutes: 640 * 60,
  });
  assert.equal(three.id_number, threeStar.volunteer.id_number, 'the same masked number as the volunteer record');
  for (const x of list.items) {
    assert.match(x.id_number, MASKED_ID, JSON.stringify(x));
    assert.ok(x.certified_level >= 1 || x.confirmed_minutes >= 100 * 60, JSON.stringify(x));
  }
  assert.ok(inList(list, twoStar), '320 h, not certified: in by hours');
  const fresh = await volunteerSession(server);
  assert.ok(!inList(await creditList(), fresh), 'no hours, no stars');

  const by400 = await creditList('?min_star=1&min_hours=400');
  assert.deepEqual([by400.min_star, by400.min_hours], [1, 400]);
  assert.match(by400.rule, /400小时/);
  assert.ok(inList(by400, threeStar) && !inList(by400, twoStar));
  const strict = await creditList('?min_star=4&min_hours=1000');
  assert.ok(!inList(strict, threeStar) && !inList(strict, twoStar));
});

test('the CSV and XLSX exports carry full ID numbers (BOM and header in the CSV); previews and exports are in the audit log', async () => {
  const list = await creditList();
  const csv = await download(server.baseUrl, '/api/v1/credit/good-standing?format=csv', city.token, { sensitive: true });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /^attachment; filename="[^"]+\.csv"$/);
  assert.deepEqual(csv.bytes.subarray(0, 3), UTF8_BOM);
  const rows = csvRows(csv.bytes);
  assert.deepEqual(rows[0], CREDIT_COLUMNS);
  assert.equal(rows.length - 1, list.total);
  for (const x of list.items) {
    const row = rows.find((r) => r[3] === x.volunteer_number);
    assert.ok(row, `${x.volunteer_number} in the file`);
    assert.equal(row[0], x.name);
    assert.match(row[2], /^\d{17}[\dX]$/, 'the full ID number');
    assert.equal(`${row[2].slice(0, 6)}********${row[2].slice(-4)}`, x.id_number);
    assert.equal(row[4], x.county_name);
    assert.equal(row[5], String(x.certified_level));
    assert.equal(Number(row[6]), x.confirmed_minutes / 60);
  }
  const threeId = rows.find((r) => r[3] === threeStar.volunteer.volunteer_number)[2];

  const xlsx = await download(server.baseUrl, '/api/v1/credit/good-standing?format=xlsx&min_star=1&min_hours=100', city.token,
    { sensitive: true });
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.headers.get('content-type'), XLSX_TYPE);
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');
  const strings = xlsxStrings(xlsx.bytes);
  for (const s of [...CREDIT_COLUMNS, threeId, threeStar.volunteer.name]) assert.ok(strings.includes(s), `the XLSX holds ${s}`);

  for (const action of ['credit.preview', 'credit.export']) {
    const log = await auditor.http.get(`/api/v1/audit-events?action=${action}&page_size=100`);
    assert.equal(log.status, 200, log.text);
    assert.ok(log.body.items.length >= 1, `${action} is logged`);
    assert.equal(log.body.items[0].actor_role, 'city_admin');
  }
});

test('the credit list is the city admin\'s alone (403); min_star outside 1–5 or min_hours below 1 is 422', async () => {
  for (const who of [county, twoStar, auditor, kedu, bankOperator]) {
    assertProblem(await who.http.get('/api/v1/credit/good-standing'), 403);
    assertProblem(await who.http.get('/api/v1/credit/good-standing?format=csv'), 403);
  }
  assertProblem(await anon.get('/api/v1/credit/good-standing'), 401);
  for (const q of ['min_star=0', 'min_star=6', 'min_star=abc']) {
    assertProblem(await city.http.get(`/api/v1/credit/good-standing?${q}`), 422, { field: 'min_star', fieldCode: 'invalid_level' });
  }
  for (const q of ['min_hours=0', 'min_hours=-5']) {
    assertProblem(await city.http.get(`/api/v1/credit/good-standing?${q}`), 422, { field: 'min_hours', fieldCode: 'invalid_hours' });
  }
  assertProblem(await city.http.get('/api/v1/credit/good-standing?min_star=0&format=csv'), 422, { field: 'min_star' });
});

test('a volunteer whose stars were revoked for falsified hours is left out of the list (preview and file), though the hours remain', async () => {
  assert.ok(inList(await creditList(), threeStar));
  const r = await city.http.post(`/api/v1/volunteers/${threeStar.volunteer.id}/star-revocation`,
    { reason: '经核查存在虚报志愿服务时长', bar_years: 1 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.confirmed_minutes, 640 * 60, 'the hours themselves stay');
  const list = await creditList('?min_star=1&min_hours=1');
  assert.ok(!inList(list, threeStar), 'revoked for falsification: out, whatever the hours');
  assert.ok(inList(list, twoStar));
  const csv = await download(server.baseUrl, '/api/v1/credit/good-standing?format=csv&min_hours=1', city.token, { sensitive: true });
  assert.ok(!csvRows(csv.bytes).some((row) => row[3] === threeStar.volunteer.volunteer_number));
});
