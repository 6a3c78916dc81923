// Stories (j): units 单位, rosters 花名册 and notices with receipts 回执, on the demo data of `zhiyuan serve --demo`
// (the contact 13700000001 of 梅江区教育局, the city admin 13800000001).
// - A unit contact opens 我的单位 → the unit, downloads the template, uploads a roster with four good rows and two bad
//   ones (a wrong check digit, an unknown 政治面貌): 新增 4, the two rows reported by line with the reason; the four
//   members listed 未注册 with masked IDs; one of them registers as a volunteer and shows 已注册 / 不足20小时; the same
//   file again: 新增 0, 更新 0.
// - The city admin publishes a notice to the unit and another unit through the UI; the contact answers it under 通知
//   (a bad e-mail first: the server's message beside the field); the city's receipt board shows the unit 按时回执
//   with the leader and the masked phone, the other unit 未回执, and 一键提醒 reminds 1 unit.
// - A volunteer opens the unit's invitation link, logs in from there, comes back and joins; the unit's 扫码加入 count
//   goes up.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  apiLogin,
  byTestId,
  confirmMessageBox,
  downloadOf,
  fillField,
  loggedInPage,
  newPage,
  randomResidentId,
  registerVolunteer,
  residentIdCheck,
  screenshot,
  skipReason,
  storyEnv,
  suffix,
  unexpectedProblems,
  waitForText,
} from './support/helpers.mjs'

const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no demo data, units or notices' : null)
const PASSWORD = 'Zhiyuan@2026'
const CITY_ADMIN = '13800000001'
const CONTACT = '13700000001' // demo: the contact of 梅江区教育局 (441402)
const UNIT_NAME = '梅江区教育局'

const text = async (page, id) => (await byTestId(page, id).first().innerText()).trim()
const attr = (page, id, name) => byTestId(page, id).first().getAttribute(name)

/** A resident ID of 梅江区 with the check digit changed to a wrong one. */
function wrongCheckDigit(id) {
  const right = residentIdCheck(id.slice(0, 17))
  const wrong = right === '1' ? '2' : '1'
  return id.slice(0, 17) + wrong
}

/** `n` distinct valid resident IDs of 梅江区 (adults). */
function residentIds(n) {
  const out = new Set()
  while (out.size < n) out.add(randomResidentId({ region: '441402', minYear: 1975, maxYear: 2002 }))
  return [...out]
}

