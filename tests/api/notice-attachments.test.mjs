// Attachments 附件 of notices: the city admin uploads files (the body is the file itself, its type decided from
// its bytes), the contacts of addressed units download them byte for byte, nobody else sees they exist; file
// names are cleaned (no directories, no control characters, the extension of what the file really is); at most
// 10 per notice, 5 MiB each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  adminSession, api, assertNoSecrets, assertProblem, download, minutesFromNow, sha256Hex, volunteerSession, xlsxFile,
  zipFile,
} from './helpers.mjs';

const MiB = 1024 * 1024;
const PDF_TYPE = 'application/pdf';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let server;
let city;
let county; // 五华县 441424
let contact; // contact of `school`, addressed by every notice here
let otherContact; // contact of `clinic`, a unit no notice here is addressed to
let outsider; // a volunteer with no unit

let school;
let clinic;

before(async () => {
  server = await startServer();
  city = await adminSession(server, 'city_admin');
  county = await adminSession(server, 'county_admin', '441424');
  contact = await volunteerSession(server);
  otherContact = await volunteerSession(server);
  outsider = await volunteerSession(server);
  school = await newUnit('中学');
  clinic = await newUnit('卫生院');
  for (const [unit, who] of [[school, contact], [clinic, otherContact]]) {
    const r = await county.http.post(`/api/v1/units/${unit.id}/contacts`, { phone: who.phone });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await server?.stop(); });

let unitCounter = 0;
async function newUnit(kind) {
  unitCounter += 1;
  const r = await county.http.post('/api/v1/units', {
    name: `五华县附件测试${kind}${unitCounter}-${Math.floor(Math.random() * 1e6)}`, kind: 'school', region_code: '441424',
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

let noticeCounter = 0;
async function newNotice(unitIds = [school.id]) {
  noticeCounter += 1;
  const r = await city.http.post('/api/v1/notices', {
    title: `关于开展志愿服务的通知（附件测试${noticeCounter}）`, body: '详见附件。', deadline: minutesFromNow(60 * 24 * 7),
    unit_ids: unitIds,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// ---- files -----------------------------------------------------------------------------------------------------

// Every byte value, NULs and high bytes included, so that any text handling on the way would show.
const ALL_BYTES = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7 + 3) % 256));

// A small, valid one-page PDF (with a binary comment line after the header, as real PDFs have), plus `extra`.
function pdfFile(text = 'Zhiyuan notice attachment', extra = ALL_BYTES) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  ];
  const stream = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  let out = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out = Buffer.concat([out, Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1')]);
  });
  const xref = out.length;
  const table = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  out = Buffer.concat([out, Buffer.from(`${table}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1')]);
  // Bytes after %%EOF (incremental-update garbage, signatures): readers ignore them; we must keep them.
  return Buffer.concat([out, Buffer.from('%', 'latin1'), extra]);
}

const pngFile = () => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), ALL_BYTES]);
const jpegFile = () => Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), ALL_BYTES, Buffer.from('ffd9', 'hex')]);
const exeFile = () => Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), ALL_BYTES]);
const docxFile = () => zipFile([
  { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
  { name: 'word/document.xml', data: Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>') },
]);

// POST the file as the body; answers {status, body, headers, text}, checked for secrets like every api() answer.
async function attach(session, noticeId, bytes, fileName, { contentType = 'application/octet-stream' } = {}) {
  const q = fileName === undefined ? '' : `?file_name=${encodeURIComponent(fileName)}`;
  const headers = { 'content-type': contentType };
  if (session?.token) headers.authorization = `Bearer ${session.token}`;
  const r = await fetch(`${server.baseUrl}/api/v1/notices/${noticeId}/attachments${q}`, { method: 'POST', headers, body: bytes });
  const text = await r.text();
  assertNoSecrets(text, `POST attachment of notice ${noticeId}`);
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  return { status: r.status, body, headers: r.headers, text };
}

async function attached(noticeId, bytes, fileName) {
  const r = await attach(city, noticeId, bytes, fileName);
  assert.equal(r.status, 201, `upload of ${fileName}: ${r.text}`);
  return r.body;
}

async function attachmentsOf(session, noticeId) {
  const r = await session.http.get(`/api/v1/notices/${noticeId}`);
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.body.attachments), `attachments[] on the notice: ${r.text}`);
  return r.body.attachments;
}

const get = (session, a) => download(server.baseUrl, a.url, session?.token);

// The database's own count of a notice's attachments, through the API (the city admin sees them all).
const countOf = async (noticeId) => (await attachmentsOf(city, noticeId)).length;

// ---- tests -----------------------------------------------------------------------------------------------------

test('the city admin attaches a PDF; the notice lists it; an addressed contact downloads the exact bytes', async () => {
  const notice = await newNotice();
  const bytes = pdfFile();
  assert.ok(bytes.includes(0x00) && bytes.includes(0xff), 'the file has NUL and high bytes');
  const a = await attached(notice.id, bytes, '志愿服务操作手册.pdf');
  assert.equal(a.file_name, '志愿服务操作手册.pdf');
  assert.equal(a.content_type, PDF_TYPE);
  assert.equal(a.size, bytes.length);
  assert.equal(a.sha256, sha256Hex(bytes));
  assert.equal(a.url, `/api/v1/notices/${notice.id}/attachments/${a.id}`);
  assert.ok(Number.isInteger(a.id) && a.id > 0);
  assert.ok(!Number.isNaN(Date.parse(a.uploaded_at)), a.uploaded_at);

  for (const who of [city, contact]) {
    const list = await attachmentsOf(who, notice.id);
    assert.deepEqual(list, [a], 'the notice lists the attachment as the upload answered it');
  }
  // The contact's view also carries their own unit's standing.
  const seen = await contact.http.get(`/api/v1/notices/${notice.id}`);
  assert.deepEqual(seen.body.mine.map((m) => [m.unit_id, m.status]), [[school.id, 'pending']]);

  for (const who of [contact, city]) {
    const d = await get(who, a);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), PDF_TYPE);
    assert.ok(d.bytes.equals(bytes), 'the bytes come back unchanged');
    assert.equal(sha256Hex(d.bytes), a.sha256);
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  }
  // The Chinese name percent-encoded (RFC 5987), an ASCII stand-in for old clients.
  const d = await get(contact, a);
  assert.equal(d.headers.get('content-disposition'),
    `attachment; filename="${'_'.repeat(24)}.pdf"; filename*=UTF-8''${encodeURIComponent('志愿服务操作手册.pdf')}`);
});

test('PNG, JPEG, DOCX and XLSX are accepted and named for what they are; images keep every byte', async () => {
  const notice = await newNotice();
  const cases = [
    { bytes: pngFile(), name: '活动现场.jpg', want: '活动现场.png', type: 'image/png' },
    { bytes: jpegFile(), name: 'photo', want: 'photo.jpg', type: 'image/jpeg' },
    { bytes: docxFile(), name: '报名表.doc', want: '报名表.docx', type: DOCX_TYPE },
    { bytes: xlsxFile([['单位', '人数'], ['梅江区教育局', '12']]), name: '统计表.xlsx', want: '统计表.xlsx', type: XLSX_TYPE },
  ];
  for (const c of cases) {
    const a = await attached(notice.id, c.bytes, c.name);
    assert.equal(a.file_name, c.want, c.name);
    assert.equal(a.content_type, c.type, c.name);
    const d = await get(contact, a);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), c.type);
    assert.ok(d.bytes.equals(c.bytes), `${c.name}: the bytes come back unchanged`);
  }
  assert.equal(await countOf(notice.id), cases.length);
});

test('the type comes from the bytes: a PDF named .exe is stored as .pdf, an EXE named .pdf is refused', async () => {
  const notice = await newNotice();
  const pdf = pdfFile('renamed');
  const a = await attached(notice.id, pdf, 'setup.exe');
  assert.equal(a.file_name, 'setup.pdf');
  assert.equal(a.content_type, PDF_TYPE);

  for (const [bytes, name] of [[exeFile(), '通知.pdf'], [exeFile(), 'manual.docx'], [Buffer.from('姓名,电话\n张三,1\n'), '名单.xlsx'],
    [Buffer.from('<html><script>alert(1)</script></html>'), 'page.png'],
    [zipFile([{ name: 'readme.txt', data: Buffer.from('hello') }]), 'archive.docx']]) {
    const r = await attach(city, notice.id, bytes, name);
    assertProblem(r, 422, { code: 'unsupported_file_type' });
    assert.match(r.body.detail, /PDF/);
  }
  assertProblem(await attach(city, notice.id, Buffer.alloc(0), 'empty.pdf'), 422, { code: 'unsupported_file_type' });
  assert.deepEqual((await attachmentsOf(city, notice.id)).map((x) => x.id), [a.id], 'nothing refused was stored');
});

test('file names are cleaned: no directories or control characters, at most 80 characters, 附件 when nothing is left', async () => {
  const notice = await newNotice();
  const pdf = pdfFile('names');
  const before = await countOf(notice.id);
  const traversal = await attached(notice.id, pdf, '../../etc/passwd.pdf');
  assert.equal(traversal.file_name, 'passwd.pdf');
  assert.equal(await countOf(notice.id), before + 1, 'one attachment more, nothing else');
  const d = await get(contact, traversal);
  assert.ok(d.bytes.equals(pdf));
  assert.match(d.headers.get('content-disposition'), /^attachment; filename="passwd\.pdf"; filename\*=UTF-8''passwd\.pdf$/);

  const cases = [
    ['..\\..\\Windows\\win.ini', 'win.pdf'],
    ['/abs/path/报告.pdf', '报告.pdf'],
    ['a\u0001b\u001fc\u007f"d\r\n.pdf', 'abcd.pdf'],
    ['   空格   .pdf', '空格.pdf'],
    ['.pdf', '附件.pdf'],
    ['.hidden', '附件.pdf'],
    ['..报告.pdf', '报告.pdf'],
    ['a\u202Efdp.exe', 'afdp.pdf'],
    ['', '附件.pdf'],
    ['..', '附件.pdf'],
    ['../', '附件.pdf'],
    ['报告.final.v2.exe', '报告.final.v2.pdf'],
  ];
  // Ten attachments at most on a notice: the rest of the cases go to a second one.
  const second = await newNotice();
  for (const [i, [given, want]] of cases.entries()) {
    const a = await attached(i < 7 ? notice.id : second.id, pdf, given);
    assert.equal(a.file_name, want, JSON.stringify(given));
    assert.ok(!/[\\/]/.test(a.file_name));
  }
  // Without the query parameter at all.
  assert.equal((await attached(notice.id, pdf, undefined)).file_name, '附件.pdf');
  assert.equal(await countOf(notice.id), before + 1 + 7 + 1);
  assert.equal(await countOf(second.id), cases.length - 7);
});

test('long names are cut to 80 characters with the extension; the header percent-encodes every non-ASCII byte', async () => {
  const notice = await newNotice();
  const long = `${'梅'.repeat(120)}.pdf`;
  const a = await attached(notice.id, pdfFile('long'), long);
  assert.equal(a.file_name, `${'梅'.repeat(76)}.pdf`);
  const d = await get(contact, a);
  const header = d.headers.get('content-disposition');
  assert.equal(header, `attachment; filename="${'_'.repeat(228)}.pdf"; filename*=UTF-8''${encodeURIComponent(a.file_name)}`);
  assert.ok(/^[\x20-\x7e]*$/.test(header), 'the header is plain ASCII');
  // Characters a header would choke on are encoded too.
  const odd = await attached(notice.id, pdfFile('odd'), "报告 (终稿);name='x'.pdf");
  const h = (await get(contact, odd)).headers.get('content-disposition');
  assert.equal(h.split("filename*=UTF-8''")[1], "%E6%8A%A5%E5%91%8A%20%28%E7%BB%88%E7%A8%BF%29%3Bname%3D%27x%27.pdf");
  assert.equal(decodeURIComponent(h.split("filename*=UTF-8''")[1]), odd.file_name);
});

test('access: only the city admin uploads and deletes; only the city and addressed contacts see or download', async () => {
  const notice = await newNotice([school.id]);
  const a = await attached(notice.id, pdfFile('access'), '内部通知.pdf');
  const anonymous = api(server.baseUrl);

  // Someone else's notice: 404 everywhere, as if it did not exist.
  for (const who of [otherContact, outsider, county]) {
    assertProblem(await who.http.get(`/api/v1/notices/${notice.id}`), 404);
    const d = await get(who, a);
    assert.equal(d.status, 404, `${who.phone} downloads: ${d.status}`);
    assertProblem(await who.http.get(`/api/v1/notices/${notice.id}/receipts`), 404);
  }
  // Uploads and deletions: the city admin's alone (an addressed contact included): the routes' role gate says 403.
  for (const who of [contact, otherContact, outsider, county]) {
    assertProblem(await attach(who, notice.id, pdfFile('intruder'), 'x.pdf'), 403, { code: 'forbidden' });
    assertProblem(await who.http.del(`/api/v1/notices/${notice.id}/attachments/${a.id}`), 403, { code: 'forbidden' });
  }
  assertProblem(await attach(null, notice.id, pdfFile('anon'), 'x.pdf'), 401);
  assert.equal((await download(server.baseUrl, a.url)).status, 401);
  assertProblem(await anonymous.del(`/api/v1/notices/${notice.id}/attachments/${a.id}`), 401);
  assert.deepEqual((await attachmentsOf(city, notice.id)).map((x) => x.id), [a.id], 'still just the one');

  // A notice that does not exist, an attachment of another notice under this one's path.
  assertProblem(await attach(city, 999999, pdfFile('none'), 'x.pdf'), 404);
  const other = await newNotice([school.id, clinic.id]);
  const b = await attached(other.id, pdfFile('other'), '另一个.pdf');
  assert.equal((await get(contact, { url: `/api/v1/notices/${notice.id}/attachments/${b.id}` })).status, 404);
  assert.equal((await get(city, { url: `/api/v1/notices/${notice.id}/attachments/${b.id}` })).status, 404);
  assertProblem(await city.http.del(`/api/v1/notices/${notice.id}/attachments/${b.id}`), 404);
  // The other notice is addressed to the clinic too: its contact sees that one, not the first.
  assert.equal((await get(otherContact, b)).status, 200);
  assert.deepEqual((await attachmentsOf(otherContact, other.id)).map((x) => x.id), [b.id]);
  assert.equal((await get(otherContact, a)).status, 404);
  // A contact's receipt board: their own unit only.
  const board = await otherContact.http.get(`/api/v1/notices/${other.id}/receipts`);
  assert.equal(board.status, 200, board.text);
  assert.deepEqual(board.body.items.map((i) => i.unit_id), [clinic.id]);
});

test('deleting: 204, then gone for everyone; deleting again 404', async () => {
  const notice = await newNotice();
  const keep = await attached(notice.id, pdfFile('keep'), '保留.pdf');
  const drop = await attached(notice.id, pngFile(), '删除.png');
  const r = await city.http.del(`/api/v1/notices/${notice.id}/attachments/${drop.id}`);
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  assert.deepEqual(await attachmentsOf(city, notice.id), [keep]);
  assert.deepEqual(await attachmentsOf(contact, notice.id), [keep]);
  assert.equal((await get(contact, drop)).status, 404);
  assert.equal((await get(city, drop)).status, 404);
  assertProblem(await city.http.del(`/api/v1/notices/${notice.id}/attachments/${drop.id}`), 404);
  assert.ok((await get(contact, keep)).bytes.equals(pdfFile('keep')));
});

test('at most 10 attachments per notice (409 for the 11th); deleting one makes room', async () => {
  const notice = await newNotice();
  const made = [];
  for (let i = 1; i <= 10; i += 1) made.push(await attached(notice.id, pdfFile(`n${i}`), `第${i}号.pdf`));
  const r = await attach(city, notice.id, pdfFile('eleventh'), '第11号.pdf');
  assertProblem(r, 409, { code: 'too_many_attachments' });
  assert.match(r.body.detail, /10/);
  assert.equal(await countOf(notice.id), 10);
  assert.deepEqual((await attachmentsOf(contact, notice.id)).map((a) => a.file_name), made.map((a) => a.file_name),
    'listed in upload order');
  const del = await city.http.del(`/api/v1/notices/${notice.id}/attachments/${made[3].id}`);
  assert.equal(del.status, 204);
  await attached(notice.id, pdfFile('eleventh'), '第11号.pdf');
  assert.equal(await countOf(notice.id), 10);
  // Other notices are not affected by this one's count.
  const fresh = await newNotice();
  await attached(fresh.id, pdfFile('fresh'), '新通知.pdf');
});

test('5 MiB is the most a file may be: exactly 5 MiB is kept, one byte more is 413', async () => {
  const notice = await newNotice();
  const head = pdfFile('big');
  const exact = Buffer.alloc(5 * MiB, 0x20);
  head.copy(exact);
  for (let i = head.length; i < exact.length; i += 4099) exact[i] = i % 256; // not all spaces
  const a = await attached(notice.id, exact, '大文件.pdf');
  assert.equal(a.size, 5 * MiB);
  const d = await get(contact, a);
  assert.equal(d.bytes.length, 5 * MiB);
  assert.equal(sha256Hex(d.bytes), sha256Hex(exact));

  const over = Buffer.concat([exact, Buffer.from('x')]);
  const r = await attach(city, notice.id, over, '太大.pdf');
  assertProblem(r, 413);
  assert.equal(await countOf(notice.id), 1);
});
