// Story (s): the security administrator 安全管理员 keeps the staff accounts safe (三员分立, MLPS level 3), on the
// demo data of `zhiyuan serve --demo`.
// - A county admin has locked their account with wrong passwords. The security admin logs in (password and
//   authenticator code), opens 账号安全, finds the account by phone, sees it locked, and unlocks it: the county
//   admin logs in again. Then the security admin disables it: its log-in is refused after the right password.
// - The refused log-ins are on the security events tab.
// - The auditor finds the security admin's actions in the audit log, and neither the auditor nor the city admin
//   has the 账号安全 page.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  apiLogin,
  apiPost,
  byTestId,
  confirmMessageBox,
  fillField,
  loggedInPage,
  randomPhone,
  screenshot,
  skipReason,
  storyEnv,
  unexpectedProblems,
  withTotpOf,
} from './support/helpers.mjs'

const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no security administrator' : null)
const DEMO_PASSWORD = 'Zhiyuan@2026'
const SECURITY_ADMIN = '13800000003'
const AUDITOR = '13800000002'
const CITY_ADMIN = '13800000001'
const COUNTY_PASSWORD = 'Admin#Meizhou2026'

describe('the security administrator manages staff accounts', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })

  test('a locked county admin is unlocked, then disabled; the refusals are security events; the auditor sees it all', async () => {
    const app = env.app
    const phone = randomPhone()
    app.createAdmin({ phone, password: COUNTY_PASSWORD, role: 'county_admin', county: '441402', name: '梅江区值班管理员' })
    const countyLogIn = () => withTotpOf(app.baseUrl, phone, (totp) => apiPost(app.baseUrl, '/api/v1/sessions',
      { phone, password: COUNTY_PASSWORD, totp }))
    for (let i = 0; i < 5; i += 1) await apiPost(app.baseUrl, '/api/v1/sessions', { phone, password: 'Wrong#2026x' })
    assert.equal((await countyLogIn()).json.code, 'account_locked')

    const { page, context, problems } = await loggedInPage(env.chrome.browser, app.baseUrl, SECURITY_ADMIN, DEMO_PASSWORD)
    try {
      // The security admin's menu has the page and none of the business pages.
      await byTestId(page, 'nav-security').first().click()
      await page.waitForURL((u) => u.pathname === '/admin/security')
      assert.equal(await byTestId(page, 'nav-audit').count(), 0)
      assert.equal(await byTestId(page, 'nav-org-review').count(), 0)

      await fillField(page, 'security-q', phone)
      const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/security/accounts')
      await byTestId(page, 'security-search').click()
      const list = await (await listed).json()
      assert.equal(list.total, 1)
      const account = list.items[0]
      assert.match(account.phone, /^\d{3}\*{4}\d{4}$/, 'the phone is masked')
      const state = byTestId(page, `security-state-${account.id}`)
      await state.waitFor()
      assert.match(await state.innerText(), /锁定中/)
      await screenshot(page, 's1-security-locked-account')

      await byTestId(page, `security-unlock-${account.id}`).click()
      await confirmMessageBox(page)
      await page.waitForFunction((id) => document.querySelector(`[data-testid="security-state-${id}"]`)?.textContent?.includes('正常'), account.id)
      assert.equal((await countyLogIn()).status, 201, 'the county admin logs in again')

      await byTestId(page, `security-disable-${account.id}`).click()
      await confirmMessageBox(page)
      await page.waitForFunction((id) => document.querySelector(`[data-testid="security-state-${id}"]`)?.textContent?.includes('已停用'), account.id)
      const refused = await countyLogIn()
      assert.equal(refused.status, 403)
      assert.equal(refused.json.code, 'account_disabled')
      await screenshot(page, 's2-security-disabled-account')

      // The refused log-ins of the story are security events.
      await page.getByRole('tab', { name: '安全事件' }).click()
      const events = byTestId(page, 'security-events')
      await events.locator('.el-table__row').first().waitFor()
      assert.match(await events.innerText(), /密码错误/)
      assert.match(await events.innerText(), /账号已停用/)
      await screenshot(page, 's3-security-events')
      assert.deepEqual(unexpectedProblems(problems), [])
    } finally {
      await context.close()
    }

    // The auditor reviews the security admin: the actions are in the audit log, under the security admin's role.
    const auditor = await apiLogin(app.baseUrl, AUDITOR, DEMO_PASSWORD)
    for (const action of ['account.unlock', 'account.disable']) {
      const r = await auditor.get(`/api/v1/audit-events?action=${action}`)
      assert.ok(r.json.items.some((e) => e.actor_role === 'security_admin'), `${action}: ${r.text}`)
    }
    // …and may not act on accounts; nor may the city admin, whose menu has no 账号安全.
    assert.equal((await auditor.get('/api/v1/security/accounts', 403)).json.code, 'forbidden')
    const city = await loggedInPage(env.chrome.browser, app.baseUrl, CITY_ADMIN, DEMO_PASSWORD)
    try {
      await byTestId(city.page, 'nav-targets').first().waitFor({ state: 'attached' }).catch(() => {})
      assert.equal(await byTestId(city.page, 'nav-security').count(), 0)
    } finally {
      await city.context.close()
    }
    const cityApi = await apiLogin(app.baseUrl, CITY_ADMIN, DEMO_PASSWORD)
    assert.equal((await cityApi.post(`/api/v1/security/accounts/${1}/enable`, {}, 403)).json.code, 'forbidden')
  })
})
