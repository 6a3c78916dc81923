// Story: a community worker posts a need (点单), the county dispatches it (派单), the organisation accepts it
// (接单) and makes a draft activity of it; the worker's 我的需求 shows 已安排活动 and refuses 确认评价 until the
// activity is over. Uses the demo data of `zhiyuan serve --demo`.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  apiLogin,
  byTestId,
  chinaPicker,
  chooseOption,
  confirmMessageBox,
  fillDateTime,
  fillField,
  loggedInPage,
  screenshot,
  skipReason,
  storyEnv,
  suffix,
  unexpectedProblems,
  waitForText,
} from './support/helpers.mjs'

// The demo accounts (docs: `zhiyuan serve --demo`), not in the in-memory mock.
const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no demo data or needs' : null)
const PASSWORD = 'Zhiyuan@2026'
const COUNTY_ADMIN = '13800000011' // 梅江区 441402
const ORG_ADMIN = '13900000001' // 梅江区志愿者协会
const WORKER = '13900000005'
const ORG_NAME = '梅江区志愿者协会'


describe('recipients’ needs 点单 → 派单 → 接单', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })

  const login = (phone, options) => loggedInPage(env.chrome.browser, env.app.baseUrl, phone, PASSWORD, options)
  const token = (phone) => apiLogin(env.app.baseUrl, phone, PASSWORD)

  test('a community worker posts a need, the county dispatches it and the organisation accepts it and makes an activity', async () => {
    const title = `独居老人助餐送餐${suffix()}`
    const from = new Date(Date.now() + 3 * 24 * 3600_000)
    from.setUTCMinutes(0, 0, 0)
    const to = new Date(from.getTime() + 2 * 3600_000)

    // 点单 — on a phone, from the home page.
    const w = await login(WORKER, { mobile: true })
    try {
      await w.page.goto('/')
      await byTestId(w.page, 'home-need-new').click()
      await w.page.waitForURL('**/needs/new')
      await fillField(w.page, 'need-title', title)
      await fillField(w.page, 'need-description', '社区内3位行动不便的独居老人需要送餐上门，并陪同聊天、检查家中用电安全。')
      await fillField(w.page, 'need-recipients', '社区独居老人')
      await chooseOption(w.page, 'need-county', '梅江区')
      await fillField(w.page, 'need-address', '梅江区江北街道金山社区居委会')
      await fillDateTime(w.page, 'need-wanted-from', chinaPicker(from))
      await fillDateTime(w.page, 'need-wanted-to', chinaPicker(to))
      await fillField(w.page, 'need-contact-name', '黄丽')
      await fillField(w.page, 'need-contact-phone', '13712345678')
      await byTestId(w.page, 'need-submit').click()
      await w.page.waitForURL('**/me/needs')
    } catch (e) {
      await screenshot(w.page, 'needs-post-failed')
      throw e
    }
    const card = w.page.locator('[data-testid^="need-"][data-status]', { hasText: title }).first()
    await card.waitFor()
    const needId = Number((await card.getAttribute('data-testid')).replace('need-', ''))
    assert.ok(needId > 0)
    await waitForText(w.page, `need-status-${needId}`, '待派单')

    // 派单 — the county admin of 梅江区 picks the organisation of the need's county.
    const c = await login(COUNTY_ADMIN)
    await c.page.goto('/admin/needs')
    await byTestId(c.page, `need-dispatch-${needId}`).click()
    await byTestId(c.page, 'dispatch-org').first().click()
    await c.page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${ORG_NAME}\\s*$`) }).first().click()
    await fillField(c.page, 'dispatch-note', '请对接金山社区，优先安排有送餐经验的志愿者')
    await byTestId(c.page, 'dispatch-save').click()
    await byTestId(c.page, `need-${needId}`).waitFor({ state: 'detached' }) // no longer open
    assert.deepEqual(unexpectedProblems(c.problems), [])

    // 接单 and 发起活动 — the organisation's admin.
    const orgApi = await token(ORG_ADMIN)
    const me = await orgApi.get('/api/v1/me')
    const orgId = me.json.account.roles.find((r) => r.role === 'org_admin' && r.organization_name === ORG_NAME).organization_id
    const o = await login(ORG_ADMIN)
    await o.page.goto(`/org/${orgId}/needs`)
    await waitForText(o.page, `need-status-${needId}`, '已派单')
    await byTestId(o.page, `need-accept-${needId}`).click()
    await confirmMessageBox(o.page)
    await waitForText(o.page, `need-status-${needId}`, '已接单')
    await byTestId(o.page, `need-make-activity-${needId}`).click()
    await chooseOption(o.page, 'na-category', '助老助残')
    await fillField(o.page, 'na-quota', '6')
    await fillField(o.page, 'na-contact-name', '陈霞')
    await fillField(o.page, 'na-contact-phone', '13812345678')
    // The need has no position: the dialog asks for it.
    await fillField(o.page, 'na-latitude', '24.2901')
    await fillField(o.page, 'na-longitude', '116.1187')
    await byTestId(o.page, 'na-save').click()
    await byTestId(o.page, 'need-activity-created').waitFor()
    await byTestId(o.page, 'need-activity-console').click()
    await o.page.waitForURL(/\/org\/activities\/\d+\/console$/)
    const activityId = Number(/\/org\/activities\/(\d+)\/console/.exec(o.page.url())[1])
    assert.deepEqual(unexpectedProblems(o.problems), [])

    // The draft activity exists, prefilled from the need.
    const act = await orgApi.get(`/api/v1/activities/${activityId}`)
    assert.equal(act.json.status, 'draft')
    assert.equal(act.json.title, title)
    assert.equal(act.json.organization_id, orgId)
    assert.equal(act.json.category, '助老助残')
    assert.equal(act.json.quota, 6)
    assert.equal(new Date(act.json.starts_at).getTime(), from.getTime())

    // The worker sees 已安排活动; 确认评价 is refused until the activity is over.
    await w.page.reload()
    await waitForText(w.page, `need-status-${needId}`, '已安排活动')
    const need = await (await token(WORKER)).get(`/api/v1/needs/${needId}`)
    assert.equal(need.json.status, 'scheduled')
    assert.equal(need.json.activity_id, activityId)
    assert.equal(need.json.organization_name, ORG_NAME)
    await screenshot(w.page, 'needs-my-needs-390')
    await byTestId(w.page, `need-confirm-${needId}`).click()
    await byTestId(w.page, 'need-confirm-save').click()
    const refusal = byTestId(w.page, 'need-confirm-refusal')
    await refusal.waitFor()
    const why = (await refusal.textContent()).trim()
    assert.match(why, /结束后/)
    assert.deepEqual(unexpectedProblems(w.problems), [])

    await Promise.all([w.context.close(), c.context.close(), o.context.close()])
  })
})
