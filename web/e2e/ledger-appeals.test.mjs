// Stories (e) and (f): a volunteer appeals an entry and the organiser accepts it with corrected minutes;
// an organiser records past work (补录), the county approves it, the entry is corrected twice, and the
// attendance sheet and the organisation's hours download as CSV and Excel.
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  byTestId,
  chinaRfc3339,
  chooseOption,
  createActivity,
  createCountyAdmin,
  createOrganiser,
  downloadOf,
  fillDateTime,
  fillField,
  loggedInPage,
  registerVolunteer,
  screenshot,
  skipReason,
  storyEnv,
  suffix,
  unexpectedProblems,
  waitForText,
} from './support/helpers.mjs'

// The in-memory mock (ZY_E2E_MOCK=1) has no ledger: these stories need the real server.
const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no ledger' : null)


/** China calendar date "YYYY-MM-DD" of a Date. */
const chinaDay = (d) => chinaRfc3339(d).slice(0, 10)

describe('appeals, retro entries and exports', { skip: reason ?? false }, () => {
  const env = storyEnv()
  let county // a county admin's API client
  let countyLogin // its {phone, password}

  before(async () => {
    countyLogin = await createCountyAdmin(env.app, { name: '梅江区志愿者联合会' })
    county = countyLogin.api
  })

  function organiser(name) {
    return createOrganiser(env.app.baseUrl, county, {
      name,
      orgName: `梅江区社区志愿服务队${suffix()}`,
      description: '组织社区环境整治、助老服务。',
    })
  }

  /** An activity of the organiser's organisation (starts/ends as Dates); published unless `draft`. */
  const activity = createActivity

  test('a volunteer appeals an entry and the organiser accepts it with corrected minutes', async () => {
    const boss = await organiser('邓建华')
    const vol = await registerVolunteer(env.app.baseUrl, { name: '钟丽娟' })
    const title = `梅江河畔环保清洁行动${suffix()}`
    const starts = new Date(Date.now() + 10 * 60_000)
    const act = await activity(boss, { title, starts, ends: new Date(starts.getTime() + 3 * 3600_000) })

    // Set-up through the API: a sign-up, a 15-minute session recorded by hand (check-in 15 minutes ago,
    // check-out now) and the organisation's confirmation.
    await vol.api.post(`/api/v1/activities/${act.id}/signups`, {}, 201)
    const number = vol.volunteer.volunteer_number
    await boss.api.post(
      `/api/v1/activities/${act.id}/attendance`,
      { volunteer_number: number, action: 'check_in', at: chinaRfc3339(new Date(Date.now() - 15 * 60_000)) },
      201,
    )
    const out = await boss.api.post(`/api/v1/activities/${act.id}/attendance`, { volunteer_number: number, action: 'check_out' }, 201)
    assert.equal(out.json.minutes, 15)
    const entryId = out.json.ledger_entry_id
    const confirmed = await boss.api.post(`/api/v1/activities/${act.id}/confirmations`, {}, 200)
    assert.deepEqual(confirmed.json.confirmed, [entryId])

    // 1. The volunteer appeals the entry on /me/hours (phone).
    const appealReason = '当天 9:00 到 9:45 全程参加清洁，签到时间登记晚了，实际服务 45 分钟'
    const v = await loggedInPage(env.chrome.browser, env.app.baseUrl, vol.phone, vol.password, { mobile: true })
    let appealId
    try {
      await v.page.goto('/me/hours')
      const entry = byTestId(v.page, `hours-entry-${entryId}`)
      await entry.waitFor()
      assert.equal(await entry.getAttribute('data-minutes'), '15')
      await byTestId(v.page, `appeal-entry-${entryId}`).click()
      const dialog = byTestId(v.page, 'appeal-dialog')
      await dialog.waitFor()
      assert.match(await dialog.innerText(), new RegExp(title))
      // An empty reason is refused by the form itself.
      await byTestId(v.page, 'appeal-submit').click()
      await dialog.getByText('请填写申诉理由').waitFor()
      await fillField(v.page, 'appeal-reason', appealReason)
      await screenshot(v.page, 'e1-appeal-dialog-phone-390')
      await byTestId(v.page, 'appeal-submit').click()
      await dialog.waitFor({ state: 'hidden' })

      const tag = entry.locator('[data-testid="entry-appeal-status"]')
      await tag.waitFor()
      assert.equal(await tag.getAttribute('data-status'), 'open')
      assert.equal((await tag.innerText()).trim(), '申诉：待处理')
      const mine = byTestId(v.page, 'my-appeals').locator('[data-testid^="my-appeal-"][data-status="open"]')
      await mine.waitFor()
      assert.match(await mine.innerText(), new RegExp(appealReason.slice(0, 10)))
      appealId = Number((await mine.getAttribute('data-testid')).replace('my-appeal-', ''))
      assert.ok(appealId > 0)

      // A second appeal while one is open: the server's reason (409 appeal_open) shows in the dialog.
      await byTestId(v.page, `appeal-entry-${entryId}`).click()
      await dialog.waitFor()
      await fillField(v.page, 'appeal-reason', '再次申诉')
      await byTestId(v.page, 'appeal-submit').click()
      await byTestId(v.page, 'appeal-error').waitFor()
      assert.match(await byTestId(v.page, 'appeal-error').innerText(), /该记录已有待处理的申诉/)
      await screenshot(v.page, 'e2-appeal-open-refused-phone-390')
      await dialog.getByRole('button', { name: '取消' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await screenshot(v.page, 'e3-my-hours-appealed-phone-390')
      assert.deepEqual(unexpectedProblems(v.problems), [])
    } finally {
      await v.context.close()
    }

    // The API agrees: one open appeal of this entry.
    const mineApi = await vol.api.get('/api/v1/me/appeals')
    assert.deepEqual(
      mineApi.json.items.map((a) => [a.id, a.entry_id, a.status, a.reason]),
      [[appealId, entryId, 'open', appealReason]],
    )

    // 2. The organiser finds it from the organisation's page and accepts it with 45 minutes (desktop).
    const o = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password)
    try {
      await o.page.goto(`/organizations/${boss.org.id}`)
      await byTestId(o.page, 'org-appeals').click()
      await o.page.waitForURL(`**/org/${boss.org.id}/appeals**`)
      const row = byTestId(o.page, `org-appeal-${appealId}`)
      await row.waitFor()
      assert.equal(await row.getAttribute('data-status'), 'open')
      const table = byTestId(o.page, 'org-appeals-table')
      assert.match(await table.innerText(), new RegExp(`钟丽娟[\\s\\S]*${title}`))
      assert.match(await table.innerText(), /实际服务 45 分钟/)
      await screenshot(o.page, 'e4-org-appeals-open')

      await byTestId(o.page, `appeal-decide-${appealId}`).click()
      const dialog = byTestId(o.page, 'appeal-decide-dialog')
      await dialog.waitFor()
      assert.match(await dialog.innerText(), /当前记录 15 分钟/)
      await byTestId(o.page, 'decide-correct').click()
      await fillField(o.page, 'decide-minutes', '45')
      await fillField(o.page, 'decide-reason', '经现场负责人核实，签到时间登记有误，按 45 分钟更正')
      await screenshot(o.page, 'e5-org-appeal-decide-dialog')
      await byTestId(o.page, 'decide-save').click()
      await dialog.waitFor({ state: 'hidden' })
      await waitForText(o.page, `org-appeal-status-${appealId}`, '已采纳')
      assert.match(await table.innerText(), /更正记录 #\d+/)
      await screenshot(o.page, 'e6-org-appeal-accepted')

      // Filtered by 已采纳 it stays; the open list is now empty.
      await byTestId(o.page, 'appeals-status').getByText('已采纳').click()
      await o.page.waitForURL(/status=accepted/)
      await byTestId(o.page, `org-appeal-${appealId}`).waitFor()
      await byTestId(o.page, 'appeals-status').getByText('待处理').click()
      await o.page.waitForURL(/status=open/)
      await table.getByText('暂无申诉').waitFor()

      // The 更正 tab lists the activity's entries: the original greyed out and not correctable, the
      // reversal, and the replacement (itself correctable).
      await o.page.goto(`/org/activities/${act.id}/console?tab=correct`)
      const original = byTestId(o.page, `entry-row-${entryId}`)
      await original.waitFor()
      assert.equal(await original.getAttribute('data-reversed'), 'true')
      assert.equal(await byTestId(o.page, `correct-${entryId}`).count(), 0)
      const replacement = o.page.locator('[data-testid^="entry-row-"][data-kind="correction"]')
      await replacement.waitFor()
      const replacementId = Number((await replacement.getAttribute('data-testid')).replace('entry-row-', ''))
      await byTestId(o.page, `correct-${replacementId}`).waitFor()
      assert.deepEqual(unexpectedProblems(o.problems), [])
    } finally {
      await o.context.close()
    }

    // The decided appeal on the organiser's phone.
    const o2 = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password, { mobile: true })
    try {
      await o2.page.goto(`/org/${boss.org.id}/appeals?status=all`)
      await byTestId(o2.page, `org-appeal-${appealId}`).waitFor()
      assert.equal(await byTestId(o2.page, `org-appeal-${appealId}`).getAttribute('data-status'), 'accepted')
      await screenshot(o2.page, 'e9-org-appeals-phone-390')
      assert.deepEqual(unexpectedProblems(o2.problems), [])
    } finally {
      await o2.context.close()
    }

    // 3. The volunteer sees the correction (15 → 45), the decision, and two unread notifications (phone).
    const v2 = await loggedInPage(env.chrome.browser, env.app.baseUrl, vol.phone, vol.password, { mobile: true })
    try {
      await v2.page.goto('/me/hours')
      const reversal = v2.page.locator('[data-testid^="hours-entry-"][data-kind="reversal"]')
      const replacement = v2.page.locator('[data-testid^="hours-entry-"][data-kind="correction"]')
      await reversal.waitFor()
      assert.equal(await reversal.getAttribute('data-minutes'), '-15')
      assert.equal(await replacement.getAttribute('data-minutes'), '45')
      assert.equal(await replacement.getAttribute('data-status'), 'confirmed')
      assert.match(await replacement.locator('[data-testid="entry-reason"]').innerText(), /申诉处理：经现场负责人核实/)
      assert.equal(await byTestId(v2.page, `hours-entry-${entryId}`).locator('[data-testid="entry-reversed"]').count(), 1)
      assert.equal(await byTestId(v2.page, 'hours-confirmed').getAttribute('data-minutes'), '45')
      assert.equal((await byTestId(v2.page, 'hours-confirmed').innerText()).trim(), '0.75 小时')
      const appeal = byTestId(v2.page, `my-appeal-${appealId}`)
      assert.equal(await appeal.getAttribute('data-status'), 'accepted')
      assert.equal((await appeal.locator('[data-testid="my-appeal-status"]').innerText()).trim(), '已采纳')
      assert.match(await appeal.locator('[data-testid="my-appeal-decision"]').innerText(), /按 45 分钟更正[\s\S]*更正记录 #\d+/)
      await screenshot(v2.page, 'e7-my-hours-appeal-accepted-phone-390')

      // The bell counts the unread notifications (服务时长已更正, 申诉已受理) and opens the list.
      const bell = byTestId(v2.page, 'nav-bell')
      await v2.page.waitForFunction(() => document.querySelector('[data-testid="nav-bell"]')?.getAttribute('data-count') === '2')
      assert.match(await byTestId(v2.page, 'nav-bell-badge').innerText(), /2/)
      await bell.click()
      await v2.page.waitForURL('**/me/notifications')
      const list = byTestId(v2.page, 'notifications-list')
      await list.getByText('申诉已受理').waitFor()
      assert.match(await list.innerText(), /服务时长已更正[\s\S]*由15分钟更正为45分钟/)
      assert.equal(await list.locator('[data-read="false"]').count(), 2)
      await screenshot(v2.page, 'e8-notifications-phone-390')
      await list.locator('[data-testid="notification-link"]').first().click()
      await v2.page.waitForURL('**/me/hours')
      assert.deepEqual(unexpectedProblems(v2.problems), [])
    } finally {
      await v2.context.close()
    }
  })

  test('an organiser records past work, the county approves it, and the sheets download', async () => {
    const boss = await organiser('黄志强')
    const vol = await registerVolunteer(env.app.baseUrl, { name: '李晓梅' })
    const title = `江南社区长者探访${suffix()}`
    // Past work: an activity of yesterday, kept as a draft (a past activity cannot be published).
    const starts = new Date(Date.now() - 28 * 3600_000)
    const act = await activity(boss, { title, starts, ends: new Date(starts.getTime() + 4 * 3600_000), draft: true })
    const day = chinaDay(starts)
    const year = day.slice(0, 4)

    // 1. 补录 in the console (desktop).
    const o = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password)
    let retroId
    try {
      await o.page.goto(`/org/activities/${act.id}/console`)
      await byTestId(o.page, 'console-title').waitFor()
      await o.page.getByRole('tab', { name: '补录' }).click()
      await byTestId(o.page, 'retro-form').waitFor()
      await fillField(o.page, 'retro-number', vol.volunteer.volunteer_number)
      await fillDateTime(o.page, 'retro-date', day)
      await fillField(o.page, 'retro-minutes', '90')
      await fillField(o.page, 'retro-reason', '志愿者手机没电未能扫码签到，现场负责人证明其参加了 1.5 小时')
      await screenshot(o.page, 'f1-retro-form')
      await byTestId(o.page, 'retro-submit').click()
      const made = o.page.locator('[data-testid^="retro-created-"][data-status]')
      await made.waitFor()
      assert.equal(await made.getAttribute('data-status'), 'awaiting_county')
      assert.equal((await made.locator('[data-testid="retro-created-status"]').innerText()).trim(), '待县区审核')
      retroId = Number((await made.getAttribute('data-testid')).replace('retro-created-', ''))
      await byTestId(o.page, 'retro-table').getByText('李晓梅').waitFor()

      // More than the activity's 4 hours in total is refused with the server's reason beside the field.
      await fillField(o.page, 'retro-number', vol.volunteer.volunteer_number)
      await fillDateTime(o.page, 'retro-date', day)
      await fillField(o.page, 'retro-minutes', '200')
      await fillField(o.page, 'retro-reason', '重复补录')
      await byTestId(o.page, 'retro-submit').click()
      await byTestId(o.page, 'retro-form').getByText(/将超过活动时长240分钟/).waitFor()
      await screenshot(o.page, 'f2-retro-created')
      assert.deepEqual(unexpectedProblems(o.problems), [])
    } finally {
      await o.context.close()
    }

    // 2. The county admin sees the 补录 with its reason and approves it.
    const c = await loggedInPage(env.chrome.browser, env.app.baseUrl, countyLogin.phone, countyLogin.password)
    try {
      await c.page.goto('/admin/ledger-reviews')
      await byTestId(c.page, `ledger-kind-${retroId}`).waitFor()
      assert.equal((await byTestId(c.page, `ledger-kind-${retroId}`).innerText()).trim(), '补录')
      assert.match(await byTestId(c.page, `ledger-reason-${retroId}`).innerText(), /补录原因：志愿者手机没电/)
      await screenshot(c.page, 'f3-ledger-review-retro')
      await byTestId(c.page, `ledger-approve-${retroId}`).click()
      await c.page.locator(`[data-testid="ledger-status-${retroId}"]`, { hasText: '已确认' }).waitFor()
      assert.deepEqual(unexpectedProblems(c.problems), [])
    } finally {
      await c.context.close()
    }

    // 3. The organiser corrects the approved entry, then the replacement; exports the sheets.
    const o2 = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password)
    try {
      await o2.page.goto(`/org/activities/${act.id}/console?tab=correct`)
      await byTestId(o2.page, `correct-${retroId}`).click()
      await fillField(o2.page, 'correct-minutes', '60')
      await chooseOption(o2.page, 'correct-reason-code', '时间有误')
      await fillField(o2.page, 'correct-reason', '实际服务 1 小时')
      await byTestId(o2.page, 'correct-save').click()
      await byTestId(o2.page, 'corrections-made').waitFor()
      await o2.page.waitForFunction(
        (id) => document.querySelector(`[data-testid="entry-row-${id}"]`)?.getAttribute('data-reversed') === 'true',
        retroId,
      )
      const first = o2.page.locator('[data-testid^="entry-row-"][data-kind="correction"]')
      await first.waitFor()
      const firstId = Number((await first.getAttribute('data-testid')).replace('entry-row-', ''))
      // The replacement can itself be corrected.
      await byTestId(o2.page, `correct-${firstId}`).click()
      await fillField(o2.page, 'correct-minutes', '45')
      await chooseOption(o2.page, 'correct-reason-code', '时间有误')
      await fillField(o2.page, 'correct-reason', '再次核实：45 分钟')
      await byTestId(o2.page, 'correct-save').click()
      await o2.page.waitForFunction(
        (id) => document.querySelector(`[data-testid="entry-row-${id}"]`)?.getAttribute('data-reversed') === 'true',
        firstId,
      )
      assert.equal(await byTestId(o2.page, `correct-${firstId}`).count(), 0)
      assert.equal(await o2.page.locator('[data-testid^="entry-row-"][data-kind="reversal"]').count(), 2)
      await screenshot(o2.page, 'f4-corrections-list')
      const entries = await boss.api.get(`/api/v1/activities/${act.id}/ledger-entries`)
      assert.deepEqual(
        entries.json.items.filter((e) => e.status === 'confirmed').reduce((s, e) => s + e.minutes, 0),
        45,
      )

      // 考勤表 of the activity (none recorded here: a header-only sheet), as CSV and Excel.
      await o2.page.getByRole('tab', { name: '现场考勤' }).click()
      const csv = await downloadOf(o2.page, byTestId(o2.page, 'attendance-export-csv'))
      assert.equal(csv.name, `attendance-${act.id}.csv`)
      assert.match(csv.bytes.toString('utf8'), /^\ufeff?志愿者编号,姓名,服务日期,签到时间,签退时间/)
      const xlsx = await downloadOf(o2.page, byTestId(o2.page, 'attendance-export-xlsx'))
      assert.equal(xlsx.name, `attendance-${act.id}.xlsx`)
      assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK')

      // The organisation's hours of the year, reached from its page.
      await o2.page.goto(`/organizations/${boss.org.id}`)
      await byTestId(o2.page, 'org-hours').click()
      await o2.page.waitForURL(`**/org/${boss.org.id}/hours**`)
      const vid = vol.volunteer.id
      // (Yesterday may have been last year on 1 January.)
      if (year !== String(new Date(Date.now() + 8 * 3600_000).getUTCFullYear())) {
        await chooseOption(o2.page, 'org-hours-year', `${year} 年`)
      }
      await byTestId(o2.page, `org-hours-row-${vid}`).waitFor()
      await waitForText(o2.page, `org-hours-confirmed-${vid}`, '0.75 小时')
      assert.equal(await byTestId(o2.page, 'org-hours-total-confirmed').getAttribute('data-minutes'), '45')
      await screenshot(o2.page, 'f5-org-hours')
      const hoursCsv = await downloadOf(o2.page, byTestId(o2.page, 'org-hours-export-csv'))
      assert.equal(hoursCsv.name, `hours-${boss.org.id}-${year}.csv`)
      assert.match(hoursCsv.bytes.toString('utf8'), new RegExp(`${vol.volunteer.volunteer_number},李晓梅,45,0`))
      const hoursXlsx = await downloadOf(o2.page, byTestId(o2.page, 'org-hours-export-xlsx'))
      assert.equal(hoursXlsx.name, `hours-${boss.org.id}-${year}.xlsx`)
      assert.equal(hoursXlsx.bytes.subarray(0, 2).toString('latin1'), 'PK')
      assert.deepEqual(unexpectedProblems(o2.problems), [])
    } finally {
      await o2.context.close()
    }

    // 4. The organisation's hours page on a phone.
    const o3 = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password, { mobile: true })
    try {
      await o3.page.goto(`/org/${boss.org.id}/hours?year=${year}`)
      await byTestId(o3.page, `org-hours-row-${vol.volunteer.id}`).waitFor()
      await screenshot(o3.page, 'f6-org-hours-phone-390')
      await byTestId(o3.page, 'nav-toggle').click()
      await byTestId(o3.page, 'drawer-nav-org-appeals').waitFor()
      await screenshot(o3.page, 'f7-menu-phone-390')
      assert.deepEqual(unexpectedProblems(o3.problems), [])
    } finally {
      await o3.context.close()
    }
  })
})
