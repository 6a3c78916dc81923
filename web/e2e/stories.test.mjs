// Story (k): publicity 宣传 on the demo data of `zhiyuan serve --demo` (the story checks its own story among the demo's).
// - The city admin writes the story of an exemplary volunteer under 宣传管理: saved with no title first — the
//   server's "请填写标题" beside the field — then with one, for 梅江区, as a draft (草稿). A visitor sees nothing of it
//   (not on the home page, its address 404). Published (asked first): the visitor finds it on the home page beside
//   the city's headline figures (the numbers of GET /portal/figures), opens it — the body as text, paragraphs kept,
//   markup shown as typed — and finds it under 宣传 by kind. Withdrawn: gone from the home page and its address.
// - 五华县's county admin writes for 五华县 only: the region is fixed, no other county on offer, and 梅江区's story is
//   not in their list.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  apiLogin,
  byTestId,
  chooseOption,
  confirmMessageBox,
  fillField,
  loggedInPage,
  newPage,
  screenshot,
  skipReason,
  storyEnv,
  suffix,
  unexpectedProblems,
} from './support/helpers.mjs'

const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no demo data or stories' : null)
const PASSWORD = 'Zhiyuan@2026'
const CITY_ADMIN = '13800000001'
const WUHUA_ADMIN = '13800000015' // 五华县团委管理员
const MEIJIANG = '441402'
const WUHUA = '441424'

const text = async (page, id) => (await byTestId(page, id).first().innerText()).trim()
/** 43762 → "43,762", as the page writes counts. */
const count = (n) => n.toLocaleString('en-US')
/** Refusals the story causes on purpose: the 422 of the empty title, the 404 of a story not (or no longer) public. */
const problemsOf = (problems) => unexpectedProblems(problems).filter((p) => !/status of 404/.test(p))

