// Story (l): administrators log in with a second factor 动态口令, on the demo data of `zhiyuan serve --demo`.
// - The auditor types phone and password; the page asks for the 6-digit code of the authenticator app (the
//   phone and password stay filled), refuses a wrong code with the server's message, and lets them in with the
//   right one. The same code in another browser is refused: a code is good for one log-in.
// - A county admin on a phone sees the same prompt; a volunteer is never asked.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  byTestId,
  DEMO_TOTP_SECRET,
  fillField,
  loginThroughUi,
  newPage,
  screenshot,
  skipReason,
  storyEnv,
  totpCode,
  totpStep,
  unexpectedProblems,
  withTotpOf,
} from './support/helpers.mjs'

const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no second factor' : null)
const PASSWORD = 'Zhiyuan@2026'
const AUDITOR = '13800000002'
const COUNTY_ADMIN = '13800000013' // a demo county admin (13800000011… in county order)
const VOLUNTEER = '13900000002'

const inputOf = (page, id) => byTestId(page, id).first().locator('xpath=descendant-or-self::input').first()

/** A 6-digit code the server accepts at no step around now. */
function wrongCode() {
  const now = totpStep()
  const accepted = new Set([now - 1, now, now + 1, now + 2].map((s) => totpCode(DEMO_TOTP_SECRET, s)))
  for (let n = 246810; ; n = (n + 7919) % 1_000_000) {
    const c = String(n).padStart(6, '0')
    if (!accepted.has(c)) return c
  }
}

/** Types phone and password and sends them: the page answers with the code prompt. */
async function startLogin(page, phone) {
  await page.goto('/login')
  await fillField(page, 'login-phone', phone)
  await fillField(page, 'login-password', PASSWORD)
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/sessions')
  await byTestId(page, 'login-submit').click()
  assert.equal((await answer).status(), 401)
  await byTestId(page, 'login-totp').first().waitFor()
}

/** Sends the code typed in the prompt; answers the status of POST /sessions. */
async function sendCode(page, code) {
  await fillField(page, 'login-totp', code)
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/sessions')
  await byTestId(page, 'login-submit').click()
  return (await answer).status()
}

describe('administrators log in with 动态口令', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })

  test('the auditor is asked for the authenticator code, a wrong one is refused, the right one lets them in', async () => {
    const { page, context, problems } = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl })
    let usedCode
    try {
      await startLogin(page, AUDITOR)
      const alert = byTestId(page, 'login-error')
      assert.equal(await alert.getAttribute('data-code'), 'totp_required')
      assert.match(await alert.innerText(), /请输入身份验证器中的6位动态口令/)
      assert.match(await byTestId(page, 'login-totp-hint').innerText(), /打开身份验证器查看6位数字/)
      const totp = inputOf(page, 'login-totp')
      assert.equal(await totp.getAttribute('inputmode'), 'numeric')
      assert.equal(await totp.getAttribute('autocomplete'), 'one-time-code')
      assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-testid="login-totp"]') !== null
        || document.activeElement?.getAttribute('data-testid') === 'login-totp'), true, 'the code field has the focus')
      // Phone and password stay filled: only the code is left to type.
      assert.equal(await inputOf(page, 'login-phone').inputValue(), AUDITOR)
      assert.equal(await inputOf(page, 'login-password').inputValue(), PASSWORD)
      assert.match(page.url(), /\/login/)
      await screenshot(page, 'l1-login-totp-prompt')

      // Too short a code is stopped beside the field, without asking the server.
      await fillField(page, 'login-totp', '123')
      await page.getByText('动态口令为6位数字').waitFor()

      assert.equal(await sendCode(page, wrongCode()), 401)
      await page.waitForFunction(() => document.querySelector('[data-testid="login-error"]')?.dataset.code === 'totp_invalid')
      assert.match(await alert.innerText(), /动态口令错误或已使用/)
      assert.equal(await inputOf(page, 'login-totp').inputValue(), '', 'the refused code is cleared')
      await screenshot(page, 'l2-login-totp-wrong')

      const status = await withTotpOf(env.app.baseUrl, AUDITOR, async (code) => {
        usedCode = code
        return sendCode(page, code)
      })
      assert.equal(status, 201)
      await page.waitForURL((u) => !u.pathname.startsWith('/login'))
      assert.deepEqual(unexpectedProblems(problems), [])
    } finally {
      await context.close()
    }

    // The same code in another browser is refused: each code works once.
    const other = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl })
    try {
      await startLogin(other.page, AUDITOR)
      assert.equal(await sendCode(other.page, usedCode), 401)
      await other.page.waitForFunction(() => document.querySelector('[data-testid="login-error"]')?.dataset.code === 'totp_invalid')
      assert.match(other.page.url(), /\/login/)
    } finally {
      await other.context.close()
    }
  })

  test('a county admin on a phone gets the same prompt; another phone number drops it', async () => {
    const { page, context, problems } = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
    try {
      await startLogin(page, COUNTY_ADMIN)
      await screenshot(page, 'l3-login-totp-phone-390')
      // Another account may need no code: the field goes until the server asks again.
      await fillField(page, 'login-phone', VOLUNTEER)
      await byTestId(page, 'login-totp').first().waitFor({ state: 'detached' })

      const last = await loginThroughUi(page, COUNTY_ADMIN, PASSWORD)
      assert.equal(last.status, 201)
      await page.waitForURL((u) => !u.pathname.startsWith('/login'))
      assert.deepEqual(unexpectedProblems(problems), [])
    } finally {
      await context.close()
    }
  })

  test('a volunteer logs in without a code', async () => {
    const { page, context } = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl })
    try {
      const answer = await loginThroughUi(page, VOLUNTEER, PASSWORD)
      assert.equal(answer.status, 201)
      await page.waitForURL((u) => !u.pathname.startsWith('/login'))
      assert.equal(await byTestId(page, 'login-totp').count(), 0)
    } finally {
      await context.close()
    }
  })
})
