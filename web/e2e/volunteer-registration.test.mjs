// Story (a): a volunteer registers in the browser, is logged in, and sees only the masked ID.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {
  ARTIFACTS,
  addTag,
  byTestId,
  chooseOption,
  fillField,
  newPage,
  randomPhone,
  randomResidentId,
  screenshot,
  skipReason,
  storyEnv,
} from './support/helpers.mjs'

const reason = skipReason()

describe('volunteer registration', { skip: reason ?? false }, () => {
  const env = storyEnv()

  test('a volunteer registers, logs in and sees a masked ID', async () => {
    const idNumber = randomResidentId({ region: '441402' })
    const phone = randomPhone()
    const password = 'Zhiyuan#2026'
    const { page, context, problems } = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl })
    try {
      await page.goto('/')
      await page.getByText('梅州志愿服务平台').first().waitFor()
      await byTestId(page, 'county-441402').waitFor()
      await screenshot(page, 'a1-home')

      await byTestId(page, 'home-register').click()
      await page.waitForURL('**/register')
      await fillField(page, 'reg-name', '李梅芳')
      await fillField(page, 'reg-id-number', idNumber)
      // The birth date is read from characters 7–14 while typing.
      const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`
      assert.match(await byTestId(page, 'reg-derived-birth').innerText(), new RegExp(birth))
      await fillField(page, 'reg-phone', phone)
      await chooseOption(page, 'reg-county', '梅江区')
      await fillField(page, 'reg-password', password)
      await fillField(page, 'reg-password-confirm', password)
      await chooseOption(page, 'reg-political', '共青团员')
      await chooseOption(page, 'reg-skills', '急救')
      await page.keyboard.press('Escape')
      await chooseOption(page, 'reg-categories', '应急救援')
      await page.keyboard.press('Escape')
      await addTag(page, 'reg-categories', '客家文化传承')
      await chooseOption(page, 'reg-availability', '周末')
      await fillField(page, 'reg-emergency-name', '李建国')
      await fillField(page, 'reg-emergency-phone', randomPhone())
      // An adult: no guardian fields.
      assert.equal(await byTestId(page, 'reg-guardian-name').count(), 0)
      await screenshot(page, 'a2-register-filled')

      await byTestId(page, 'reg-submit').click()
      await page.waitForURL('**/me', { timeout: 20_000 })
      const shown = byTestId(page, 'me-id-number')
      await shown.waitFor()
      const masked = `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`
      assert.equal((await shown.innerText()).trim(), masked)
      assert.match(await byTestId(page, 'me-volunteer-number').innerText(), /\S/)
      assert.equal((await byTestId(page, 'me-name').innerText()).trim(), '李梅芳')
      assert.match((await byTestId(page, 'me-phone').innerText()).trim(), /^\d{3}\*{4}\d{4}$/)

      const html = await page.content()
      assert.ok(!html.includes(idNumber), 'the full ID number must never reach the page')
      assert.ok(!html.includes(phone), 'the full phone number must never reach the page')
      await screenshot(page, 'a3-me-desktop')

      // The same page on a phone (390 px): one column, menu behind the burger button.
      await page.setViewportSize({ width: 390, height: 844 })
      await page.reload()
      await byTestId(page, 'me-id-number').waitFor()
      assert.equal((await byTestId(page, 'me-id-number').innerText()).trim(), masked)
      await byTestId(page, 'nav-toggle').waitFor()
      await screenshot(page, 'a4-me-phone-390')
      await byTestId(page, 'nav-toggle').click()
      await byTestId(page, 'drawer-nav-me').waitFor()
      await page.waitForTimeout(400)
      await page.screenshot({ path: path.join(ARTIFACTS, 'a5-phone-menu.png') })

      assert.deepEqual(problems.filter((p) => !/status of 401/.test(p)), [])
    } finally {
      await context.close()
    }
  })

  test('a wrong password shows the server’s message on the log-in page', async () => {
    const { page, context } = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl })
    try {
      await page.goto('/login')
      await fillField(page, 'login-phone', randomPhone())
      await fillField(page, 'login-password', 'Wrong#Pass123')
      await byTestId(page, 'login-submit').click()
      const alert = byTestId(page, 'login-error')
      await alert.waitFor()
      assert.ok(['invalid_credentials', 'account_locked'].includes(await alert.getAttribute('data-code')))
      assert.match(await alert.innerText(), /\S/)
      assert.match(page.url(), /\/login/)
      await screenshot(page, 'a6-login-error')
    } finally {
      await context.close()
    }
  })

  test('a minor is asked for a guardian, and other ID types for gender and birth date', async () => {
    const { page, context } = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
    try {
      await page.goto('/register')
      const year = new Date().getFullYear() - 12
      await fillField(page, 'reg-id-number', randomResidentId({ minYear: year, maxYear: year }))
      await byTestId(page, 'reg-guardian-name').waitFor()
      await byTestId(page, 'reg-guardian-consent').waitFor()
      assert.equal(await byTestId(page, 'reg-gender').count(), 0)
      // Submitting without consent is stopped beside the field.
      await fillField(page, 'reg-name', '小明')
      await byTestId(page, 'reg-submit').click()
      await page.getByText('未成年人注册须经监护人同意').waitFor()
      await screenshot(page, 'a7-register-minor-phone-390')

      await chooseOption(page, 'reg-id-type', '护照')
      await byTestId(page, 'reg-gender').waitFor()
      await byTestId(page, 'reg-birth-date').first().waitFor()
      assert.equal(await byTestId(page, 'reg-guardian-name').count(), 0)
    } finally {
      await context.close()
    }
  })
})