describe('units, rosters and receipts 单位、花名册、回执', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })
  const login = (phone, options) => loggedInPage(env.chrome.browser, env.app.baseUrl, phone, PASSWORD, options)

  /** The demo unit 梅江区教育局, as its contact sees it. */
  async function demoUnit() {
    const contact = await apiLogin(env.app.baseUrl, CONTACT, PASSWORD)
    const mine = (await contact.get('/api/v1/units?mine=true')).json.items
    const unit = mine.find((u) => u.name === UNIT_NAME)
    assert.ok(unit, `the demo contact is a contact of ${UNIT_NAME}: ${JSON.stringify(mine)}`)
    return { contact, unit }
  }

  test('a unit contact uploads a roster with two bad rows and sees them reported', async () => {
    const { contact, unit } = await demoUnit()
    const before = (await contact.get(`/api/v1/units/${unit.id}/roster?status=all`)).json.summary
    const [a, b, c, d, e] = residentIds(5)
    const members = [
      { name: '钟晓云', id: a, political: '共青团员', phone: '13711110001', department: '办公室' },
      { name: '古文辉', id: b, political: '中共党员', phone: '', department: '人事股' },
      { name: '曾丽华', id: c, political: '中共预备党员', phone: '13711110003', department: '' },
      { name: '黄志强', id: d, political: '共青团员', phone: '13711110004', department: '基础教育股' },
    ]
    const bad = [
      { line: 4, row: `李子豪,${wrongCheckDigit(e)},共青团员,13711110005,办公室`, field: 'id_number' },
      { line: 6, row: `陈美玲,${residentIds(1)[0]},群众,,办公室`, field: 'political_status' },
    ]

    const p = await login(CONTACT)
    try {
      // 我的单位 (the user menu; the bar has it too when there is room) → the unit.
      await byTestId(p.page, 'user-menu').click()
      await byTestId(p.page, 'menu-my-units').click()
      await p.page.waitForURL('**/units')
      await byTestId(p.page, `my-unit-${unit.id}`).click()
      await p.page.waitForURL(`**/units/${unit.id}`)
      assert.equal(await p.page.locator('.page-title').first().innerText(), UNIT_NAME)
      await p.page.locator(`[data-testid="roster-summary-members"][data-value="${before.members}"]`).waitFor()

      // The template, made in the browser: the header row (UTF-8 with a BOM, so Excel reads the Chinese names).
      const template = await downloadOf(p.page, byTestId(p.page, 'roster-template'))
      assert.equal(template.name, '单位花名册模板.csv')
      assert.deepEqual([...template.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf])
      assert.equal(template.bytes.subarray(3).toString('utf8'), '姓名,身份证号码,政治面貌,手机号码,部门\r\n')

      // The file: the template's header, then rows 2–7; lines 4 and 6 are bad.
      const row = (m) => `${m.name},${m.id},${m.political},${m.phone},${m.department}`
      const lines = [row(members[0]), row(members[1]), bad[0].row, row(members[2]), bad[1].row, row(members[3])]
      const dir = mkdtempSync(path.join(tmpdir(), 'zy-roster-'))
      const file = path.join(dir, `梅江区教育局花名册-${suffix()}.csv`)
      writeFileSync(file, Buffer.concat([template.bytes, Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]))

      await byTestId(p.page, 'roster-file').setInputFiles(file)
      const result = p.page.locator('[data-testid="roster-result"][data-added="4"]')
      await result.waitFor()
      assert.equal(await result.getAttribute('data-rejected'), '2')
      assert.equal(await result.getAttribute('data-rows'), '6')
      assert.equal(await text(p.page, 'roster-result-added'), '新增 4')
      assert.equal(await text(p.page, 'roster-result-rejected'), '有误 2')
      assert.equal(await text(p.page, 'roster-errors-lines'), '以下行未导入（第 4、6 行），请修改后重新上传：')
      for (const x of bad) {
        await byTestId(p.page, `roster-error-line-${x.line}`).waitFor()
        const fields = await p.page.locator(`[data-testid="roster-error-field"][data-line="${x.line}"]`).evaluateAll((els) => els.map((el) => el.dataset.field))
        assert.ok(fields.includes(x.field), `line ${x.line} is reported for ${x.field}: ${fields}`)
        const message = (await p.page.locator(`[data-testid="roster-error-message"][data-line="${x.line}"]`).first().innerText()).trim()
        assert.match(message, /[\u4e00-\u9fa5]/, `line ${x.line} has a Chinese reason: ${message}`)
      }
      assert.equal(await p.page.locator('[data-testid="roster-error-field"][data-line="4"]').first().innerText(), '身份证号码')
      assert.equal(await p.page.locator('[data-testid="roster-error-field"][data-line="6"]').first().innerText(), '政治面貌')

      // The four are on the roster, not registered, their IDs masked.
      await p.page.locator(`[data-testid="roster-summary-members"][data-value="${before.members + 4}"]`).waitFor()
      assert.equal(await attr(p.page, 'roster-summary-unregistered', 'data-value'), String(before.unregistered + 4))
      await byTestId(p.page, 'roster-filter-unregistered').click()
      for (const m of members) {
        const tag = p.page.locator(`[data-testid="roster-status"][data-name="${m.name}"]`)
        await tag.waitFor()
        assert.equal(await tag.getAttribute('data-status'), 'unregistered')
        assert.equal((await tag.innerText()).trim(), '未注册')
        const shown = (await p.page.locator(`[data-testid="roster-id"][data-name="${m.name}"]`).innerText()).trim()
        assert.notEqual(shown, m.id)
        assert.match(shown, /\*/, `${m.name}'s ID is masked: ${shown}`)
        assert.equal(shown.slice(-1), m.id.slice(-1))
      }
      assert.equal(await p.page.locator('[data-testid="roster-name"]', { hasText: '李子豪' }).count(), 0, 'a bad row is not imported')
      await screenshot(p.page, 'j1-roster-uploaded')

      // 黄志强 registers as a volunteer (his ID): matched by ID, registered but under 20 h this year.
      const v = await registerVolunteer(env.app.baseUrl, { name: members[3].name, id_number: members[3].id })
      await p.page.reload()
      await byTestId(p.page, 'roster-filter-under_20h').click()
      const hz = p.page.locator(`[data-testid="roster-status"][data-name="${members[3].name}"][data-status="under_20h"]`)
      await hz.waitFor()
      assert.equal((await hz.innerText()).trim(), '不足20小时')
      const reg = p.page.locator(`[data-testid="roster-registered"][data-name="${members[3].name}"]`)
      assert.equal(await reg.getAttribute('data-registered'), 'true')
      assert.match(await reg.innerText(), new RegExp(v.volunteer.volunteer_number))
      assert.equal(await attr(p.page, 'roster-summary-registered', 'data-value'), String(before.registered + 1))
      assert.equal(await attr(p.page, 'roster-summary-unregistered', 'data-value'), String(before.unregistered + 3))

      // The same file again: nothing changes.
      await byTestId(p.page, 'roster-file').setInputFiles(file)
      const again = p.page.locator('[data-testid="roster-result"][data-added="0"]')
      await again.waitFor()
      assert.equal(await again.getAttribute('data-updated'), '0')
      assert.equal(await again.getAttribute('data-rejected'), '2')
      assert.equal(await text(p.page, 'roster-result-added'), '新增 0')
      assert.equal(await text(p.page, 'roster-result-updated'), '更新 0')
      await p.page.locator(`[data-testid="roster-summary-members"][data-value="${before.members + 4}"]`).waitFor()
      // Both imports are in the history.
      const history = (await contact.get(`/api/v1/units/${unit.id}/roster-imports`)).json.items
      const ours = history.filter((h) => h.file_name === path.basename(file))
      assert.equal(ours.length, 2, JSON.stringify(history))
      await p.page.locator(`[data-testid="roster-history-${ours[0].id}"]`).waitFor()
      await screenshot(p.page, 'j2-roster-reimported')

      // A file that is not a roster at all: refused whole with the server's message.
      const junk = path.join(dir, 'notes.csv')
      writeFileSync(junk, 'hello,world\n1,2\n')
      await byTestId(p.page, 'roster-file').setInputFiles(junk)
      await byTestId(p.page, 'roster-refusal').waitFor()
      assert.match(await text(p.page, 'roster-refusal'), /[\u4e00-\u9fa5]/)
      assert.deepEqual(unexpectedProblems(p.problems), [])
    } catch (err) {
      await screenshot(p.page, 'j-roster-failed')
      throw err
    }
  })

  test('a unit submits its receipt and the city sees it on time', async () => {
    const { unit } = await demoUnit()
    const city = await apiLogin(env.app.baseUrl, CITY_ADMIN, PASSWORD)
    // Another unit of 梅江区, with a contact of its own, that will not answer.
    const other = (await city.post('/api/v1/units', { name: `梅江区实验学校${suffix()}`, kind: 'school', region_code: '441402' }, 201)).json
    const otherContact = await registerVolunteer(env.app.baseUrl, { name: '罗建平' })
    await city.post(`/api/v1/units/${other.id}/contacts`, { phone: otherContact.phone }, 201)
    const title = `关于报送${new Date().getFullYear()}年志愿服务工作联系人的通知${suffix()}`

    // The city admin publishes the notice through the UI.
    const a = await login(CITY_ADMIN)
    let noticeId
    try {
      // (The city admin's menu bar overflows into "…" at this width: straight to the page.)
      await a.page.goto('/notices')
      await byTestId(a.page, 'notice-publish').click()
      const dialog = a.page.locator('[data-testid="notice-publish-dialog"]')
      await dialog.waitFor()
      await fillField(a.page, 'notice-title', title)
      await fillField(a.page, 'notice-body', '请各单位于截止时间前提交回执，明确分管领导和具体联系人。\n操作手册另行下发。')
      await byTestId(a.page, 'notice-units').click()
      await byTestId(a.page, `notice-unit-option-${unit.id}`).click()
      await byTestId(a.page, `notice-unit-option-${other.id}`).click()
      await dialog.locator('.el-dialog__title').click()
      await byTestId(a.page, 'notice-submit').click()
      await dialog.waitFor({ state: 'hidden' })
      await a.page.locator('.el-message--success', { hasText: `已发布“${title}”，已通知 2 个单位` }).waitFor()
      const notice = (await city.get('/api/v1/notices')).json.items.find((n) => n.title === title)
      assert.ok(notice, 'the notice is published')
      assert.deepEqual([...notice.unit_ids].sort((x, y) => x - y), [unit.id, other.id].sort((x, y) => x - y))
      noticeId = notice.id
      await waitForText(a.page, `notice-answered-${noticeId}`, '0 / 2')
      await screenshot(a.page, 'j3-notice-published')
      assert.deepEqual(unexpectedProblems(a.problems), [])
    } catch (err) {
      await screenshot(a.page, 'j-notice-publish-failed')
      throw err
    }

    // The contact answers it under 通知.
    const c = await login(CONTACT)
    try {
      await byTestId(c.page, 'user-menu').click()
      await byTestId(c.page, 'menu-notices').click()
      await c.page.waitForURL('**/notices')
      const status = byTestId(c.page, `notice-status-${noticeId}`)
      await status.waitFor()
      assert.equal(await status.getAttribute('data-status'), 'pending')
      assert.equal((await status.innerText()).trim(), '未回执')
      await byTestId(c.page, `notice-link-${noticeId}`).click()
      await c.page.waitForURL(`**/notices/${noticeId}`)
      assert.match(await text(c.page, 'notice-text'), /操作手册另行下发/)
      assert.equal(await byTestId(c.page, 'receipt-unit').count(), 0, 'one addressed unit: no unit to choose')
      await fillField(c.page, 'receipt-leader', '李明华')
      await fillField(c.page, 'receipt-contact-name', '王芳')
      await fillField(c.page, 'receipt-position', '办公室主任')
      await fillField(c.page, 'receipt-phone', '13912345678')
      await fillField(c.page, 'receipt-email', 'wangfang@')
      await byTestId(c.page, 'receipt-submit').click()
      const form = byTestId(c.page, 'receipt-form')
      await form.locator('.el-form-item__error', { hasText: '请填写正确的电子邮箱' }).waitFor()
      assert.equal(await form.locator('.el-form-item__error').count(), 1, 'only the e-mail is at fault')
      await screenshot(c.page, 'j4-receipt-bad-email')

      await fillField(c.page, 'receipt-email', 'wangfang@mjedu.gov.cn')
      await byTestId(c.page, 'receipt-submit').click()
      await c.page.locator('.el-message--success', { hasText: '回执已提交' }).waitFor()
      const mine = byTestId(c.page, `receipt-submitted-${unit.id}`)
      await mine.waitFor()
      assert.equal(await text(c.page, 'receipt-submitted-leader'), '李明华')
      assert.equal(await text(c.page, 'receipt-submitted-phone'), '139****5678')
      assert.equal(await attr(c.page, `receipt-standing-${unit.id}`, 'data-status'), 'answered')
      await form.locator('.el-form-item__error').waitFor({ state: 'detached' })
      await screenshot(c.page, 'j5-receipt-submitted')
      assert.deepEqual(unexpectedProblems(c.problems), [])
    } catch (err) {
      await screenshot(c.page, 'j-receipt-failed')
      throw err
    }

    // The city's receipt board: on time, with the leader and the masked phone; the other unit has not answered.
    try {
      await a.page.goto('/notices')
      await waitForText(a.page, `notice-answered-${noticeId}`, '1 / 2')
      await byTestId(a.page, `notice-link-${noticeId}`).click()
      await a.page.waitForURL(`**/notices/${noticeId}`)
      const ours = byTestId(a.page, `board-status-${unit.id}`)
      await ours.waitFor()
      assert.equal(await ours.getAttribute('data-status'), 'answered')
      assert.equal((await ours.innerText()).trim(), '按时回执')
      assert.equal(await text(a.page, `board-leader-${unit.id}`), '李明华')
      assert.equal(await text(a.page, `board-contact-${unit.id}`), '王芳')
      assert.equal(await text(a.page, `board-phone-${unit.id}`), '139****5678')
      assert.equal(await attr(a.page, `board-status-${other.id}`, 'data-status'), 'pending')
      assert.equal(await text(a.page, `board-status-${other.id}`), '未回执')
      assert.equal(await text(a.page, `board-leader-${other.id}`), '—')
      assert.equal(await attr(a.page, 'board-count-answered', 'data-value'), '1')
      assert.equal(await attr(a.page, 'board-count-pending', 'data-value'), '1')
      assert.equal(await attr(a.page, 'board-count-late', 'data-value'), '0')

      // 一键提醒: the unit that has not answered, and its one contact.
      await byTestId(a.page, 'board-remind').click()
      await confirmMessageBox(a.page)
      const reminded = byTestId(a.page, 'board-reminded')
      await reminded.waitFor()
      assert.equal(await reminded.getAttribute('data-units'), '1')
      assert.equal(await reminded.getAttribute('data-contacts'), '1')
      assert.match(await reminded.innerText(), /已提醒 1 个单位、1 位联系人/)
      await screenshot(a.page, 'j6-receipt-board')
      assert.deepEqual(unexpectedProblems(a.problems), [])
    } catch (err) {
      await screenshot(a.page, 'j-board-failed')
      throw err
    }
    // The other unit's contact got the reminder in the app, linking to the notice.
    const inbox = (await otherContact.api.get('/api/v1/me/notifications')).json.items
    assert.ok(
      inbox.some((n) => n.title.includes(title) && n.link === `/notices/${noticeId}` && /回执提醒/.test(n.title)),
      JSON.stringify(inbox),
    )
  })

  test('a volunteer joins the unit through its invitation link', async () => {
    const { contact, unit } = await demoUnit()
    const invitation = (await contact.get(`/api/v1/units/${unit.id}/invitation`)).json
    assert.match(invitation.url, new RegExp(`/join/unit/${invitation.token}$`))
    assert.match(invitation.qr_svg, /^\s*(<\?xml[^>]*>\s*)?<svg/)
    const joinedBefore = (await contact.get(`/api/v1/units/${unit.id}/roster`)).json.summary.joined

    // The contact's page: the link, its QR code as an image, and the count.
    const c = await login(CONTACT)
    try {
      await c.page.goto(`/units/${unit.id}`)
      const qr = byTestId(c.page, 'invitation-qr')
      await qr.waitFor()
      await c.page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await qr.elementHandle())
      assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;charset=utf-8,/)
      const shownUrl = await byTestId(c.page, 'invitation-url').first().evaluate((el) => (el.tagName === 'INPUT' ? el : el.querySelector('input')).value)
      assert.equal(shownUrl, invitation.url)
      await c.page.locator(`[data-testid="roster-summary-joined"][data-value="${joinedBefore}"]`).waitFor()
    } catch (err) {
      await screenshot(c.page, 'j-invitation-failed')
      throw err
    }

    // A volunteer, not logged in, opens the link: logs in from there and comes back to join.
    const v = await registerVolunteer(env.app.baseUrl, { name: '叶思敏' })
    const p = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
    try {
      await p.page.goto(`/join/unit/${invitation.token}`)
      await waitForText(p.page, 'join-title', `加入 ${UNIT_NAME}`)
      await screenshot(p.page, 'j7-join-visitor-390')
      await byTestId(p.page, 'join-login').click()
      await p.page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === `/join/unit/${invitation.token}`)
      await fillField(p.page, 'login-phone', v.phone)
      await fillField(p.page, 'login-password', v.password)
      await byTestId(p.page, 'login-submit').click()
      await p.page.waitForURL(`**/join/unit/${invitation.token}`)
      await byTestId(p.page, 'join-submit').click()
      await byTestId(p.page, 'join-success').waitFor()
      assert.match(await text(p.page, 'join-success'), new RegExp(`已加入 ${UNIT_NAME}`))
      await screenshot(p.page, 'j8-joined-390')
      assert.deepEqual(unexpectedProblems(p.problems), [])
    } catch (err) {
      await screenshot(p.page, 'j-join-failed')
      throw err
    }

    // The unit's page counts them.
    await c.page.reload()
    await c.page.locator(`[data-testid="roster-summary-joined"][data-value="${joinedBefore + 1}"]`).waitFor()
    assert.deepEqual(unexpectedProblems(c.problems), [])

    // A link that is not valid.
    const x = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl })
    await x.page.goto('/join/unit/not-a-real-token')
    await byTestId(x.page, 'join-invalid').waitFor()
    assert.match(await text(x.page, 'join-invalid'), /邀请链接无效或已失效/)
  })
})
