// Stories (c), (d) and (e): activities, sign-up, QR check-in/out, confirmation, the hours record, a correction,
// and the volunteer's QR pass 志愿者码 scanned in the organiser's console.
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  byTestId,
  chinaPicker,
  chinaRfc3339,
  chooseOption,
  confirmMessageBox,
  createActivity,
  createCountyAdmin,
  createOrganiser,
  fillDateTime,
  fillField,
  loggedInPage,
  newPage,
  registerVolunteer,
  screenshot,
  skipReason,
  storyEnv,
  suffix,
  unexpectedProblems,
  waitForText,
} from './support/helpers.mjs'

// The in-memory mock (ZY_E2E_MOCK=1) has no activities: these stories need the real server.
const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no activities' : null)


describe('activities, attendance and the hours record', { skip: reason ?? false }, () => {
  const env = storyEnv()
  let county // a county admin's API client

  before(async () => {
    county = (await createCountyAdmin(env.app)).api
  })

  /** A volunteer who applied for an organisation, approved by the county admin: now its org admin. */
  function organiser(name = '黄志强') {
    return createOrganiser(env.app.baseUrl, county, {
      name,
      orgName: `梅江区助老志愿服务队${suffix()}`,
      description: '组织社区助老、陪伴长者。',
    })
  }

  test('a volunteer finds an activity, signs up, checks in and out with the QR token, and sees confirmed hours', async () => {
    const boss = await organiser('黄志强')
    const vol = await registerVolunteer(env.app.baseUrl, {
      name: '李晓梅',
      service_categories: ['助老助残'],
      skills: ['急救'],
    })
    const title = `江南社区长者陪伴与健康讲座${suffix()}`
    const starts = new Date(Date.now() + 10 * 60_000)
    const ends = new Date(starts.getTime() + 2 * 3600_000)

    // 1. The organiser creates and publishes the activity in the console (desktop).
    const o = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password)
    let activityId
    try {
      // From the organisation's page to its activity console.
      await o.page.goto(`/organizations/${boss.org.id}`)
      await byTestId(o.page, 'org-activities-console').click()
      await o.page.waitForURL(`**/org/${boss.org.id}/activities`)
      await byTestId(o.page, 'orgact-create').click()
      await byTestId(o.page, 'af-title').first().waitFor()
      await fillField(o.page, 'af-title', title)
      await chooseOption(o.page, 'af-category', '助老助残')
      await fillField(o.page, 'af-recipients', '江南街道独居长者')
      await fillField(o.page, 'af-content', '上门陪伴独居长者聊天、读报，协助社区医生开展健康讲座和血压测量。')
      await fillField(o.page, 'af-requirements', '有耐心，会讲客家话者优先。')
      await fillField(o.page, 'af-risks', '注意交通安全；长者身体不适时及时联系社区医生。')
      await fillDateTime(o.page, 'af-starts-at', chinaPicker(starts))
      await fillDateTime(o.page, 'af-ends-at', chinaPicker(ends))
      await fillField(o.page, 'af-address', '梅江区江南街道江南社区居委会')
      await fillField(o.page, 'af-latitude', '24.288600')
      await fillField(o.page, 'af-longitude', '116.122600')
      await fillField(o.page, 'af-quota', '30')
      await fillField(o.page, 'af-contact-name', '黄志强')
      await fillField(o.page, 'af-contact-phone', boss.phone)
      await screenshot(o.page, 'c1-activity-form')
      await byTestId(o.page, 'af-save').click()
      await byTestId(o.page, 'activity-form-dialog').waitFor({ state: 'hidden' })

      const link = o.page.locator('[data-testid^="orgact-title-"]', { hasText: title })
      await link.waitFor()
      activityId = Number((await link.getAttribute('data-testid')).replace('orgact-title-', ''))
      assert.ok(activityId > 0)
      await waitForText(o.page, `orgact-status-${activityId}`, '草稿')

      // The API got RFC 3339 with +08:00 for what was picked.
      const draft = await boss.api.get(`/api/v1/activities/${activityId}`)
      assert.equal(draft.json.starts_at, chinaRfc3339(new Date(Math.floor(starts.getTime() / 60_000) * 60_000)))
      assert.equal(draft.json.latitude, 24.2886)

      await byTestId(o.page, `orgact-publish-${activityId}`).click()
      await confirmMessageBox(o.page)
      await waitForText(o.page, `orgact-status-${activityId}`, '已发布')
      await screenshot(o.page, 'c2-org-activities')
    } finally {
      await o.context.close()
    }

    // 2. The volunteer finds it on /activities and signs up on the phone.
    const v = await loggedInPage(env.chrome.browser, env.app.baseUrl, vol.phone, vol.password, { mobile: true })
    try {
      await v.page.goto('/activities')
      await byTestId(v.page, `activity-card-${activityId}`).waitFor()
      await fillField(v.page, 'activities-q', title.slice(0, 8))
      await byTestId(v.page, 'activities-search').click()
      await byTestId(v.page, `activity-card-${activityId}`).waitFor()
      await screenshot(v.page, 'c3-activities-phone-390')

      // 推荐 shows it too, with the reasons.
      await v.page.getByRole('tab', { name: '为我推荐' }).click()
      const rec = byTestId(v.page, 'activities-recommended').locator(`[data-testid="activity-card-${activityId}"]`)
      await rec.waitFor()
      assert.match(await rec.locator('[data-testid="activity-reasons"]').innerText(), /助老助残|梅江区/)

      await rec.locator(`[data-testid="activity-link-${activityId}"]`).click()
      await v.page.waitForURL(`**/activities/${activityId}`)
      assert.equal((await byTestId(v.page, 'activity-title').innerText()).trim(), title)
      assert.match(await byTestId(v.page, 'activity-coords').innerText(), /24\.288600, 116\.122600/)
      await byTestId(v.page, 'signup-button').click()
      await waitForText(v.page, 'my-signup-status', '已录取')
      // The page refreshes the counts after the sign-up (asynchronously): wait for them, then check.
      await byTestId(v.page, 'activity-quota').filter({ hasText: /已录取 1 \/ 30 人/ }).waitFor()
      assert.match(await byTestId(v.page, 'activity-quota').innerText(), /已录取 1 \/ 30 人/)
      await screenshot(v.page, 'c4-activity-signed-up-phone-390')

      // Signing up again is refused by the server.
      const again = await vol.api.post(`/api/v1/activities/${activityId}/signups`, {})
      assert.equal(again.status, 409)
      assert.deepEqual(unexpectedProblems(v.problems), [])
    } finally {
      await v.context.close()
    }

    // 3. On site: the organiser's QR token; a phone that is not logged in opens /checkin/{id}?token=…,
    //    is sent to the log-in page, and comes back to check in.
    const v1 = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
    try {
      const tok = await boss.api.get(`/api/v1/activities/${activityId}/checkin-token`)
      assert.match(tok.json.checkin_url, new RegExp(`/checkin/${activityId}\\?token=`))
      const scanned = `/checkin/${activityId}?token=${encodeURIComponent(tok.json.token)}`
      await v1.page.goto(scanned)
      await v1.page.waitForURL('**/login?redirect=**')
      assert.equal(new URL(v1.page.url()).searchParams.get('redirect'), `/checkin/${activityId}?token=${tok.json.token}`)
      await fillField(v1.page, 'login-phone', vol.phone)
      await fillField(v1.page, 'login-password', vol.password)
      await byTestId(v1.page, 'login-submit').click()
      await v1.page.waitForURL(`**/checkin/${activityId}?token=*`)
      const v = v1
      await byTestId(v.page, 'checkin-title').waitFor()
      await byTestId(v.page, 'checkin-in').click()
      await byTestId(v.page, 'checkin-result').waitFor()
      assert.equal(await byTestId(v.page, 'checkin-result').getAttribute('data-action'), 'in')
      await screenshot(v.page, 'c5-checked-in-phone-390')

      // Checking in twice is refused with the server's Chinese reason.
      await byTestId(v.page, 'checkin-in').click()
      await byTestId(v.page, 'checkin-error').waitFor()
      assert.equal(await byTestId(v.page, 'checkin-error').getAttribute('data-code'), 'already_checked_in')
      assert.match(await byTestId(v.page, 'checkin-error').innerText(), /已签到/)

      // A fresh token (it changes every 30 s) to check out.
      const tok2 = await boss.api.get(`/api/v1/activities/${activityId}/checkin-token`)
      await v.page.goto(`/checkin/${activityId}?token=${encodeURIComponent(tok2.json.token)}`)
      await byTestId(v.page, 'checkin-out').click()
      await byTestId(v.page, 'checkin-result').waitFor()
      assert.equal(await byTestId(v.page, 'checkin-result').getAttribute('data-action'), 'out')
      const minutes = Number(await byTestId(v.page, 'checkin-minutes').getAttribute('data-minutes'))
      assert.ok(minutes >= 0 && minutes <= 1, `minutes ${minutes}`)
      await screenshot(v.page, 'c6-checked-out-phone-390')
      assert.deepEqual(unexpectedProblems(v.problems), [])
    } finally {
      await v1.context.close()
    }

    // 4. The organiser looks at the QR code and the live list, and confirms the hours.
    const o2 = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password)
    try {
      await o2.page.goto(`/org/${boss.org.id}/activities`)
      await byTestId(o2.page, `orgact-console-${activityId}`).click()
      await o2.page.waitForURL(`**/org/activities/${activityId}/console**`)
      await byTestId(o2.page, 'console-title').waitFor()

      await o2.page.getByRole('tab', { name: '签到二维码' }).click()
      const img = byTestId(o2.page, 'qr-img')
      await img.waitFor()
      await o2.page.waitForFunction(() => {
        const i = document.querySelector('[data-testid="qr-img"]')
        return i && i.complete && i.naturalWidth > 0
      })
      const src1 = await img.getAttribute('src')
      assert.match(src1, new RegExp(`/api/v1/activities/${activityId}/checkin-qr\\.svg\\?t=\\d+`))
      const seconds = Number(await byTestId(o2.page, 'qr-countdown').getAttribute('data-seconds'))
      assert.ok(seconds > 0 && seconds <= 60, `countdown ${seconds}`)
      await screenshot(o2.page, 'c7-console-qr')
      await byTestId(o2.page, 'qr-refresh').click()
      await o2.page.waitForFunction(
        (before) => document.querySelector('[data-testid="qr-img"]')?.getAttribute('src') !== before,
        src1,
      )
      await byTestId(o2.page, 'qr-fullscreen').click()
      await byTestId(o2.page, 'qr-full').waitFor()
      await screenshot(o2.page, 'c8-console-qr-fullscreen')
      await byTestId(o2.page, 'qr-exit-fullscreen').click()
      await byTestId(o2.page, 'qr-full').waitFor({ state: 'detached' })

      await o2.page.getByRole('tab', { name: '现场考勤' }).click()
      await byTestId(o2.page, 'attendance-table').getByText('李晓梅').waitFor()
      await screenshot(o2.page, 'c9-console-attendance')

      await o2.page.getByRole('tab', { name: '确认时长' }).click()
      await byTestId(o2.page, 'confirm-table').getByText('李晓梅').waitFor()
      await byTestId(o2.page, 'confirm-all').click()
      await confirmMessageBox(o2.page)
      await byTestId(o2.page, 'confirm-result-confirmed').waitFor()
      assert.equal(await byTestId(o2.page, 'confirm-result-confirmed').getAttribute('data-count'), '1')
      await o2.page.locator('[data-testid^="confirm-status-"]', { hasText: '已确认' }).first().waitFor()
      await screenshot(o2.page, 'c10-console-confirmed')
      assert.deepEqual(unexpectedProblems(o2.problems), [])
    } finally {
      await o2.context.close()
    }

    // 5. The volunteer sees the confirmed entry on /me/hours.
    const v2 = await loggedInPage(env.chrome.browser, env.app.baseUrl, vol.phone, vol.password, { mobile: true })
    try {
      await v2.page.goto('/me/hours')
      const entry = v2.page.locator('[data-testid^="hours-entry-"][data-kind="attendance"]')
      await entry.waitFor()
      assert.equal(await entry.getAttribute('data-status'), 'confirmed')
      assert.equal((await entry.locator('[data-testid="entry-status"]').innerText()).trim(), '已确认')
      assert.match(await entry.innerText(), new RegExp(title))
      const confirmedMinutes = Number(await byTestId(v2.page, 'hours-confirmed').getAttribute('data-minutes'))
      assert.equal(confirmedMinutes, Number(await entry.getAttribute('data-minutes')))
      assert.match(await byTestId(v2.page, 'hours-confirmed').innerText(), /小时/)
      await screenshot(v2.page, 'c11-my-hours-phone-390')

      await v2.page.goto('/me/activities')
      await byTestId(v2.page, 'my-signups').getByText(title).first().waitFor()
      assert.deepEqual(unexpectedProblems(v2.problems), [])
    } finally {
      await v2.context.close()
    }
  })

  test('an organiser corrects an entry and the volunteer sees the reversal', async () => {
    const boss = await organiser('邓建华')
    const vol = await registerVolunteer(env.app.baseUrl, { name: '钟丽娟' })
    const title = `梅江河畔环保清洁行动${suffix()}`
    const starts = new Date(Date.now() + 10 * 60_000)
    const ends = new Date(starts.getTime() + 3 * 3600_000)

    // Set-up through the API: a published activity, a sign-up, a 15-minute session (the organiser records
    // the check-in 15 minutes ago by hand, the volunteer checks out with the QR token) and its confirmation.
    const { id } = await createActivity(boss, {
      title,
      starts,
      ends,
      recipients: '梅江河沿岸居民',
      content: '沿梅江河堤清理垃圾、宣传垃圾分类。',
    })
    await vol.api.post(`/api/v1/activities/${id}/signups`, {}, 201)
    await boss.api.post(
      `/api/v1/activities/${id}/attendance`,
      {
        volunteer_number: vol.volunteer.volunteer_number,
        action: 'check_in',
        at: chinaRfc3339(new Date(Date.now() - 15 * 60_000)),
      },
      201,
    )
    const tok = await boss.api.get(`/api/v1/activities/${id}/checkin-token`)
    const out = await vol.api.post(`/api/v1/activities/${id}/check-outs`, { token: tok.json.token }, 201)
    assert.equal(out.json.minutes, 15)
    const confirmed = await boss.api.post(`/api/v1/activities/${id}/confirmations`, {}, 200)
    assert.deepEqual(confirmed.json.confirmed, [out.json.ledger_entry_id])

    // The organiser corrects it in the console: 10 minutes, 时间有误.
    const o = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password)
    try {
      await o.page.goto(`/org/activities/${id}/console`)
      await o.page.getByRole('tab', { name: '更正' }).click()
      // The 更正 tab lists the activity's ledger entries (correct-<entry id>).
      await byTestId(o.page, `correct-${out.json.ledger_entry_id}`).click()
      await fillField(o.page, 'correct-minutes', '10')
      await chooseOption(o.page, 'correct-reason-code', '时间有误')
      await fillField(o.page, 'correct-reason', '签到时间登记有误，实际服务 10 分钟')
      await screenshot(o.page, 'd1-correction-dialog')
      await byTestId(o.page, 'correct-save').click()
      await byTestId(o.page, 'corrections-made').waitFor()
      assert.match(await byTestId(o.page, 'correction-reversal').innerText(), /冲销[\s\S]*-15/)
      assert.match(await byTestId(o.page, 'correction-replacement').innerText(), /更正[\s\S]*10/)
      await screenshot(o.page, 'd2-correction-done')
      assert.deepEqual(unexpectedProblems(o.problems), [])
    } finally {
      await o.context.close()
    }

    // The volunteer's record shows the original, the reversal (negative) and the replacement, with the reason.
    const v = await loggedInPage(env.chrome.browser, env.app.baseUrl, vol.phone, vol.password, { mobile: true })
    try {
      await v.page.goto('/me/hours')
      const reversal = v.page.locator('[data-testid^="hours-entry-"][data-kind="reversal"]')
      const replacement = v.page.locator('[data-testid^="hours-entry-"][data-kind="correction"]')
      const original = v.page.locator('[data-testid^="hours-entry-"][data-kind="attendance"]')
      await reversal.waitFor()
      assert.equal(await reversal.getAttribute('data-minutes'), '-15')
      assert.equal((await reversal.locator('[data-testid="entry-kind"]').innerText()).trim(), '冲销')
      assert.match(await reversal.locator('[data-testid="entry-hours"]').innerText(), /^-0\.25 小时$/)
      assert.match(await reversal.locator('[data-testid="entry-reason"]').innerText(), /时间有误：签到时间登记有误/)
      assert.equal(await replacement.getAttribute('data-minutes'), '10')
      assert.equal((await replacement.locator('[data-testid="entry-kind"]').innerText()).trim(), '更正')
      assert.equal((await replacement.locator('[data-testid="entry-status"]').innerText()).trim(), '已确认')
      assert.match(await replacement.locator('[data-testid="entry-reason"]').innerText(), /签到时间登记有误/)
      assert.equal(await original.getAttribute('data-minutes'), '15')
      // The total is the sum of the confirmed entries: 15 − 15 + 10.
      assert.equal(await byTestId(v.page, 'hours-confirmed').getAttribute('data-minutes'), '10')
      assert.equal((await byTestId(v.page, 'hours-confirmed').innerText()).trim(), '0.17 小时')
      await screenshot(v.page, 'd3-my-hours-corrected-phone-390')
      assert.deepEqual(unexpectedProblems(v.problems), [])
    } finally {
      await v.context.close()
    }
  })

  test("a volunteer shows the QR pass and the organiser scans it into the live list", async () => {
    const boss = await organiser('罗伟东')
    const vol = await registerVolunteer(env.app.baseUrl, { name: '谢雨婷' })
    const starts = new Date(Date.now() + 10 * 60_000)
    const { id } = await createActivity(boss, {
      title: `东山社区义诊志愿服务${suffix()}`,
      starts,
      ends: new Date(starts.getTime() + 2 * 3600_000),
      category: '助老助残',
      recipients: '东山社区长者',
      content: '协助医生开展义诊、测量血压。',
      requirements: '',
      risks: '注意防暑',
      address: '梅江区东山社区服务中心',
      quota: 10,
    })
    await vol.api.post(`/api/v1/activities/${id}/signups`, {}, 201)

    // The volunteer opens 我的志愿者码 on a phone: the QR image loads, with the countdown and the hint.
    const v = await loggedInPage(env.chrome.browser, env.app.baseUrl, vol.phone, vol.password, { mobile: true })
    try {
      const svg = v.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/pass.svg')
      await v.page.goto('/me/pass')
      const res = await svg
      assert.equal(res.status(), 200)
      await byTestId(v.page, 'pass-img').waitFor()
      assert.match(await byTestId(v.page, 'pass-img').getAttribute('src'), /\/api\/v1\/me\/pass\.svg\?t=\d+/)
      await v.page.waitForFunction(() => {
        const img = document.querySelector('[data-testid="pass-img"]')
        return img && img.complete && img.naturalWidth > 0
      })
      const seconds = Number(await byTestId(v.page, 'pass-countdown').getAttribute('data-seconds'))
      assert.ok(seconds > 0 && seconds <= 60, `countdown ${seconds}`)
      assert.equal((await byTestId(v.page, 'pass-hint').innerText()).trim(), '请向活动组织方出示，二维码每30秒更新')
      await screenshot(v.page, 'e1-my-pass-phone-390')
      assert.deepEqual(unexpectedProblems(v.problems), [])
    } finally {
      await v.context.close()
    }

    // The organiser scans it (the scanner types the token and presses Enter) on 现场考勤.
    const pass = await vol.api.get('/api/v1/me/pass')
    assert.match(pass.json.token, /^P/)
    const o = await loggedInPage(env.chrome.browser, env.app.baseUrl, boss.phone, boss.password)
    try {
      await o.page.goto(`/org/activities/${id}/console`)
      await o.page.getByRole('tab', { name: '现场考勤' }).click()
      // (the el-input's data-testid lands on the <input> itself)
      const input = o.page.locator('input[data-testid="scan-input"], [data-testid="scan-input"] input').first()
      // Not a pass: refused in place, nothing sent.
      await input.fill('MZ0001')
      await input.press('Enter')
      await waitForText(o.page, 'scan-error', '这不是志愿者码，请扫描志愿者“我的志愿者码”页面上的二维码')
      // A forged pass: the server's refusal (422 invalid_pass) shows in place.
      const posted = o.page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/activities/${id}/attendance`,
      )
      await input.fill('P1.1.forged')
      await input.press('Enter')
      assert.equal((await posted).status(), 422)
      await o.page.waitForFunction(() => {
        const text = document.querySelector('[data-testid="scan-error"]')?.textContent?.trim() ?? ''
        return text !== '' && !text.startsWith('这不是志愿者码')
      })
      await input.fill(pass.json.token)
      await input.press('Enter')
      await waitForText(o.page, 'scan-done', '谢雨婷：签到成功')
      await byTestId(o.page, 'attendance-table').getByText('谢雨婷').waitFor()
      const list = await boss.api.get(`/api/v1/activities/${id}/attendance`)
      assert.equal(list.json.items.length, 1)
      assert.equal(list.json.items[0].volunteer_number, vol.volunteer.volunteer_number)
      assert.equal(list.json.items[0].check_out_at, null)
      await screenshot(o.page, 'e2-console-scan-pass')
      assert.deepEqual(unexpectedProblems(o.problems), [])
    } finally {
      await o.context.close()
    }
  })
})
