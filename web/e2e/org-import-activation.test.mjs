// Stories (k): 批量导入志愿者 and 账号激活, and notice attachments 附件, on the demo data of `zhiyuan serve --demo`
// (the org admin 13900000001 of 梅江区志愿者协会, the city admin 13800000001, the unit contact 13700000001).
// - The org admin opens 组织管理 → 批量导入志愿者, downloads the template, uploads a CSV with two new people and one bad
//   row: 新注册 2, 有误 1, the bad row by its line and reason. The same file again: 未变化 2, nothing new.
// - The SMS to a new volunteer is read from the server's outbox (the database the story server writes); the volunteer
//   opens its link on a phone-sized page: 「name（masked phone）您好」, a weak password is refused beside the field, a
//   good one goes to the log-in page; they log in and find 梅江区志愿者协会 among their organisations. The used link
//   then says it is no longer valid.
// - The city admin attaches a PDF to the demo notice, and a renamed .exe is refused with the server's message; the
//   unit contact downloads the PDF from the notice page, byte for byte.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  apiLogin,
  byTestId,
  downloadOf,
  fillField,
  loggedInPage,
  newPage,
  randomPhone,
  randomResidentId,
  residentIdCheck,
  screenshot,
  skipReason,
  storyEnv,
  suffix,
  unexpectedProblems,
} from './support/helpers.mjs'

const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no demo data, imports or notices' : null)
const PASSWORD = 'Zhiyuan@2026'
const ORG_ADMIN = '13900000001' // demo: admin of 梅江区志愿者协会
const ORG_NAME = '梅江区志愿者协会'
const CITY_ADMIN = '13800000001'
const CONTACT = '13700000001' // demo: contact of 梅江区教育局, to which the demo notice is addressed
const DEMO_NOTICE = '关于报送志愿服务工作联系人回执的通知'

const text = async (page, id) => (await byTestId(page, id).first().innerText()).trim()
const masked = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

/**
 * The SMS the server queued (table notices_outbox), newest first, read from the story server's own database: the
 * sqlite3 CLI on its file (WAL lets a reader in beside the server), or psql when the story runs on PostgreSQL.
 */
function outbox(app) {
  const query = 'SELECT id, subject, body FROM notices_outbox ORDER BY id DESC'
  const r = app.database.startsWith('sqlite:')
    ? spawnSync('sqlite3', ['-json', '-readonly', app.database.slice('sqlite:'.length), query], { encoding: 'utf8' })
    : spawnSync('psql', [app.database, '-At', '-c', `SELECT coalesce(json_agg(o), '[]') FROM (${query}) o`], { encoding: 'utf8' })
  if (r.error || r.status !== 0) throw new Error(`cannot read the outbox of ${app.database}: ${r.error ?? r.stderr}`)
  return r.stdout.trim() ? JSON.parse(r.stdout) : []
}

/** A small valid one-page PDF, with a binary comment line and NUL/high bytes after %%EOF. */
function pdfBytes(label) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  ]
  const stream = `BT /F1 12 Tf 20 100 Td (${label}) Tj ET`
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`)
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>')
  let out = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')
  const offsets = []
  objects.forEach((o, i) => {
    offsets.push(out.length)
    out = Buffer.concat([out, Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1')])
  })
  const xref = out.length
  const table = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n')
  out = Buffer.concat([out, Buffer.from(`${table}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1')])
  return Buffer.concat([out, Buffer.from([0x25, 0x00, 0xff, 0x80, 0x0a])])
}

