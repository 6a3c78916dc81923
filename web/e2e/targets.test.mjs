// Story (i): the target desk 测评考核, on the demo data of `zhiyuan serve --demo`.
// - 五华县's county admin sees only 五华县 (and the city): its registration rate far below the 10% line of the
//   ranking chart with "还需 … 人注册达到 10%", the population year (人口数据为2022年), the formula behind the figure;
//   downloads the assessment table as XLSX (a ZIP that holds 五华县 and no other county); another year; a phone.
// - The city admin sees every county, records 五华县's League member count — the server's 422 messages show beside
//   the field first — and the League registration rate appears with its gap.
// - The city admin freezes the year as a snapshot 快照 (the server's message beside the name first), views it — a
//   banner, no recording — downloads its PDF, and goes back to the live figures.
// - The city admin sees the registration trend 趋势 and opens 五华县's drill-down 下钻: its organisations and units.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  apiLogin,
  byTestId,
  chooseOption,
  downloadOf,
  fillField,
  loggedInPage,
  screenshot,
  skipReason,
  storyEnv,
  unexpectedProblems,
  waitForText,
  zipEntries,
} from './support/helpers.mjs'

const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no demo data or targets' : null)
const PASSWORD = 'Zhiyuan@2026'
const WUHUA_ADMIN = '13800000015' // 五华县团委管理员 (demo: county admins 13800000011… in county order)
const CITY_ADMIN = '13800000001'
const WUHUA = '441424'
const CITY = '441400'

const text = async (page, id) => (await byTestId(page, id).first().innerText()).trim()
/** 43762 → "43,762", as the page writes counts. */
const count = (n) => n.toLocaleString('en-US')
/** This year in Beijing (the desk's default). */
const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))

