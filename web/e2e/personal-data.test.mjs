// Story: the PIPL rights of a volunteer on 我的 — a copy of their own data (《个人信息保护法》第四十五条) and
// closing the account (第四十七条): a wrong password is refused beside the field, the right one closes the
// account, the browser is logged out on the home page, and the phone can no longer log in.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  byTestId,
  chooseOption,
  createCountyAdmin,
  createOrganiser,
  downloadOf,
  fillField,
  loggedInPage,
  loginThroughUi,
  newPage,
  randomPhone,
  randomResidentId,
  screenshot,
  suffix,
  skipReason,
  storyEnv,
  unexpectedProblems,
} from './support/helpers.mjs'

const reason = skipReason()

describe('personal data and account closure', { skip: reason ?? false }, () => {
  const env = storyEnv()

  test('a volunteer downloads their data, then closes the account and can no longer log in', async () => {
    const idNumber = randomResidentId({ region: '441402' })
    const phone = randomPhone()
    const password = 'Zhiyuan#2026'
    const { page, context, problems } = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl })
    try {
      // Registers in the browser and lands on 我的, logged in.
      await page.goto('/register')
      await fillField(page, 'reg-name', '黄晓东')
      await fillField(page, 'reg-id-number', idNumber)
      await fillField(page, 'reg-phone', phone)
      await chooseOption(page, 'reg-county', '梅江区')
      await fillField(page, 'reg-password', password)
      await fillField(page, 'reg-password-confirm', password)
      await chooseOption(page, 'reg-political', '群众')
      await byTestId(page, 'reg-submit').click()
      await page.waitForURL('**/me', { timeout: 20_000 })
      const numberEl = byTestId(page, 'me-volunteer-number')
      await numberEl.waitFor()
      const volunteerNumber = (await numberEl.innerText()).trim()
      assert.match(volunteerNumber, /\S/)

      // 个人信息与账号: the explanation and the two buttons.
      const section = byTestId(page, 'me-privacy')
      await section.waitFor()
      const sectionText = await section.innerText()
      assert.match(sectionText, /个人信息与账号/)
      assert.match(sectionText, /第四十五条/)
      assert.match(sectionText, /身份证件号码/)
      await screenshot(page, 'pd1-me-privacy')

      // 下载我的数据: the file keeps the server's name and holds the full ID number (the page shows it masked).
      const file = await downloadOf(page, byTestId(page, 'me-download-data'))
      assert.equal(file.name, `我的志愿者数据-${volunteerNumber}.json`)
      const data = JSON.parse(file.bytes.toString('utf8'))
      assert.equal(data.volunteer.volunteer_number, volunteerNumber)
      assert.equal(data.volunteer.id_number, idNumber)
      assert.equal(data.account.phone, phone)
      for (const key of ['memberships', 'signups', 'ledger_entries', 'proofs', 'notifications']) {
        assert.ok(Array.isArray(data[key]), `${key} is a list`)
      }
      assert.ok(!(await page.content()).includes(idNumber), 'the full ID number stays out of the page')

      // 注销账号: the consequences, and the button stays disabled until the box is ticked and a password typed.
      await byTestId(page, 'me-close-account').click()
      const dialog = page.locator('.el-dialog:visible', { has: byTestId(page, 'close-effects') })
      await dialog.waitFor()
      const effects = await byTestId(page, 'close-effects').innerText()
      for (const phrase of ['无法再登录', '身份证件号码', '报名', '证明', '服务时长', '重新注册']) {
        assert.ok(effects.includes(phrase), `the consequences mention ${phrase}`)
      }
      const confirm = byTestId(page, 'close-confirm')
      assert.equal(await confirm.isDisabled(), true)
      await fillField(page, 'close-password', 'Wrong#Pass2026')
      assert.equal(await confirm.isDisabled(), true, 'not before the box is ticked')
      await byTestId(page, 'close-acknowledge').click()
      assert.equal(await confirm.isDisabled(), false)
      await screenshot(page, 'pd2-close-dialog')

      // A wrong password: refused beside the field, still logged in.
      const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/account-closure')
      await confirm.click()
      assert.equal((await refused).status(), 422)
      await dialog.locator('.el-form-item__error', { hasText: '密码不正确' }).waitFor()
      assert.match(page.url(), /\/me$/)
      await screenshot(page, 'pd3-close-wrong-password')

      // The dialog on a phone (390 px) keeps its button in view.
      await page.setViewportSize({ width: 390, height: 844 })
      await confirm.waitFor()
      assert.ok(await confirm.isVisible())
      await screenshot(page, 'pd4-close-dialog-phone-390')
      await page.setViewportSize({ width: 1280, height: 860 })

      // The right password: 账号已注销, on the home page, logged out.
      await fillField(page, 'close-password', password)
      const closed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/account-closure')
      await confirm.click()
      assert.equal((await closed).status(), 204)
      await page.locator('.el-message--success', { hasText: '账号已注销' }).waitFor()
      await page.waitForURL((u) => u.pathname === '/')
      await byTestId(page, 'nav-login').first().waitFor()
      assert.equal(await byTestId(page, 'user-menu').count(), 0)
      const cookies = await context.cookies()
      assert.ok(!cookies.some((c) => c.name === 'zy_session' && c.value), 'the session cookie is gone')
      await screenshot(page, 'pd5-closed-home')

      // Logging in again with that phone fails.
      const again = await loginThroughUi(page, phone, password)
      assert.ok(again.status >= 400, `log-in after closure answered ${again.status}`)
      await byTestId(page, 'login-error').waitFor()
      assert.match(page.url(), /\/login/)
      await screenshot(page, 'pd6-login-after-closure')

      assert.deepEqual(unexpectedProblems(problems), [])
    } finally {
      await context.close()
    }
  })

  test('the only administrator of an organisation is told to add another one first', async () => {
    const county = await createCountyAdmin(env.app)
    const orgName = `梅江河堤守护队${suffix()}`
    const boss = await createOrganiser(env.app.baseUrl, county.api, {
      name: '罗志坚',
      orgName,
      description: '守护梅江河堤的志愿服务队。',
    })
    const { page, context, problems } = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password, { mobile: true })
    try {
      await page.goto('/me')
      await byTestId(page, 'me-close-account').click()
      await fillField(page, 'close-password', boss.password)
      await byTestId(page, 'close-acknowledge').click()
      const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/account-closure')
      await byTestId(page, 'close-confirm').click()
      assert.equal((await refused).status(), 409)
      const alert = byTestId(page, 'close-error')
      await alert.waitFor()
      const text = await alert.innerText()
      assert.ok(text.includes(orgName), text)
      assert.match(text, /唯一的管理员/)
      await screenshot(page, 'pd7-close-sole-admin-phone-390')

      // Still logged in: the account stays.
      await page.keyboard.press('Escape')
      await page.goto('/me')
      await byTestId(page, 'me-volunteer-number').waitFor()
      assert.deepEqual(unexpectedProblems(problems), [])
    } finally {
      await context.close()
    }
  })
})