describe('bulk import of volunteers and account activation 批量导入、账号激活', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })
  const login = (phone, options) => loggedInPage(env.chrome.browser, env.app.baseUrl, phone, PASSWORD, options)

  const tag = suffix()
  const people = [
    { name: `钟志远${tag.slice(-2)}`, id: randomResidentId({ region: '441402', minYear: 1980, maxYear: 2000 }), phone: randomPhone(), political: '共青团员', county: '' },
    { name: `李慧敏${tag.slice(-2)}`, id: randomResidentId({ region: '441403', minYear: 1970, maxYear: 1999 }), phone: randomPhone(), political: '中共党员', county: '梅县区' },
  ]
  const badId = randomResidentId({ region: '441402' })
  const bad = { name: `王错号${tag.slice(-2)}`, id: badId.slice(0, 17) + (residentIdCheck(badId.slice(0, 17)) === '1' ? '2' : '1'), phone: randomPhone() }
  let file

  test('the org admin imports a CSV: two new volunteers, one bad row reported by line', async () => {
    // 批量导入志愿者 among the organisation's entries of the menu (the phone drawer lists them; at desktop width the
    // org admin's bar overflows into "…").
    const m = await login(ORG_ADMIN, { mobile: true })
    let importPath
    try {
      await byTestId(m.page, 'nav-toggle').click()
      await byTestId(m.page, 'drawer-nav-org-imports').click()
      await m.page.waitForURL(/\/org\/\d+\/volunteer-imports$/)
      importPath = new URL(m.page.url()).pathname
      await byTestId(m.page, 'vimport-upload').waitFor()
      await screenshot(m.page, 'k0-volunteer-import-390')
    } finally {
      await m.context.close()
    }

    const p = await login(ORG_ADMIN)
    try {
      await p.page.goto(importPath)
      assert.equal((await p.page.locator('.page-title').first().innerText()).trim(), '批量导入志愿者')
      assert.equal(await text(p.page, 'vimport-org-name'), ORG_NAME)
      assert.match(await text(p.page, 'vimport-sms-note'), /短信/)

      // The template: the header row, UTF-8 with a BOM (Excel reads the Chinese names), CRLF.
      const template = await downloadOf(p.page, byTestId(p.page, 'vimport-template'))
      assert.equal(template.name, '批量导入志愿者模板.csv')
      assert.deepEqual([...template.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf])
      assert.equal(template.bytes.subarray(3).toString('utf8'), '姓名,身份证号码,手机号码,政治面貌,所在县区\r\n')

      // The template's header, then lines 2–4; line 3 has a wrong check digit.
      const row = (x) => [x.name, x.id, x.phone, x.political ?? '', x.county ?? ''].join(',')
      const dir = mkdtempSync(path.join(tmpdir(), 'zy-vimport-'))
      file = path.join(dir, `志愿者名单-${tag}.csv`)
      writeFileSync(file, Buffer.concat([template.bytes, Buffer.from([row(people[0]), row(bad), row(people[1])].join('\r\n') + '\r\n', 'utf8')]))

      await byTestId(p.page, 'vimport-file').setInputFiles(file)
      const result = p.page.locator('[data-testid="vimport-result"][data-created="2"]')
      await result.waitFor()
      assert.equal(await result.getAttribute('data-rows'), '3')
      assert.equal(await result.getAttribute('data-rejected'), '1')
      assert.equal(await text(p.page, 'vimport-count-created'), '新注册 2')
      assert.equal(await text(p.page, 'vimport-count-joined'), '已加入 0')
      assert.equal(await text(p.page, 'vimport-count-unchanged'), '未变化 0')
      assert.equal(await text(p.page, 'vimport-count-rejected'), '有误 1')
      assert.match(await text(p.page, 'vimport-result-title'), /其中 1 行有误未导入[\s\S]*已向 2 位新注册的志愿者发送激活短信/)
      assert.equal(await text(p.page, 'vimport-error-lines'), '以下行未导入（第 3 行），请修改后重新上传：')
      await byTestId(p.page, 'vimport-error-line-3').waitFor()
      const field = p.page.locator('[data-testid="vimport-error-field"][data-line="3"]')
      assert.equal((await field.innerText()).trim(), '身份证号码')
      assert.equal(await field.getAttribute('data-field'), 'id_number')
      assert.match(await p.page.locator('[data-testid="vimport-error-message"][data-line="3"]').innerText(), /[\u4e00-\u9fa5]/)
      await screenshot(p.page, 'k1-volunteer-import')

      // The same file again: nothing new.
      const before = outbox(env.app).length
      await byTestId(p.page, 'vimport-file').setInputFiles(file)
      const again = p.page.locator('[data-testid="vimport-result"][data-unchanged="2"]')
      await again.waitFor()
      assert.equal(await again.getAttribute('data-created'), '0')
      assert.equal(await again.getAttribute('data-rejected'), '1')
      assert.equal(outbox(env.app).length, before, 'no second SMS')

      // A file without the required columns: refused whole with the server's message.
      const junk = path.join(dir, 'junk.csv')
      writeFileSync(junk, '序号,备注\n1,无\n')
      await byTestId(p.page, 'vimport-file').setInputFiles(junk)
      await byTestId(p.page, 'vimport-refusal').waitFor()
      assert.match(await text(p.page, 'vimport-refusal'), /缺少必填列/)
      assert.deepEqual(unexpectedProblems(p.problems), [])
    } catch (err) {
      await screenshot(p.page, 'k-import-failed')
      throw err
    } finally {
      await p.context.close()
    }
  })

  test('a new volunteer opens the SMS link on a phone, sets a password, logs in and sees the organisation', async () => {
    const person = people[1]
    const sms = outbox(env.app).find((m) => m.body.includes(`${person.name}您好`))
    assert.ok(sms, `an SMS to ${person.name}`)
    assert.equal(sms.subject, '志愿者账号激活')
    assert.ok(sms.body.includes(ORG_NAME), sms.body)
    const link = /(https?:\/\/\S+\/activate\/[A-Za-z0-9_-]+)/.exec(sms.body)?.[1]
    assert.ok(link, `the SMS has a link: ${sms.body}`)
    assert.equal(new URL(link).origin, env.app.baseUrl, 'the link points at this server')

    const v = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
    try {
      await v.page.goto(link)
      await byTestId(v.page, 'activate-greeting').waitFor()
      assert.equal(await text(v.page, 'activate-greeting'), `${person.name}（${masked(person.phone)}）您好`)
      assert.match(await text(v.page, 'activate-policy'), /至少 8 位，包含大写、小写、数字、符号中的三类/)

      // A weak password: refused beside the field, nothing sent on.
      await fillField(v.page, 'activate-password', 'meizhou1')
      await fillField(v.page, 'activate-confirm', 'meizhou1')
      await byTestId(v.page, 'activate-submit').click()
      const card = byTestId(v.page, 'activate-card')
      await card.locator('.el-form-item__error', { hasText: '密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类' }).waitFor()
      await screenshot(v.page, 'k2-activate-weak-password-390')
      const still = await apiLogin(env.app.baseUrl, ORG_ADMIN, PASSWORD) // (any client) the link is still good
      assert.equal((await still.get(`/api/v1/account-activations/${link.split('/activate/')[1]}`)).status, 200)

      // A good one: to the log-in page.
      const password = `Meizhou#${tag}`
      await fillField(v.page, 'activate-password', password)
      await fillField(v.page, 'activate-confirm', password)
      await byTestId(v.page, 'activate-submit').click()
      await v.page.waitForURL('**/login**')
      await v.page.locator('.el-message--success', { hasText: `密码已设置，请用手机号 ${masked(person.phone)} 和新密码登录` }).waitFor()

      await fillField(v.page, 'login-phone', person.phone)
      await fillField(v.page, 'login-password', password)
      await byTestId(v.page, 'login-submit').click()
      await v.page.waitForURL('**/me')
      await byTestId(v.page, 'me-name').waitFor()
      assert.equal(await text(v.page, 'me-name'), person.name)
      const orgs = byTestId(v.page, 'me-orgs')
      await orgs.locator('a', { hasText: ORG_NAME }).waitFor()
      await screenshot(v.page, 'k3-activated-volunteer-390')

      // The link is spent.
      await v.page.goto(link)
      await byTestId(v.page, 'activate-invalid').waitFor()
      assert.match(await text(v.page, 'activate-invalid'), /激活链接无效或已过期/)
      assert.deepEqual(unexpectedProblems(v.problems).filter((x) => !/status of 404/.test(x)), [])
    } catch (err) {
      await screenshot(v.page, 'k-activate-failed')
      throw err
    } finally {
      await v.context.close()
    }
  })

  test('a made-up link says plainly that it is not valid', async () => {
    const v = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
    try {
      await v.page.goto('/activate/not-a-real-token')
      await byTestId(v.page, 'activate-invalid').waitFor()
      assert.equal(await byTestId(v.page, 'activate-password').count(), 0)
      await byTestId(v.page, 'activate-invalid-register').waitFor()
    } finally {
      await v.context.close()
    }
  })
})