describe('the target desk 测评考核', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })
  const login = (phone, options) => loggedInPage(env.chrome.browser, env.app.baseUrl, phone, PASSWORD, options)

  test('a county admin sees 五华县 below 10% with the gap, exports the XLSX', async () => {
    const year = thisYear()
    const api = await apiLogin(env.app.baseUrl, WUHUA_ADMIN, PASSWORD)
    const desk = (await api.get(`/api/v1/targets?year=${year}`)).json
    assert.deepEqual(desk.counties.map((c) => c.name), ['五华县'], 'a county admin sees their own county')
    const wuhua = desk.counties[0]
    assert.ok(wuhua.registration_rate !== null && wuhua.registration_rate < 0.1, `rate ${wuhua.registration_rate}`)
    assert.ok(wuhua.registration_gap > 0)

    const c = await login(WUHUA_ADMIN)
    try {
      await c.page.goto('/admin/targets')
      await byTestId(c.page, 'targets-desk').waitFor()
      assert.equal(await byTestId(c.page, 'targets-desk').getAttribute('data-year'), String(year))
      // Their county and the city (the sum of the counties), nothing else.
      const cards = await c.page.locator('[data-testid^="target-card-"]').evaluateAll((els) => els.map((e) => e.dataset.testid))
      assert.deepEqual(cards, [`target-card-${WUHUA}`, `target-card-${CITY}`])
      assert.equal(await text(c.page, `target-name-${WUHUA}`), '五华县')

      // Registration: below the target, in red, with the gap in words.
      const reg = byTestId(c.page, `target-${WUHUA}-registration`)
      assert.equal(await reg.getAttribute('data-status'), 'fail')
      assert.equal(await text(c.page, `target-${WUHUA}-registration-status`), '未达标')
      const rateText = await text(c.page, `target-${WUHUA}-registration-rate`)
      assert.match(rateText, /^0\.\d+%$/)
      assert.equal(await text(c.page, `target-${WUHUA}-registration-gap`), `还需 ${count(wuhua.registration_gap)} 人注册达到 10%`)
      assert.equal(
        await text(c.page, `target-${WUHUA}-registration-ratio`),
        `注册志愿者 ${count(wuhua.registered)} / 常住人口 ${count(wuhua.population)}`,
      )
      const red = await byTestId(c.page, `target-${WUHUA}-registration-rate`).evaluate((e) => getComputedStyle(e).color)
      assert.equal(red, 'rgb(217, 48, 37)', 'a failed figure is red')
      // The demo's population is of 2022: the page says so (once for the desk, once beside the figure).
      assert.ok(wuhua.population_year < year)
      assert.equal(await text(c.page, 'targets-population-note'), `人口数据为${wuhua.population_year}年`)
      assert.equal(await text(c.page, `target-${WUHUA}-registration-stale`), `（人口数据为${wuhua.population_year}年）`)
      // Certificates and cards: the gap in persons.
      assert.equal(await text(c.page, `target-${WUHUA}-certificate-gap`), `还需 ${count(wuhua.certificate_gap)} 人持证达到 30%`)
      assert.equal(await text(c.page, `target-${WUHUA}-card-gap`), `还需 ${count(wuhua.card_gap)} 人持卡达到 15%`)
      // The formula behind the figure, as a tooltip.
      await byTestId(c.page, `target-${WUHUA}-registration-formula`).hover()
      const tip = c.page.locator('.el-popper:visible', { hasText: desk.formulas.registration_rate })
      await tip.waitFor()
      await c.page.mouse.move(0, 0)
      assert.match(await text(c.page, 'targets-formulas'), /注册志愿者人数 ÷ 常住人口/)

      // The ranking chart (echarts, loaded for this page only): 五华县 below the 10% line.
      const chart = c.page.locator('[data-testid="targets-chart-registration"][data-state="ready"]')
      await chart.waitFor()
      assert.equal(await chart.getAttribute('data-below'), '五华县')
      const svgText = await chart.locator('svg').evaluate((svg) => [...svg.querySelectorAll('text')].map((t) => t.textContent))
      assert.ok(svgText.includes('五华县'), svgText.join('|'))
      assert.ok(svgText.includes('目标 10%'), 'the target line is labelled')
      assert.ok(svgText.includes(rateText), `the bar is labelled ${rateText}: ${svgText.join('|')}`)
      // The bar ends left of the target line (bars and the dashed line are SVG paths).
      const geometry = await chart.locator('svg').evaluate((svg) => {
        const line = [...svg.querySelectorAll('path')].find((p) => p.getAttribute('stroke-dasharray'))
        const bars = [...svg.querySelectorAll('path')].filter((p) => p.getAttribute('fill') === '#d93025')
        return { line: line?.getBoundingClientRect().left ?? null, bar: bars.length ? Math.max(...bars.map((b) => b.getBoundingClientRect().right)) : null }
      })
      assert.ok(geometry.line !== null, 'a dashed target line')
      if (geometry.bar !== null) assert.ok(geometry.bar < geometry.line, `bar ends at ${geometry.bar}, line at ${geometry.line}`)
      await byTestId(c.page, 'targets-chart-credentials').and(c.page.locator('[data-state="ready"]')).waitFor()
      await screenshot(c.page, 'i1-targets-county')

      // 导出 XLSX: the assessment table of the same scope.
      const xlsx = await downloadOf(c.page, byTestId(c.page, 'targets-export-xlsx'))
      assert.equal(xlsx.name, `assessment-${year}.xlsx`)
      assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK')
      const files = zipEntries(xlsx.bytes)
      const cells = [...files.entries()]
        .filter(([name]) => name.startsWith('xl/'))
        .map(([, data]) => data.toString('utf8'))
        .join('\n')
      assert.match(cells, /五华县/)
      assert.match(cells, /梅州市/)
      assert.doesNotMatch(cells, /梅江区/, 'only the county admin’s own county')

      // Another year: the population of 2022 is that year's own, so no note.
      await chooseOption(c.page, 'targets-year', '2022 年')
      await c.page.locator('[data-testid="targets-desk"][data-year="2022"]').waitFor()
      await c.page.waitForURL(/year=2022/)
      assert.equal(await byTestId(c.page, 'targets-population-note').count(), 0)
      assert.equal(await byTestId(c.page, `target-${WUHUA}-registration-stale`).count(), 0)
      assert.deepEqual(unexpectedProblems(c.problems), [])
    } catch (e) {
      await screenshot(c.page, 'i-targets-county-failed')
      throw e
    }

    // On a phone, from the menu.
    const p = await login(WUHUA_ADMIN, { mobile: true })
    await byTestId(p.page, 'nav-toggle').click()
    await byTestId(p.page, 'drawer-nav-admin-targets').click()
    await p.page.waitForURL('**/admin/targets')
    await p.page.locator('[data-testid="targets-chart-registration"][data-state="ready"]').waitFor()
    await waitForText(p.page, `target-${WUHUA}-registration-gap`, `还需 ${count(wuhua.registration_gap)} 人注册达到 10%`)
    await screenshot(p.page, 'i2-targets-county-phone-390')
    assert.deepEqual(unexpectedProblems(p.problems), [])
  })

  test('the city admin records a League member count and sees the League rate appear', async () => {
    const year = thisYear()
    const api = await apiLogin(env.app.baseUrl, CITY_ADMIN, PASSWORD)
    const before = (await api.get(`/api/v1/targets?year=${year}`)).json
    assert.equal(before.counties.length, 8, 'the city admin sees every county')
    const wuhua = before.counties.find((c) => c.county_code === WUHUA)
    const registered = wuhua.league_registered
    // Enough members that the rate stays below 80%: a gap to show.
    const members = Math.max(20, registered * 2)
    const gap = Math.ceil((8000 * members) / 10000) - registered

    const a = await login(CITY_ADMIN)
    try {
      await a.page.goto('/admin/targets')
      await byTestId(a.page, 'targets-desk').waitFor()
      assert.equal(await a.page.locator('[data-testid^="target-card-"]').count(), 9)
      const chart = a.page.locator('[data-testid="targets-chart-registration"][data-state="ready"]')
      await chart.waitFor()
      assert.ok((await chart.getAttribute('data-below')).split(',').includes('五华县'))

      const league = byTestId(a.page, `target-${WUHUA}-league`)
      if (wuhua.league_rate === null) {
        assert.equal(await league.getAttribute('data-status'), 'unknown')
        assert.equal(await text(a.page, `target-${WUHUA}-league-gap`), '尚未录入团员人数，暂无法计算')
      }

      // 录入党团员人数 from 五华县's card: the county and the year are filled in.
      await byTestId(a.page, `target-record-${WUHUA}`).click()
      const dialog = a.page.locator('[data-testid="member-count-dialog"]')
      await dialog.waitFor()
      assert.match(await byTestId(a.page, 'member-count-county').innerText(), /五华县/)
      assert.match(await byTestId(a.page, 'member-count-year').innerText(), new RegExp(`${year} 年`))
      // The server checks: no number, then one out of range — its messages beside the field.
      await byTestId(a.page, 'member-count-save').click()
      await dialog.locator('.el-form-item__error', { hasText: '请填写人数' }).waitFor()
      await fillField(a.page, 'member-count-members', '200000000')
      await byTestId(a.page, 'member-count-save').click()
      await dialog.locator('.el-form-item__error', { hasText: '人数应为0至1亿之间的整数' }).waitFor()
      await screenshot(a.page, 'i3-member-count-refused')

      await fillField(a.page, 'member-count-members', String(members))
      await fillField(a.page, 'member-count-note', `团县委${year}年团员统计`)
      await byTestId(a.page, 'member-count-save').click()
      await dialog.waitFor({ state: 'hidden' })
      await a.page.locator('.el-message--success', { hasText: `已录入五华县${year}年团员人数：${count(members)} 人` }).waitFor()

      // The League rate appears, with its gap.
      await a.page.locator(`[data-testid="target-${WUHUA}-league"][data-status="fail"]`).waitFor()
      assert.equal(await text(a.page, `target-${WUHUA}-league-gap`), `还需 ${gap} 名团员注册达到 80%`)
      assert.equal(await text(a.page, `target-${WUHUA}-league-ratio`), `已注册团员 ${count(registered)} / 团员 ${count(members)}`)
      assert.match(await text(a.page, `target-${WUHUA}-league-rate`), /^\d+(\.\d+)?%$/)
      assert.equal(await byTestId(a.page, `target-${WUHUA}-league-stale`).count(), 0, 'a count of the year asked')
      await screenshot(a.page, 'i4-targets-city-league')
      assert.deepEqual(unexpectedProblems(a.problems), [])
    } catch (e) {
      await screenshot(a.page, 'i-targets-city-failed')
      throw e
    }

    // The server agrees, and the county admin sees the same rate.
    const after = (await api.get(`/api/v1/targets?year=${year}`)).json.counties.find((c) => c.county_code === WUHUA)
    assert.equal(after.league_members, members)
    assert.equal(after.league_gap, gap)
    const county = await apiLogin(env.app.baseUrl, WUHUA_ADMIN, PASSWORD)
    const theirs = (await county.get(`/api/v1/targets?year=${year}`)).json.counties[0]
    assert.equal(theirs.league_rate, registered / members)
  })

  test('the city admin sees the trend and drills down into 五华县', async () => {
    const year = thisYear()
    const api = await apiLogin(env.app.baseUrl, CITY_ADMIN, PASSWORD)
    const detail = (await api.get(`/api/v1/targets/counties/${WUHUA}?year=${year}`)).json
    assert.ok(detail.organizations.length > 0, 'the demo has organisations in 五华县')
    const a = await login(CITY_ADMIN)
    try {
      await a.page.goto('/admin/targets')
      await byTestId(a.page, 'targets-desk').waitFor()
      // The trend (the same lazily loaded ECharts): the city's line and the 10% line; a county overlaid.
      const trend = a.page.locator('[data-testid="targets-chart-trend"][data-state="ready"]')
      await trend.waitFor()
      assert.ok(await trend.isVisible())
      await chooseOption(a.page, 'targets-trend-county', '五华县')
      await a.page.locator('[data-testid="targets-trend"] .legend', { hasText: '五华县' }).waitFor()
      const svgText = await trend.locator('svg').evaluate((svg) => [...svg.querySelectorAll('text')].map((t) => t.textContent))
      assert.ok(svgText.includes('目标 10%'), svgText.join('|'))

      // 查看明细 on 五华县's card: its organisations (hours with one decimal) and units.
      await byTestId(a.page, `target-drill-${WUHUA}`).click()
      const drill = a.page.locator(`[data-testid="targets-drill"][data-county="${WUHUA}"][data-ready="true"]`)
      await drill.waitFor()
      const orgs = byTestId(a.page, 'targets-drill-orgs')
      await orgs.waitFor()
      const first = detail.organizations[0]
      const row = orgs.locator('tbody tr', { hasText: first.name }).first()
      const tenths = Math.round(first.year_minutes / 6)
      const hours = `${Math.floor(tenths / 10).toLocaleString('en-US')}.${tenths % 10}`
      const cells = await row.locator('td').allInnerTexts()
      assert.equal(cells[0].trim(), first.name)
      assert.equal(cells[3].trim(), hours, `hours of ${first.name}: ${cells.join('|')}`)
      const units = byTestId(a.page, 'targets-drill-units')
      await units.locator('tbody tr', { hasText: '五华县人民医院' }).waitFor()
      await screenshot(a.page, 'i6-targets-drill')
      assert.deepEqual(unexpectedProblems(a.problems), [])
    } catch (e) {
      await screenshot(a.page, 'i-targets-drill-failed')
      throw e
    }
  })

  test('the city admin freezes a snapshot, views it and downloads its PDF', async () => {
    const year = thisYear()
    const label = `${year}年度考核`
    const api = await apiLogin(env.app.baseUrl, CITY_ADMIN, PASSWORD)
    const a = await login(CITY_ADMIN)
    try {
      await a.page.goto('/admin/targets')
      await a.page.locator('[data-testid="targets-desk"][data-snapshot="live"]').waitFor()

      // 冻结快照: the year is the page's, the name is suggested; the server refuses an empty one beside the field.
      await byTestId(a.page, 'targets-freeze').click()
      const dialog = a.page.locator('[data-testid="snapshot-dialog"]')
      await dialog.waitFor()
      assert.equal(await text(a.page, 'snapshot-year'), `${year} 年`)
      assert.equal(await a.page.locator('input[data-testid="snapshot-label"], [data-testid="snapshot-label"] input').first().inputValue(), label)
      await fillField(a.page, 'snapshot-label', '')
      await byTestId(a.page, 'snapshot-save').click()
      await dialog.locator('.el-form-item__error', { hasText: '请填写快照名称' }).waitFor()
      await fillField(a.page, 'snapshot-label', label)
      await byTestId(a.page, 'snapshot-save').click()
      await dialog.waitFor({ state: 'hidden' })
      await a.page.locator('.el-message--success', { hasText: `已冻结快照：${label}` }).waitFor()
      const snapshot = (await api.get('/api/v1/targets/snapshots')).json.items.find((s) => s.label === label)
      assert.ok(snapshot, 'the server has it')

      // Viewing it: the banner, the address, and nothing to record.
      await chooseOption(a.page, 'targets-snapshot', label)
      await a.page.locator(`[data-testid="targets-desk"][data-snapshot="${snapshot.id}"]`).waitFor()
      await a.page.waitForURL(new RegExp(`snapshot=${snapshot.id}`))
      assert.match(await text(a.page, 'targets-snapshot-banner'), new RegExp(`^快照：${label}，冻结于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d，数据不再变化`))
      assert.equal(await byTestId(a.page, 'targets-record').isDisabled(), true)
      assert.equal(await byTestId(a.page, 'targets-freeze').isDisabled(), true)
      assert.equal(await a.page.locator('[data-testid^="target-record-"]').count(), 0, 'no recording on a snapshot')
      assert.equal(await byTestId(a.page, 'targets-trend').count(), 0, 'no trend on a snapshot')
      await screenshot(a.page, 'i5-targets-snapshot')

      // Its PDF: the snapshot's file.
      const pdf = await downloadOf(a.page, byTestId(a.page, 'targets-export-pdf'))
      assert.equal(pdf.name, `assessment-${year}-snapshot-${snapshot.id}.pdf`)
      assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-')
      assert.ok(pdf.bytes.length > 10_000, `${pdf.bytes.length} bytes`)

      // Back to the live figures of the same year.
      await byTestId(a.page, 'targets-snapshot-back').click()
      await a.page.locator(`[data-testid="targets-desk"][data-snapshot="live"][data-year="${year}"]`).waitFor()
      assert.equal(await byTestId(a.page, 'targets-snapshot-banner').count(), 0)
      assert.equal(await byTestId(a.page, 'targets-record').isDisabled(), false)
      assert.deepEqual(unexpectedProblems(a.problems), [])
    } catch (e) {
      await screenshot(a.page, 'i-targets-snapshot-failed')
      throw e
    }
  })
})