describe('publicity 宣传', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })
  const login = (phone, options) => loggedInPage(env.chrome.browser, env.app.baseUrl, phone, PASSWORD, options)

  test('the city admin writes a story of an exemplary volunteer, publishes it, and a visitor sees it on the home page with the city’s figures', async () => {
    const base = env.app.baseUrl
    const figuresAnswer = await fetch(new URL('/api/v1/portal/figures', base))
    const figures = figuresAnswer.status === 200 ? await figuresAnswer.json() : null
    assert.ok(figures !== null || figuresAnswer.status === 404, `GET /portal/figures answered ${figuresAnswer.status}`)

    const title = `扎根社区十年的志愿者李秀英${suffix()}`
    const body = '李秀英是梅江区金山街道的一名普通居民。十年来，她坚持每周到社区服务站值班，为独居老人送餐、读报。\n\n' +
      '她说：“能帮一点是一点。”今年她的服务时长已超过三百小时，并带动了二十多位邻居注册成为志愿者。\n\n' +
      '（正文中的 <b>标记</b> 按原样显示。）'

    // ---- the city admin: a draft, refused first without a title ------------------------------------------------
    const a = await login(CITY_ADMIN)
    let storyId
    try {
      // (宣传管理 sits in the desktop bar's overflow menu of a city admin; the phone drawer is used below.)
      await a.page.goto('/admin/stories')
      await byTestId(a.page, 'admin-stories-table').waitFor()
      await byTestId(a.page, 'stories-create').click()
      const dialog = a.page.locator('[data-testid="story-dialog"]')
      await dialog.waitFor()
      assert.equal(await byTestId(a.page, 'story-field-region').getAttribute('data-fixed'), 'false', 'the city admin picks the region')
      await chooseOption(a.page, 'story-field-kind', '优秀志愿者')
      await chooseOption(a.page, 'story-field-region', '梅江区')
      await fillField(a.page, 'story-field-body', body)
      // The summary left empty: the page shows what the server will take (the body's first 80 characters).
      const preview = await text(a.page, 'story-summary-preview')
      assert.ok(preview.startsWith('留空时摘要为：李秀英是梅江区金山街道'), preview)
      assert.ok(preview.endsWith('…'), preview)
      assert.equal(await byTestId(a.page, 'story-count-body').getAttribute('data-count'), String([...body.trim()].length))
      assert.equal(await text(a.page, 'story-count-title'), '0 / 60')

      await byTestId(a.page, 'story-save').click()
      await dialog.locator('.el-form-item__error', { hasText: '请填写标题' }).waitFor()
      await screenshot(a.page, 'k1-story-title-required')

      await fillField(a.page, 'story-field-title', title)
      assert.equal(await text(a.page, 'story-count-title'), `${[...title].length} / 60`)
      await byTestId(a.page, 'story-save').click()
      await dialog.waitFor({ state: 'hidden' })
      await a.page.locator('.el-message--success', { hasText: `已保存草稿“${title}”` }).waitFor()
      const link = a.page.locator('[data-testid^="admin-story-link-"]', { hasText: title })
      await link.waitFor()
      storyId = Number((await link.getAttribute('data-testid')).replace('admin-story-link-', ''))
      assert.ok(storyId > 0)
      assert.equal(await byTestId(a.page, `admin-story-status-${storyId}`).getAttribute('data-status'), 'draft')
      assert.equal(await text(a.page, `admin-story-status-${storyId}`), '草稿')
      assert.equal(await text(a.page, `admin-story-region-${storyId}`), '梅江区')
      assert.equal(await byTestId(a.page, `admin-story-publish-${storyId}`).count(), 1)
      assert.deepEqual(problemsOf(a.problems).filter((p) => !/status of 422/.test(p)), [])
    } catch (e) {
      await screenshot(a.page, 'k-story-write-failed')
      throw e
    }

    // ---- a visitor: nothing of the draft -----------------------------------------------------------------------
    const v = await newPage(env.chrome.browser, { baseUrl: base })
    try {
      await v.page.goto('/')
      await byTestId(v.page, 'home-counties').waitFor()
      if (figures) await byTestId(v.page, 'home-figures').waitFor()
      await v.page.waitForLoadState('networkidle')
      assert.equal(await byTestId(v.page, `story-card-${storyId}`).count(), 0, 'a draft is not on the home page')
      await v.page.goto(`/stories/${storyId}`)
      await byTestId(v.page, 'story-missing').waitFor()
      assert.equal(await byTestId(v.page, 'story-body').count(), 0)
    } catch (e) {
      await screenshot(v.page, 'k-story-draft-visible-failed')
      throw e
    }

    // ---- published -------------------------------------------------------------------------------------------
    try {
      await byTestId(a.page, `admin-story-publish-${storyId}`).click()
      await confirmMessageBox(a.page)
      await a.page.locator('.el-message--success', { hasText: `已发布“${title}”` }).waitFor()
      await a.page.locator(`[data-testid="admin-story-status-${storyId}"][data-status="published"]`).waitFor()
      assert.equal(await text(a.page, `admin-story-status-${storyId}`), '已发布')
      assert.equal(await byTestId(a.page, `admin-story-withdraw-${storyId}`).count(), 1)
      await screenshot(a.page, 'k2-story-published-admin')
    } catch (e) {
      await screenshot(a.page, 'k-story-publish-failed')
      throw e
    }

    try {
      await v.page.goto('/')
      const card = byTestId(v.page, `story-card-${storyId}`)
      await card.waitFor()
      assert.equal(await text(v.page, `story-kind-${storyId}`), '优秀志愿者')
      assert.equal(await text(v.page, `story-title-${storyId}`), title)
      const summary = await text(v.page, `story-summary-${storyId}`)
      assert.ok(summary.startsWith('李秀英是梅江区金山街道') && summary.endsWith('…'), summary)
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
      assert.equal(await text(v.page, `story-where-${storyId}`), `梅江区 · ${today}`)
      assert.equal(await byTestId(v.page, 'home-stories-more').getAttribute('href'), '/stories')

      // The city's figures, as the server counts them.
      if (figures) {
        const band = byTestId(v.page, 'home-figures')
        await band.waitFor()
        assert.equal(await band.getAttribute('data-year'), String(figures.year))
        assert.equal(await text(v.page, 'figure-registered_volunteers-value'), count(figures.registered_volunteers))
        assert.equal(await byTestId(v.page, 'figure-registered_volunteers').getAttribute('data-value'), String(figures.registered_volunteers))
        assert.equal(await text(v.page, 'figure-organizations-value'), count(figures.organizations))
        assert.equal(await text(v.page, 'figure-activities_published-value'), count(figures.activities_published))
        assert.equal(await text(v.page, 'figure-certificate_holders-value'), count(figures.certificate_holders))
        assert.equal(await text(v.page, 'figure-card_holders-value'), count(figures.card_holders))
        assert.equal(await byTestId(v.page, 'figure-year_service_hours').getAttribute('data-value'), String(figures.year_service_hours))
        assert.equal(await text(v.page, 'figure-registration_rate-note'), '目标 10%')
        const status = await byTestId(v.page, 'figure-registration_rate').getAttribute('data-status')
        assert.equal(status, figures.registration_rate === null ? 'unknown' : figures.registration_rate >= 0.1 ? 'pass' : 'fail')
        if (figures.registration_rate !== null) assert.match(await text(v.page, 'figure-registration_rate-value'), /^\d+(\.\d+)?%$/)
      } else {
        assert.equal(await byTestId(v.page, 'home-figures').count(), 0, 'no figures from the server: no band')
      }
      await screenshot(v.page, 'k3-home-story-and-figures')

      // The story itself: its text as text, paragraphs kept.
      await card.click()
      await v.page.waitForURL(`**/stories/${storyId}`)
      await byTestId(v.page, 'story').waitFor()
      assert.equal(await text(v.page, 'story-title'), title)
      assert.equal(await text(v.page, 'story-kind'), '优秀志愿者')
      assert.equal(await byTestId(v.page, 'story-unpublished').count(), 0)
      const shown = await byTestId(v.page, 'story-body').innerText()
      assert.equal(shown.trim(), body, 'paragraphs and the typed markup as they were written')
      assert.equal(await byTestId(v.page, 'story-body').locator('b').count(), 0, 'never HTML')
      assert.equal(await byTestId(v.page, 'story-body').evaluate((e) => getComputedStyle(e).whiteSpace), 'pre-line')
      await screenshot(v.page, 'k4-story-page')

      // 宣传: by kind.
      await byTestId(v.page, 'story-back').click()
      await v.page.waitForURL('**/stories')
      await byTestId(v.page, `story-card-${storyId}`).waitFor()
      await byTestId(v.page, 'stories-kind-organization').click()
      await v.page.locator('[data-testid="stories-list"][data-kind="organization"]').waitFor()
      await byTestId(v.page, 'stories-empty').waitFor()
      assert.equal(await byTestId(v.page, `story-card-${storyId}`).count(), 0)
      await byTestId(v.page, 'stories-kind-volunteer').click()
      await v.page.waitForURL(/kind=volunteer/)
      await byTestId(v.page, `story-card-${storyId}`).waitFor()
      await screenshot(v.page, 'k5-stories-volunteers')
    } catch (e) {
      await screenshot(v.page, 'k-story-visitor-failed')
      throw e
    }

    // ---- withdrawn: gone again ---------------------------------------------------------------------------------
    try {
      await byTestId(a.page, `admin-story-withdraw-${storyId}`).click()
      await confirmMessageBox(a.page)
      await a.page.locator(`[data-testid="admin-story-status-${storyId}"][data-status="withdrawn"]`).waitFor()
      assert.equal(await text(a.page, `admin-story-status-${storyId}`), '已撤回')
      assert.equal(await byTestId(a.page, `admin-story-publish-${storyId}`).count(), 1, 'it can be published again')
      assert.deepEqual(problemsOf(a.problems).filter((p) => !/status of 422/.test(p)), [])
    } catch (e) {
      await screenshot(a.page, 'k-story-withdraw-failed')
      throw e
    }
    try {
      await v.page.goto('/')
      await byTestId(v.page, 'home-counties').waitFor()
      await v.page.waitForLoadState('networkidle')
      assert.equal(await byTestId(v.page, `story-card-${storyId}`).count(), 0, 'withdrawn: not on the home page')
      await v.page.goto(`/stories/${storyId}`)
      await byTestId(v.page, 'story-missing').waitFor()
      assert.deepEqual(problemsOf(v.problems), [])
    } catch (e) {
      await screenshot(v.page, 'k-story-withdrawn-visible-failed')
      throw e
    }
  })

  test('a county admin writes for their own county only', async () => {
    const api = await apiLogin(env.app.baseUrl, WUHUA_ADMIN, PASSWORD)
    const mine = await api.get('/api/v1/stories?manage=true&page_size=100')
    assert.ok(mine.json.items.every((s) => s.region_code === WUHUA), 'the server lists 五华县 stories only')
    const refused = await api.post('/api/v1/stories', { title: '越权稿件', kind: 'practice', body: '正文', region_code: MEIJIANG })
    assert.equal(refused.status, 403, refused.text)

    const c = await login(WUHUA_ADMIN)
    try {
      await c.page.goto('/admin/stories')
      await byTestId(c.page, 'admin-stories-table').waitFor()
      assert.equal(await c.page.locator('[data-testid^="admin-story-link-"]', { hasText: '李秀英' }).count(), 0, '梅江区’s story is not theirs')
      await byTestId(c.page, 'stories-create').click()
      const dialog = c.page.locator('[data-testid="story-dialog"]')
      await dialog.waitFor()
      const region = byTestId(c.page, 'story-field-region')
      assert.equal(await region.getAttribute('data-fixed'), 'true')
      assert.ok(await region.locator('input').isDisabled(), 'the region cannot be changed')
      assert.match(await region.innerText(), /五华县/)
      assert.equal(await text(c.page, 'story-region-fixed'), '县区管理员只能撰写本县区的稿件')
      // No other county is on offer even in the (closed) option list.
      assert.deepEqual(
        await c.page.locator('[data-testid^="story-region-option-"]').evaluateAll((els) => els.map((e) => e.dataset.testid)),
        [`story-region-option-${WUHUA}`],
      )

      const title = `五华县典型经验${suffix()}`
      await chooseOption(c.page, 'story-field-kind', '典型经验')
      await fillField(c.page, 'story-field-title', title)
      await fillField(c.page, 'story-field-summary', '五华县推动“志愿服务进乡村”的做法。')
      await fillField(c.page, 'story-field-body', '五华县各镇设立志愿服务站，统一登记、统一调度。')
      await screenshot(c.page, 'k6-story-county-fixed-region')
      await byTestId(c.page, 'story-save').click()
      await dialog.waitFor({ state: 'hidden' })
      const link = c.page.locator('[data-testid^="admin-story-link-"]', { hasText: title })
      await link.waitFor()
      const id = Number((await link.getAttribute('data-testid')).replace('admin-story-link-', ''))
      assert.equal(await text(c.page, `admin-story-region-${id}`), '五华县')
      assert.deepEqual(problemsOf(c.problems), [])
    } catch (e) {
      await screenshot(c.page, 'k-story-county-failed')
      throw e
    }

    // On a phone: 宣传管理 from the menu.
    const p = await login(WUHUA_ADMIN, { mobile: true })
    await byTestId(p.page, 'nav-toggle').click()
    await byTestId(p.page, 'drawer-nav-admin-stories').click()
    await p.page.waitForURL('**/admin/stories')
    await p.page.locator('[data-testid^="admin-story-status-"]').first().waitFor()
    await screenshot(p.page, 'k7-admin-stories-phone-390')
    assert.deepEqual(problemsOf(p.problems), [])
  })
})
