// Stories (h): 一证一卡, the electronic certificate and 嘉许回馈, on the demo data of `zhiyuan serve --demo`.
// - A volunteer applies for 注册志愿者证 at 中国银行 (sees exactly what the bank receives, consents); the test plays
//   the bank's system through the signed bank API (issued, then activated); the volunteer sees 已激活 and the
//   electronic certificate says 持证.
// - A merchant (客都书店) checks a certified 3★ volunteer's electronic certificate by its link, sees ★★★ and the
//   eligibility for 三星级志愿者购书八折, records two redemptions, and the third is refused (每人限2次).
// - The bank operator exports the applications as XLSX, uploads a status file with a bad row (reported by line,
//   nothing imported), then a good one, and sets a status by hand.
// - The city admin adds a merchant, publishes and withdraws a benefit, and previews and downloads the
//   守信激励名单.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  apiLogin,
  bankApiKey,
  bankRequest,
  byTestId,
  chooseOption,
  confirmMessageBox,
  downloadOf,
  fillField,
  loggedInPage,
  newPage,
  screenshot,
  skipReason,
  storyEnv,
  suffix,
  unexpectedProblems,
  waitForText,
} from './support/helpers.mjs'

const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no demo data, credentials or rewards' : null)
const PASSWORD = 'Zhiyuan@2026'
const VOLUNTEER = '13900000002' // 林艳: real-name verified, 2★ by the hours, no certificate yet
const CERTIFIED = '13900000003' // 刘艳: 640 h, certified 3★
const BANK_OPERATOR = '13600000001' // 中国银行梅州分行经办
const MERCHANT = '13600000002' // 客都书店
const CITY_ADMIN = '13800000001'

const text = async (page, id) => (await byTestId(page, id).first().innerText()).trim()