describe('notice attachments 通知附件', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })
  const login = (phone, options) => loggedInPage(env.chrome.browser, env.app.baseUrl, phone, PASSWORD, options)

  test('the city admin attaches a PDF (a renamed .exe is refused); the unit contact downloads it', async () => {
    const city = await apiLogin(env.app.baseUrl, CITY_ADMIN, PASSWORD)
    const notice = (await city.get('/api/v1/notices')).json.items.find((n) => n.title === DEMO_NOTICE)
    assert.ok(notice, 'the demo notice')
    const dir = mkdtempSync(path.join(tmpdir(), 'zy-attach-'))
    const pdf = path.join(dir, '志愿服务操作手册.pdf')
    const pdfContent = pdfBytes(`Zhiyuan manual ${suffix()}`)
    writeFileSync(pdf, pdfContent)
    const exe = path.join(dir, '回执模板.pdf')
    writeFileSync(exe, Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800', 'hex'), Buffer.alloc(256, 0x90)]))

    let attachmentId
    const a = await login(CITY_ADMIN)
    try {
      await a.page.goto(`/notices/${notice.id}`)
      const box = byTestId(a.page, 'notice-attachments')
      await box.waitFor()
      await byTestId(a.page, 'attachments-none').waitFor()
      await byTestId(a.page, 'attachment-file').setInputFiles(pdf)
      const item = a.page.locator('[data-testid^="attachment-"][data-name="志愿服务操作手册.pdf"]')
      await item.waitFor()
      attachmentId = Number((await item.getAttribute('data-testid')).replace('attachment-', ''))
      assert.ok(attachmentId > 0)
      await a.page.locator('.el-message--success', { hasText: '已上传附件“志愿服务操作手册.pdf”' }).waitFor()
      assert.match(await item.innerText(), /PDF/)

      // An executable renamed .pdf: the server reads the bytes and refuses it, in its own words.
      await byTestId(a.page, 'attachment-file').setInputFiles(exe)
      await byTestId(a.page, 'attachment-refusal').waitFor()
      assert.match(await text(a.page, 'attachment-refusal'), /附件仅支持 PDF、Word（\.docx）、Excel（\.xlsx）、PNG、JPG 文件/)
      assert.equal(await box.getAttribute('data-count'), '1')
      await screenshot(a.page, 'k4-notice-attachment-refused')
      assert.deepEqual(unexpectedProblems(a.problems), [])
    } catch (err) {
      await screenshot(a.page, 'k-attach-failed')
      throw err
    } finally {
      await a.context.close()
    }

    const c = await login(CONTACT)
    try {
      await c.page.goto(`/notices/${notice.id}`)
      await byTestId(c.page, `attachment-${attachmentId}`).waitFor()
      assert.equal(await byTestId(c.page, 'attachment-file').count(), 0, 'no upload for a contact')
      assert.equal(await byTestId(c.page, `attachment-delete-${attachmentId}`).count(), 0, 'no delete for a contact')
      const got = await downloadOf(c.page, byTestId(c.page, `attachment-download-${attachmentId}`))
      assert.equal(got.name, '志愿服务操作手册.pdf')
      assert.ok(got.bytes.equals(pdfContent), 'the downloaded bytes are the uploaded file')
      // The contact's own standing comes from the server (`mine`).
      await byTestId(c.page, 'receipt-card').locator('[data-status="pending"]').first().waitFor()
      await screenshot(c.page, 'k5-notice-attachment-contact')
      assert.deepEqual(unexpectedProblems(c.problems), [])
    } catch (err) {
      await screenshot(c.page, 'k-attach-download-failed')
      throw err
    } finally {
      await c.context.close()
    }
  })
})
