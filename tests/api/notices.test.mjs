// Units, notices and receipts (回执): the contract routes over HTTP, with scope and validation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { adminSession, assertProblem, minutesFromNow, volunteerSession } from './helpers.mjs';

let server;
let city;
let county;

before(async () => {
  server = await startServer();
  city = await adminSession(server, 'city_admin');
  county = await adminSession(server, 'county_admin', '441424');
});
after(async () => { await server?.stop(); });

test('a unit contact submits the receipt and the city sees it on time; the others pending; reminders go out', async () => {
  const school = await county.http.post('/api/v1/units', { name: `五华县第${Date.now()}中学`, kind: 'school', region_code: '441424' });
  assert.equal(school.status, 201, school.text);
  assertProblem(await county.http.post('/api/v1/units', { name: '越权单位', kind: 'school', region_code: '441402' }), 403);
  const office = await city.http.post('/api/v1/units', { name: `市直机关${Date.now()}`, kind: 'government', region_code: '441400' });
  assert.equal(office.status, 201, office.text);
  const contact = await volunteerSession(server);
  const added = await county.http.post(`/api/v1/units/${school.body.id}/contacts`, { phone: contact.phone });
  assert.equal(added.status, 201, added.text);
  assert.equal(added.body.items[0].phone.includes('****'), true);
  const mine = await contact.http.get('/api/v1/units?mine=true');
  assert.deepEqual(mine.body.items.map((u) => u.id), [school.body.id]);
  // Without ?mine=true, someone who administers no unit gets the same list of their own units (not 403).
  const plain = await contact.http.get('/api/v1/units');
  assert.equal(plain.status, 200, plain.text);
  assert.deepEqual(plain.body.items.map((u) => u.id), [school.body.id]);
  assert.deepEqual((await (await volunteerSession(server)).http.get('/api/v1/units')).body.items, []);
  // Another county's unit is not there for the county admin: 404 before the phone is even read.
  const elsewhere = await adminSession(server, 'county_admin', '441402');
  assertProblem(await elsewhere.http.post(`/api/v1/units/${school.body.id}/contacts`, {}), 404, { code: 'not_found' });
  assertProblem(await county.http.post(`/api/v1/units/${school.body.id}/contacts`, {}), 422, { field: 'phone' });
  // GET /me names the units a contact answers for (and none for others).
  assert.deepEqual((await contact.http.get('/api/v1/me')).body.units.map((u) => u.id), [school.body.id]);
  assert.deepEqual((await city.http.get('/api/v1/me')).body.units, []);

  const notice = await city.http.post('/api/v1/notices', {
    title: '关于报送志愿服务工作联系人的通知', body: '请各单位填写回执。', deadline: minutesFromNow(60 * 24),
    unit_ids: [school.body.id, office.body.id],
  });
  assert.equal(notice.status, 201, notice.text);
  assertProblem(await county.http.post('/api/v1/notices', { title: 't', body: 'b', deadline: minutesFromNow(60), unit_ids: [school.body.id] }), 403);
  assertProblem(await city.http.post('/api/v1/notices', { title: 't', body: 'b', deadline: minutesFromNow(-60), unit_ids: [] }), 422);

  const receipt = { leader_name: '王校长', contact_name: '陈老师', contact_position: '团委书记', contact_phone: '13800229988', contact_email: 'chen@example.cn' };
  assertProblem(await contact.http.post(`/api/v1/notices/${notice.body.id}/receipts`, { ...receipt, contact_email: 'x' }), 422, { field: 'contact_email' });
  const outsider = await volunteerSession(server);
  assertProblem(await outsider.http.post(`/api/v1/notices/${notice.body.id}/receipts`, receipt), 404);
  // The city admin sees the notice it sent but answers for no unit: 403 with the reason.
  const byCity = await city.http.post(`/api/v1/notices/${notice.body.id}/receipts`, receipt);
  assertProblem(byCity, 403, { code: 'forbidden' });
  assert.equal(byCity.body.detail, '回执由单位联系人填报');
  const sent = await contact.http.post(`/api/v1/notices/${notice.body.id}/receipts`, receipt);
  assert.equal(sent.status, 201, sent.text);
  assert.equal(sent.body.contact_phone, '138****9988');

  const board = await city.http.get(`/api/v1/notices/${notice.body.id}/receipts`);
  assert.equal(board.status, 200, board.text);
  assert.equal(board.body.answered, 1);
  assert.equal(board.body.pending, 1);
  const bySchool = board.body.items.find((i) => i.unit_id === school.body.id);
  assert.equal(bySchool.status, 'answered');
  assert.equal(bySchool.receipt.leader_name, '王校长');
  assert.ok(!board.text.includes('13800229988'), 'phones are masked');
  // A contact sees their own unit only, on the board and on the notice itself (to correct the receipt).
  const own = await contact.http.get(`/api/v1/notices/${notice.body.id}/receipts`);
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(own.body.items.map((i) => [i.unit_id, i.status]), [[school.body.id, 'answered']]);
  const detail = await contact.http.get(`/api/v1/notices/${notice.body.id}`);
  assert.deepEqual(detail.body.mine.map((i) => [i.unit_id, i.status, i.receipt.leader_name]), [[school.body.id, 'answered', '王校长']]);
  assert.equal((await city.http.get(`/api/v1/notices/${notice.body.id}`)).body.mine, undefined);
  assertProblem(await outsider.http.get(`/api/v1/notices/${notice.body.id}/receipts`), 404);

  const reminded = await city.http.post(`/api/v1/notices/${notice.body.id}/reminders`, {});
  assert.equal(reminded.status, 200, reminded.text);
  assert.deepEqual(reminded.body, { units: 1, contacts: 0 }, 'the office has no contact yet: nobody to remind');
  const listed = await contact.http.get('/api/v1/notices');
  assert.deepEqual(listed.body.items.map((n) => n.id), [notice.body.id]);
});