describe('一证一卡, the electronic certificate and rewards', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })
  const login = (phone, options) => loggedInPage(env.chrome.browser, env.app.baseUrl, phone, PASSWORD, options)

  test('a volunteer applies for the certificate, the bank issues it through the API, the volunteer sees it activated', async () => {
    const bank = { code: 'boc', key: bankApiKey(env.app, 'boc') }
    const v = await login(VOLUNTEER)
    try {
      // 证卡申请 — from the user menu.
      await byTestId(v.page, 'user-menu').click()
      await byTestId(v.page, 'menu-my-credentials').click()
      await v.page.waitForURL('**/me/credentials')
      await byTestId(v.page, 'offer-certificate-boc').click()
      // Exactly the fields the bank receives, with the volunteer's own (masked) values.
      const labels = await byTestId(v.page, 'cred-shared-fields').locator('.el-descriptions__label').allInnerTexts()
      assert.deepEqual(labels.map((l) => l.trim()), ['姓名', '证件号码', '手机号', '志愿者编号'])
      assert.equal(await text(v.page, 'shared-name'), '林艳')
      assert.match(await text(v.page, 'shared-id_number'), /^\d{6}\*+\d{3}[\dX]$/)
      // A card would also share the county.
      await byTestId(v.page, 'offer-card-ccb').click()
      assert.equal(await text(v.page, 'shared-county'), '梅江区')
      await byTestId(v.page, 'offer-certificate-boc').click()

      // No consent, no application.
      await byTestId(v.page, 'cred-submit').click()
      await waitForText(v.page, 'cred-consent-error', '请阅读并勾选同意向银行提供所列信息')
      await byTestId(v.page, 'cred-consent').click()
      assert.equal(await text(v.page, 'cred-submit'), '提交申请（中国银行）')
      await screenshot(v.page, 'h1-credential-consent')
      await byTestId(v.page, 'cred-submit').click()

      // The platform check passes at once: 已送银行, and the bank is next.
      const item = v.page.locator('li[data-testid^="application-"][data-kind="certificate"]').first()
      await item.waitFor()
      assert.equal(await item.getAttribute('data-status'), 'sent_to_bank')
      assert.equal((await item.locator('[data-testid="application-status"]').innerText()).trim(), '已送银行')
      assert.equal(await item.locator('[data-testid="step-sent_to_bank"]').getAttribute('data-state'), 'finish')
      assert.equal(await item.locator('[data-testid="step-issued"]').getAttribute('data-state'), 'process')
      const id = Number((await item.getAttribute('data-testid')).replace('application-', ''))
      await byTestId(v.page, `application-cancel-${id}`).waitFor()
      // One live application per kind: the certificate offers are closed now.
      assert.equal(await byTestId(v.page, 'offer-certificate-ceb').isDisabled(), true)

      // The bank's system: the signed list holds the applicant's full details (the volunteer consented).
      const list = await bankRequest(env.app.baseUrl, bank, 'GET', '/api/v1/bank/applications')
      assert.equal(list.status, 200, list.text)
      const mine = list.json.items.find((a) => a.id === id)
      assert.ok(mine, 'the application reached the bank')
      assert.equal(mine.applicant.name, '林艳')
      assert.equal(mine.applicant.phone, VOLUNTEER)
      assert.match(mine.applicant.id_number, /^\d{17}[\dX]$/)
      assert.equal(mine.applicant.county, undefined, 'a certificate does not share the county')

      // 已发放 (twice: the same report again changes nothing), then 已激活.
      for (let i = 0; i < 2; i++) {
        const r = await bankRequest(env.app.baseUrl, bank, 'POST', `/api/v1/bank/applications/${id}/status`, { status: 'issued' })
        assert.equal(r.status, 200, r.text)
        assert.equal(r.json.status, 'issued')
      }
      await v.page.reload()
      await v.page.locator(`[data-testid="application-${id}"][data-status="issued"]`).waitFor()
      // Issued by the bank: no more withdrawing.
      assert.equal(await byTestId(v.page, `application-cancel-${id}`).count(), 0)
      const act = await bankRequest(env.app.baseUrl, bank, 'POST', `/api/v1/bank/applications/${id}/status`, { status: 'activated' })
      assert.equal(act.status, 200, act.text)

      await v.page.reload()
      const done = v.page.locator(`[data-testid="application-${id}"][data-status="activated"]`)
      await done.waitFor()
      assert.equal((await done.locator('[data-testid="application-status"]').innerText()).trim(), '已激活')
      const states = await done.locator('[data-testid^="step-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))
      assert.deepEqual(states, ['finish', 'finish', 'finish', 'finish', 'finish'])
      await done.locator('.el-collapse-item__header').click()
      const history = done.locator('[data-testid="application-history"]')
      await history.waitFor()
      assert.match(await history.innerText(), /已激活 · 中国银行（系统对接）/)
      await screenshot(v.page, 'h2-credential-activated')
      assert.deepEqual(unexpectedProblems(v.problems), [])

      // The electronic certificate now says 持证 (on a phone, from the drawer).
      const p = await login(VOLUNTEER, { mobile: true })
      await byTestId(p.page, 'nav-toggle').click()
      await byTestId(p.page, 'drawer-nav-my-e-certificate').click()
      await p.page.waitForURL('**/me/e-certificate')
      await byTestId(p.page, 'ecert-qr').waitFor()
      assert.equal(await byTestId(p.page, 'ecert-badge-certificate').getAttribute('data-on'), '1')
      assert.equal(await text(p.page, 'ecert-badge-certificate'), '持证')
      assert.equal(await text(p.page, 'ecert-badge-card'), '未持卡')
      assert.equal(await text(p.page, 'ecert-number'), 'ZY202600000002')
      assert.equal(await byTestId(p.page, 'ecert-stars').getAttribute('data-level'), '2')
      // The QR holds the public verify link; the countdown runs towards the next refresh (every 25 s).
      assert.match(await byTestId(p.page, 'ecert-qr').getAttribute('data-text'), /\/verify\/e-certificate\/[A-Za-z0-9._~-]+$/)
      const first = Number(await byTestId(p.page, 'ecert-countdown').getAttribute('data-seconds'))
      assert.ok(first > 0 && first <= 25, `countdown ${first}`)
      await p.page.waitForFunction(
        (s) => Number(document.querySelector('[data-testid="ecert-countdown"]')?.getAttribute('data-seconds')) < s,
        first,
      )
      assert.match(await text(p.page, 'ecert-countdown'), /^\d+ 秒后刷新$/)
      await screenshot(p.page, 'h3-e-certificate-holder-phone-390')
      assert.deepEqual(unexpectedProblems(p.problems), [])
      await p.context.close()
    } catch (e) {
      await screenshot(v.page, 'h-credentials-failed')
      throw e
    } finally {
      await v.context.close()
    }
  })

  test('a merchant verifies a 3★ volunteer and records a redemption', async () => {
    const c = await login(CERTIFIED, { mobile: true })
    const m = await login(MERCHANT, { mobile: true })
    try {
      // The volunteer shows the electronic certificate.
      await c.page.goto('/me/e-certificate')
      await byTestId(c.page, 'ecert-qr').waitFor()
      assert.equal(await byTestId(c.page, 'ecert-stars').getAttribute('data-level'), '3')
      assert.equal(await byTestId(c.page, 'ecert-certified').getAttribute('data-level'), '3')
      assert.equal(await text(c.page, 'ecert-hours'), '640 小时')
      const verifyUrl = await byTestId(c.page, 'ecert-qr').getAttribute('data-text')
      const token = await text(c.page, 'ecert-token')
      assert.equal(new URL(verifyUrl).pathname, `/verify/e-certificate/${token}`)
      await screenshot(c.page, 'h4-e-certificate-phone-390')

      // Anyone can open the link; a stale or forged code says so.
      const pub = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
      await pub.page.goto(new URL(verifyUrl).pathname)
      await waitForText(pub.page, 'ecert-verify-label', '有效的电子志愿者证')
      assert.equal(await text(pub.page, 'ecert-name'), '刘艳')
      assert.equal((await text(pub.page, 'ecert-stars')).replace(/\s/g, '').slice(0, 5), '★★★☆☆')
      await screenshot(pub.page, 'h5-verify-e-certificate-phone-390')
      await pub.page.goto('/verify/e-certificate/P3.1.0123456789abcdef01234567')
      await waitForText(pub.page, 'ecert-verify-label', '已过期，请让志愿者刷新')
      assert.deepEqual(unexpectedProblems(pub.problems), [])
      await pub.context.close()

      // The merchant's page, from the drawer.
      await byTestId(m.page, 'nav-toggle').click()
      await byTestId(m.page, 'drawer-nav-merchant').click()
      await m.page.waitForURL('**/merchant')
      // The merchant's own benefits (GET /merchant/benefits), with their state.
      await m.page.locator('[data-testid="own-benefit-1"][data-state="active"]').waitFor()
      // Something that is not a certificate code.
      await fillField(m.page, 'merchant-code-input', 'https://example.com/verify/proofs/ZM2026ABC')
      await byTestId(m.page, 'merchant-verify').click()
      await waitForText(m.page, 'merchant-verify-error', '这不是电子志愿者证的二维码，请扫描志愿者“电子志愿者证”页面上的二维码')
      // The scanned link (the token is taken out of it).
      await fillField(m.page, 'merchant-code-input', verifyUrl)
      await byTestId(m.page, 'merchant-verify').click()
      await byTestId(m.page, 'merchant-certificate').waitFor()
      assert.equal(await text(m.page, 'ecert-name'), '刘艳')
      assert.equal((await text(m.page, 'ecert-stars')).replace(/\s/g, '').slice(0, 5), '★★★☆☆')
      const benefit = byTestId(m.page, 'benefit-1')
      assert.equal(await benefit.getAttribute('data-eligible'), '1')
      assert.equal((await benefit.locator('[data-testid="benefit-title"]').innerText()).trim(), '三星级志愿者购书八折')
      assert.equal((await benefit.locator('[data-testid="benefit-eligible"]').innerText()).trim(), '可享受')

      // 核销 — twice is the limit.
      await byTestId(m.page, 'redeem-1').click()
      await byTestId(m.page, 'redeem-ok-1').waitFor()
      assert.match(await text(m.page, 'redeem-ok-1'), /^核销成功：三星级志愿者购书八折/)
      await waitForText(m.page, 'benefit-uses', '已使用 1/2 次')
      await screenshot(m.page, 'h6-merchant-redeemed-phone-390')
      await byTestId(m.page, 'redeem-1').click()
      await waitForText(m.page, 'benefit-uses', '已使用 2/2 次')
      await byTestId(m.page, 'redeem-1').click()
      // Refused: the server's reason now stands with the benefit.
      await m.page.locator('[data-testid="benefit-1"][data-eligible="0"]').waitFor()
      assert.equal((await benefit.locator('[data-testid="benefit-reason"]').innerText()).trim(), '该志愿者已达每人限用次数（2次）')
      assert.equal(await byTestId(m.page, 'redeem-1').isDisabled(), true)
      const rows = m.page.locator('[data-testid="merchant-redemptions"] .el-table__row')
      await m.page.waitForFunction(() => document.querySelectorAll('[data-testid="merchant-redemptions"] .el-table__row').length === 2)
      assert.match(await rows.first().innerText(), /ZY202600000003/)
      await screenshot(m.page, 'h7-merchant-limit-phone-390')
      assert.deepEqual(unexpectedProblems(m.problems), [])

      // A fresh check of the same volunteer: the server now says why not.
      const vol = await apiLogin(env.app.baseUrl, CERTIFIED, PASSWORD)
      const fresh = (await vol.get('/api/v1/me/e-certificate')).json
      await byTestId(m.page, 'merchant-clear').click()
      await fillField(m.page, 'merchant-code-input', fresh.token)
      await byTestId(m.page, 'merchant-verify').click()
      await m.page.locator('[data-testid="benefit-1"][data-eligible="0"]').waitFor()
      assert.match(await text(m.page, 'benefit-reason'), /2次/)

      // The volunteer's 嘉许回馈 page lists both uses.
      await c.page.goto('/me/benefits')
      await c.page.locator('[data-testid="benefit-1"]').waitFor()
      assert.equal((await c.page.locator('[data-testid="benefit-1"] [data-testid="benefit-uses"]').innerText()).trim(), '已使用 2/2 次')
      await c.page.waitForFunction(() => document.querySelectorAll('[data-testid="my-redemptions"] .el-table__row').length === 2)
      // 公交: needs a certificate or a card, which this volunteer does not hold.
      assert.equal(await c.page.locator('[data-testid="benefit-2"]').getAttribute('data-eligible'), '0')
      assert.equal((await c.page.locator('[data-testid="benefit-2"] [data-testid="benefit-reason"]').innerText()).trim(), '需持有注册志愿者证或梅州志愿者卡')
      await screenshot(c.page, 'h8-my-benefits-phone-390')
      assert.deepEqual(unexpectedProblems(c.problems), [])
    } catch (e) {
      await screenshot(m.page, 'h-merchant-failed')
      throw e
    } finally {
      await Promise.all([c.context.close(), m.context.close()])
    }
  })

  test('the bank operator exports the applications and uploads a status file with a bad row', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'zy-bank-'))
    // 刘艳 applies for the certificate at 中国银行 (through the API).
    const vol = await apiLogin(env.app.baseUrl, CERTIFIED, PASSWORD)
    const app = (await vol.post('/api/v1/me/credential-applications', { kind: 'certificate', bank: 'boc', consent: true }, 201)).json
    assert.equal(app.status, 'sent_to_bank')
    const op = await login(BANK_OPERATOR)
    try {
      // The top bar has the entry (under "…" when full); the user menu too.
      await byTestId(op.page, 'nav-bank-console').waitFor({ state: 'attached' })
      await byTestId(op.page, 'user-menu').click()
      await byTestId(op.page, 'menu-bank-console').click()
      await op.page.waitForURL('**/bank/applications')
      await byTestId(op.page, `bank-status-${app.id}`).waitFor()
      assert.equal(await text(op.page, 'bank-title'), '证卡办理 · 中国银行')
      assert.equal(await text(op.page, `bank-name-${app.id}`), '刘艳')

      const xlsx = await downloadOf(op.page, byTestId(op.page, 'bank-export-xlsx'))
      assert.equal(xlsx.name, 'applications-boc.xlsx')
      assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK')
      const csv = await downloadOf(op.page, byTestId(op.page, 'bank-export-csv'))
      assert.equal(csv.name, 'applications-boc.csv')
      assert.match(csv.bytes.toString('utf8'), new RegExp(`^(\\ufeff)?申请编号,证卡,卡种,姓名`))
      assert.match(csv.bytes.toString('utf8'), new RegExp(`\\n${app.id},注册志愿者证,,刘艳,`))

      // A file with a row for an application that does not exist: reported by line, nothing imported.
      const bad = path.join(work, 'status-bad.csv')
      writeFileSync(bad, `application_id,status,reason\n${app.id},issued,\n999999,activated,\n`)
      await byTestId(op.page, 'bank-status-file').setInputFiles(bad)
      await byTestId(op.page, 'bank-upload-refusal').waitFor()
      assert.match(await byTestId(op.page, 'bank-upload-refusal').innerText(), /整个文件未导入/)
      await byTestId(op.page, 'upload-error-line-3').waitFor()
      assert.equal((await op.page.locator('[data-testid="bank-upload-errors"] .el-table__row').count()), 1)
      assert.equal(await text(op.page, 'upload-error-message'), '申请不存在')
      assert.equal(await byTestId(op.page, `bank-status-${app.id}`).getAttribute('data-status'), 'sent_to_bank')
      await screenshot(op.page, 'h9-bank-status-file-error')

      // The corrected file.
      const good = path.join(work, 'status-good.csv')
      writeFileSync(good, `申请编号,状态,原因\n${app.id},issued,\n`)
      await byTestId(op.page, 'bank-status-file').setInputFiles(good)
      await op.page.locator('[data-testid="bank-upload-result"][data-applied="1"]').waitFor()
      assert.equal(await text(op.page, 'bank-upload-result'), '文件已导入：更新 1 条，无变化 0 条')
      // Issued: gone from 已送银行; all applications show it.
      await byTestId(op.page, `bank-status-${app.id}`).waitFor({ state: 'detached' })
      await chooseOption(op.page, 'bank-filter', '全部')
      await op.page.locator(`[data-testid="bank-status-${app.id}"][data-status="issued"]`).waitFor()

      // By hand: 已激活.
      await byTestId(op.page, `bank-set-${app.id}`).click()
      await op.page.locator(`[data-testid="bank-set-${app.id}-activated"]:visible`).click()
      await op.page.locator(`[data-testid="bank-status-${app.id}"][data-status="activated"]`).waitFor()
      await screenshot(op.page, 'h10-bank-console')
      assert.deepEqual(unexpectedProblems(op.problems), [])

      const mine = (await vol.get('/api/v1/me/credential-applications')).json.items.find((a) => a.id === app.id)
      assert.equal(mine.status, 'activated')
      assert.deepEqual(mine.events.map((e) => e.status), ['applied', 'checked', 'sent_to_bank', 'issued', 'activated'])
      assert.match(mine.events.at(-1).actor, /^account:\d+$/)
    } catch (e) {
      await screenshot(op.page, 'h-bank-failed')
      throw e
    } finally {
      await op.context.close()
      rmSync(work, { recursive: true, force: true })
    }
  })

  test('the city admin manages merchants and benefits and downloads the credit list', async () => {
    const admin = await login(CITY_ADMIN)
    try {
      await admin.page.goto('/admin/rewards')
      await admin.page.locator('[data-testid="merchants-table"] .el-table__row').first().waitFor()
      const code = `shop-${suffix()}`
      await byTestId(admin.page, 'merchant-add').click()
      await fillField(admin.page, 'merchant-name', '梅州测试书屋')
      await fillField(admin.page, 'merchant-code', 'Bad Code')
      await byTestId(admin.page, 'merchant-save').click()
      await admin.page.locator('[data-testid="merchant-dialog"] .el-form-item__error', { hasText: '商家代码应为小写字母' }).waitFor()
      await fillField(admin.page, 'merchant-code', code)
      await byTestId(admin.page, 'merchant-save').click()
      await byTestId(admin.page, 'merchant-dialog').waitFor({ state: 'hidden' })
      await admin.page.locator('[data-testid="merchants-table"] .el-table__row', { hasText: code }).waitFor()

      // A benefit of the new merchant: 2★, card holders.
      await admin.page.locator('.el-tabs__item', { hasText: '回馈权益' }).click()
      await byTestId(admin.page, 'benefit-add').click()
      await chooseOption(admin.page, 'benefit-merchant', '梅州测试书屋')
      await fillField(admin.page, 'benefit-title-input', '持卡志愿者借书免押金')
      await fillField(admin.page, 'benefit-description', '持梅州志愿者卡的二星级以上志愿者借书免押金。')
      await fillField(admin.page, 'benefit-min-star', '2')
      await chooseOption(admin.page, 'benefit-credential', '须持梅州志愿者卡')
      await screenshot(admin.page, 'h11-admin-benefit-form')
      await byTestId(admin.page, 'benefit-save').click()
      await byTestId(admin.page, 'benefit-dialog').waitFor({ state: 'hidden' })
      const item = admin.page.locator('[data-testid="benefits-list"] .benefit', { hasText: '持卡志愿者借书免押金' }).first()
      await item.waitFor()
      assert.match(await item.innerText(), /2星级及以上/)
      assert.match(await item.innerText(), /持梅州志愿者卡/)
      assert.equal((await item.locator('[data-testid="benefit-state"]').innerText()).trim(), '生效中')
      await item.locator('[data-testid^="withdraw-"]').click()
      await confirmMessageBox(admin.page)
      // A withdrawn benefit stays on the management list (GET /merchant/benefits), marked 已撤回, without 撤回.
      await admin.page.locator('[data-testid="benefits-list"] .benefit[data-state="withdrawn"]', { hasText: '持卡志愿者借书免押金' }).waitFor()
      assert.equal((await item.locator('[data-testid="benefit-state"]').innerText()).trim(), '已撤回')
      assert.equal(await item.locator('[data-testid^="withdraw-"]').count(), 0)

      // One valid only from next year: listed as 未生效 here, not in the public catalogue.
      const api = await apiLogin(env.app.baseUrl, CITY_ADMIN, PASSWORD)
      const nextYear = new Date().getFullYear() + 1
      const future = (
        await api.post(
          '/api/v1/benefits',
          {
            merchant: code,
            title: '新年读书月借书免押金',
            description: '明年起持证志愿者借书免押金。',
            category: 'discount',
            min_star_level: 0,
            requires_credential: '',
            county_code: '',
            valid_from: `${nextYear}-01-01`,
            valid_to: `${nextYear}-12-31`,
            limit_per_volunteer: 0,
          },
          201,
        )
      ).json
      assert.ok(!(await api.get('/api/v1/benefits')).json.items.some((b) => b.id === future.id), 'not in the public list')
      await admin.page.reload()
      await admin.page.locator('.el-tabs__item', { hasText: '回馈权益' }).click()
      const upcoming = byTestId(admin.page, `benefit-${future.id}`)
      await upcoming.waitFor()
      assert.equal(await upcoming.getAttribute('data-state'), 'upcoming')
      assert.equal((await upcoming.locator('[data-testid="benefit-state"]').innerText()).trim(), '未生效')
      await screenshot(admin.page, 'h11b-admin-benefits-states')

      // 守信激励名单: the rule, the preview (masked), the files.
      await admin.page.goto('/admin/credit')
      await byTestId(admin.page, 'credit-rule').waitFor()
      assert.match(await text(admin.page, 'credit-rule'), /认证星级≥1星，或累计已确认服务时长≥100小时/)
      const total = Number(await byTestId(admin.page, 'credit-total').getAttribute('data-total'))
      assert.ok(total >= 2, `total ${total}`)
      assert.match(await admin.page.locator('[data-testid="credit-table"] .el-table__row').first().innerText(), /\d{6}\*{8}\d{3}[\dX]/)
      await screenshot(admin.page, 'h12-credit-list')
      const xlsx = await downloadOf(admin.page, byTestId(admin.page, 'credit-export-xlsx'))
      assert.match(xlsx.name, /\.xlsx$/)
      assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK')
      const csv = await downloadOf(admin.page, byTestId(admin.page, 'credit-export-csv'))
      assert.match(csv.bytes.toString('utf8'), /姓名,证件类型,证件号码/)
      assert.match(csv.bytes.toString('utf8'), /\d{17}[\dX]/, 'the file has full ID numbers')
      assert.deepEqual(unexpectedProblems(admin.problems), [])
    } catch (e) {
      await screenshot(admin.page, 'h-admin-rewards-failed')
      throw e
    } finally {
      await admin.context.close()
    }
  })
})
