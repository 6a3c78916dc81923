// Stories (g): proofs of service and star volunteers, on the demo data of `zhiyuan serve --demo`.
// - A volunteer requests a proof (志愿服务记录证明) and downloads its PDF; the page its QR code opens says 真实有效,
//   the original file checks out and a copy with a few bytes changed does not; a newer proof supersedes it.
// - The volunteer's stars page shows the level the hours reach (★★), the certified level and the way to ★★★.
// - The city admin opens a star publicity (公示); a visitor logs in to object; the admin decides the objection,
//   is refused 公示期满，予以认定 before the period is over, and revokes a volunteer's stars for falsified hours.
// - The admin of the organisation that recorded the hours (梅江区志愿者协会) finds the volunteer's proof under
//   证明管理 and revokes it with a reason (the QR page then says 已撤销); a page that missed another revocation
//   shows the server's 409 in the dialog and reloads.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  apiClient,
  apiLogin,
  byTestId,
  confirmMessageBox,
  downloadOf,
  fillField,
  loggedInPage,
  newPage,
  screenshot,
  skipReason,
  storyEnv,
  unexpectedProblems,
  waitForText,
} from './support/helpers.mjs'

// The demo accounts (`zhiyuan serve --demo`), not in the in-memory mock.
const reason = skipReason() ?? (process.env.ZY_E2E_MOCK === '1' ? 'the mock server has no demo data, proofs or stars' : null)
const PASSWORD = 'Zhiyuan@2026'
const VOLUNTEER = '13900000002' // 林艳: 320 h confirmed, 2★ by the hours, not certified, eligible for 2★
const CERTIFIED = '13900000003' // 640 h, certified 3★
const CITY_ADMIN = '13800000001'
const ORG_ADMIN = '13900000001' // 罗浩敏, admin of 梅江区志愿者协会, which recorded 林艳's hours

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')
const hasZbar = spawnSync('zbarimg', ['--version']).status === 0

/** Intended refusals of these stories: 404 of an edited file, 409 of a publicity not over yet. */
const allowed = (problems, ...statuses) =>
  unexpectedProblems(problems).filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)))

describe('proofs of service and star volunteers', { skip: reason ?? false }, () => {
  const env = storyEnv({ demo: true })
  const login = (phone, options) => loggedInPage(env.chrome.browser, env.app.baseUrl, phone, PASSWORD, options)

  test('a proof’s QR page says genuine, and an edited PDF does not verify', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'zy-proof-'))
    const v = await login(VOLUNTEER)
    try {
      // 我的证明 — from the user menu; request a proof of all confirmed hours.
      await byTestId(v.page, 'user-menu').click()
      await byTestId(v.page, 'menu-my-proofs').click()
      await v.page.waitForURL('**/me/proofs')
      await byTestId(v.page, 'proof-scope-all').click()
      await byTestId(v.page, 'proof-submit').click()
      const item = v.page.locator('[data-testid^="proof-ZM"][data-status]').first()
      await item.waitFor()
      const number = (await item.getAttribute('data-testid')).replace('proof-', '')
      assert.match(number, /^ZM\d{4}[0-9A-Z]+$/)
      assert.equal(await item.getAttribute('data-status'), 'genuine')
      assert.equal((await item.locator('[data-testid="proof-status"]').innerText()).trim(), '有效')

      const session = await apiClient(env.app.baseUrl).post('/api/v1/sessions', { phone: VOLUNTEER, password: PASSWORD }, 201)
      const api = apiClient(env.app.baseUrl, session.json.token)
      const mine = (await api.get('/api/v1/me/proofs')).json.items
      const proof = mine.find((p) => p.number === number)
      assert.ok(proof, 'the proof is in GET /me/proofs')
      assert.equal(proof.total_minutes, 320 * 60)
      const verifyPath = new URL(proof.verify_url).pathname
      assert.equal(verifyPath, `/verify/proofs/${number}`)

      // The PDF, downloaded as the browser saves it: the bytes the server issued.
      const pdf = await downloadOf(v.page, byTestId(v.page, `proof-download-${number}`))
      assert.equal(pdf.name, `proof-${number}.pdf`)
      assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-')
      const res = await fetch(new URL(proof.pdf_url, env.app.baseUrl), { headers: { Authorization: `Bearer ${session.json.token}` } })
      assert.equal(res.status, 200)
      assert.equal(sha256(Buffer.from(await res.arrayBuffer())), sha256(pdf.bytes))
      const original = path.join(work, pdf.name)
      writeFileSync(original, pdf.bytes)

      // The verify link as a QR code on the page: the same URL the PDF's code holds.
      await byTestId(v.page, `proof-qr-${number}`).click()
      const qr = byTestId(v.page, 'proof-qr')
      await qr.waitFor()
      assert.equal(await qr.getAttribute('data-text'), proof.verify_url)
      assert.equal((await byTestId(v.page, 'proof-verify-url').innerText()).trim(), proof.verify_url)
      if (hasZbar) {
        const shot = path.join(work, 'qr.png')
        await qr.screenshot({ path: shot })
        const z = spawnSync('zbarimg', ['-q', '--raw', shot], { encoding: 'utf8' })
        assert.equal(z.stdout.trim(), proof.verify_url, 'a QR decoder reads the verify link')
      }
      await screenshot(v.page, 'g1-my-proofs-qr')
      await v.page.keyboard.press('Escape')
      assert.deepEqual(unexpectedProblems(v.problems), [])

      // Anyone, on a phone, without logging in: the page the QR code opens.
      const pub = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
      await pub.page.goto(verifyPath)
      await waitForText(pub.page, 'verify-status-label', '真实有效')
      assert.equal(await byTestId(pub.page, 'verify-status').getAttribute('data-status'), 'genuine')
      assert.equal((await byTestId(pub.page, 'fact-hours').innerText()).trim(), '320 小时')
      assert.match(await byTestId(pub.page, 'fact-id-number').innerText(), /^\d{6}\*{8}\d{3}[\dX]$/)

      // The original file: identical to what the platform issued (hashed in the browser, not uploaded).
      await byTestId(pub.page, 'proof-file-input').setInputFiles(original)
      await pub.page.locator('[data-testid="proof-file-result"][data-result="genuine"]').waitFor()
      assert.equal((await byTestId(pub.page, 'proof-file-genuine').locator('.el-alert__title').innerText()).trim(), '文件与平台出具的原件一致')
      assert.equal((await byTestId(pub.page, 'proof-file-digest').innerText()).trim(), sha256(pdf.bytes))
      await screenshot(pub.page, 'g2-verify-genuine-phone-390')

      // A copy with a few bytes changed (same length): not an original.
      const edited = Buffer.from(pdf.bytes)
      for (const at of [Math.floor(edited.length / 3), Math.floor(edited.length / 2), edited.length - 100]) edited[at] ^= 0x20
      const editedFile = path.join(work, `proof-${number}-edited.pdf`)
      writeFileSync(editedFile, edited)
      await byTestId(pub.page, 'proof-file-input').setInputFiles(editedFile)
      await pub.page.locator('[data-testid="proof-file-result"][data-result="not_genuine"]').waitFor()
      assert.equal(
        (await byTestId(pub.page, 'proof-file-not-genuine').locator('.el-alert__title').innerText()).trim(),
        '该文件不是平台出具的原件，或已被修改',
      )
      assert.equal((await byTestId(pub.page, 'proof-file-digest').innerText()).trim(), sha256(edited))
      await screenshot(pub.page, 'g3-verify-edited-file-phone-390')

      // An unknown number: 未找到.
      await pub.page.goto('/verify/proofs/ZM2026NOSUCHPROOF')
      await waitForText(pub.page, 'verify-status-label', '未找到')
      // The small search page takes a pasted link.
      await pub.page.goto('/verify')
      await fillField(pub.page, 'verify-number', proof.verify_url)
      await byTestId(pub.page, 'verify-go').click()
      await pub.page.waitForURL(`**${verifyPath}`)
      await waitForText(pub.page, 'verify-status-label', '真实有效')
      assert.deepEqual(allowed(pub.problems, 404), [])

      // A new proof of the same period supersedes this one: the QR page says so and links the new one.
      await byTestId(v.page, 'proof-submit').click()
      await v.page.locator(`[data-testid="proof-${number}"][data-status="superseded"]`).waitFor()
      const newer = (await api.get('/api/v1/me/proofs')).json.items[0].number
      assert.notEqual(newer, number)
      assert.equal((await byTestId(v.page, 'proof-superseded-by').first().innerText()).trim(), `已被新证明 ${newer} 替换`)
      await pub.page.goto(verifyPath)
      await waitForText(pub.page, 'verify-status-label', '已被新证明替换')
      await byTestId(pub.page, 'verify-newer').click()
      await pub.page.waitForURL(`**/verify/proofs/${newer}`)
      await waitForText(pub.page, 'verify-status-label', '真实有效')
      assert.deepEqual(unexpectedProblems(v.problems), [])
      await pub.context.close()
    } catch (e) {
      await screenshot(v.page, 'g-proofs-failed')
      throw e
    } finally {
      await v.context.close()
      rmSync(work, { recursive: true, force: true })
    }
  })

  test('the volunteer’s stars page shows the level the hours reach', async () => {
    const v = await login(VOLUNTEER, { mobile: true })
    // The header (drawer on a phone) and 我的 show ★★.
    await v.page.goto('/me')
    assert.equal(await byTestId(v.page, 'me-star-level').getAttribute('data-level'), '2')
    await byTestId(v.page, 'me-stars-link').click()
    await v.page.waitForURL('**/me/stars')
    await byTestId(v.page, 'stars-hero').waitFor()
    assert.equal(await byTestId(v.page, 'stars-level').getAttribute('data-level'), '2')
    assert.equal((await byTestId(v.page, 'stars-level').innerText()).replace(/\s/g, ''), '★★☆☆☆')
    assert.equal((await byTestId(v.page, 'stars-level-text').innerText()).trim(), '2 星')
    assert.equal(await byTestId(v.page, 'stars-certified').getAttribute('data-level'), '0')
    assert.equal((await byTestId(v.page, 'stars-to-next').innerText()).trim(), '距 3 星还差 280 小时')
    assert.equal(await byTestId(v.page, 'stars-progress-bar').getAttribute('data-percent'), '6')
    await byTestId(v.page, 'stars-uncertified').waitFor()
    await screenshot(v.page, 'g4-my-stars-phone-390')
    assert.deepEqual(unexpectedProblems(v.problems), [])

    // A certified 3★ volunteer sees the certification in the archive.
    const c = await login(CERTIFIED)
    await c.page.goto('/me/stars')
    await byTestId(c.page, 'stars-events').waitFor()
    assert.equal(await byTestId(c.page, 'stars-certified').getAttribute('data-level'), '3')
    assert.equal(await byTestId(c.page, 'user-stars').getAttribute('data-level'), '3')
    assert.match(await byTestId(c.page, 'stars-events').innerText(), /认定为 3 星/)
    assert.deepEqual(unexpectedProblems(c.problems), [])
    await Promise.all([v.context.close(), c.context.close()])
  })

  test('the city opens a star publicity; a visitor logs in to object; the admin decides and revokes', async () => {
    const admin = await login(CITY_ADMIN)
    try {
      // 星级认定: the eligible volunteer (林艳), ticked → 发起公示 (5 working days).
      // (The entry is in the top bar's menu — under "…" when the bar is full.)
      await byTestId(admin.page, 'nav-admin-stars').waitFor({ state: 'attached' })
      await admin.page.goto('/admin/stars')
      const row = admin.page.locator('.el-table__row', { has: admin.page.locator('[data-testid="eligible-2"]') })
      await row.waitFor()
      await row.locator('.el-checkbox').first().click()
      await waitForText(admin.page, 'stars-open-publicity', '对选中的 1 人发起公示')
      await byTestId(admin.page, 'stars-open-publicity').click()
      await byTestId(admin.page, 'publicity-dialog').waitFor()
      assert.match(await byTestId(admin.page, 'publicity-title-input').inputValue(), /^\d{4}年第1批星级志愿者认定公示$/)
      assert.equal((await byTestId(admin.page, 'publicity-who').innerText()).trim(), '选中的 1 名志愿者')
      await screenshot(admin.page, 'g5-admin-open-publicity')
      await byTestId(admin.page, 'publicity-submit').click()
      await admin.page.waitForURL(/\/stars\/publicities\/\d+$/)
      const publicityId = Number(/\/stars\/publicities\/(\d+)$/.exec(admin.page.url())[1])
      const candidate = admin.page.locator('[data-testid^="candidate-"][data-status="publicized"]').first()
      await candidate.waitFor()
      assert.equal((await candidate.innerText()).trim(), '林艳')
      const candidateId = Number((await candidate.getAttribute('data-testid')).replace('candidate-', ''))

      // Before the period is over the city cannot certify: the server's reason shows.
      await byTestId(admin.page, 'publicity-close').click()
      await confirmMessageBox(admin.page)
      await byTestId(admin.page, 'publicity-close-error').waitFor()
      assert.match(await byTestId(admin.page, 'publicity-close-error').innerText(), /期满后方可认定/)

      // A visitor on a phone finds the publicity, is asked to log in, and comes back to object.
      const visitor = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
      await visitor.page.goto('/stars/publicities')
      await byTestId(visitor.page, `publicity-link-${publicityId}`).click()
      await byTestId(visitor.page, `candidate-object-${candidateId}`).click()
      await confirmMessageBox(visitor.page)
      await visitor.page.waitForURL('**/login?**')
      await fillField(visitor.page, 'login-phone', CERTIFIED)
      await fillField(visitor.page, 'login-password', PASSWORD)
      await byTestId(visitor.page, 'login-submit').click()
      await visitor.page.waitForURL(`**/stars/publicities/${publicityId}`)
      await byTestId(visitor.page, 'objection-dialog').waitFor()
      await fillField(visitor.page, 'objection-reason', '时长有重复')
      await byTestId(visitor.page, 'objection-submit').click()
      await visitor.page.locator('.el-form-item__error', { hasText: '不少于 10 个字' }).waitFor()
      await fillField(visitor.page, 'objection-reason', '该志愿者2026年3月的部分服务时长与其他活动重复记录，请核查。')
      await screenshot(visitor.page, 'g6-objection-phone-390')
      await byTestId(visitor.page, 'objection-submit').click()
      await byTestId(visitor.page, 'objection-dialog').waitFor({ state: 'hidden' })
      assert.deepEqual(unexpectedProblems(visitor.problems), [])
      await visitor.context.close()

      // The city sees the objection and dismisses it with a reason.
      await admin.page.reload()
      const objection = admin.page.locator('[data-testid^="objection-"][data-status="open"]').first()
      await objection.waitFor()
      const objectionId = Number((await objection.getAttribute('data-testid')).replace('objection-', ''))
      await byTestId(admin.page, `objection-decide-${objectionId}`).click()
      await byTestId(admin.page, 'objection-dismiss').click()
      await fillField(admin.page, 'objection-decision-reason', '经核查，相关时长分属不同日期，不存在重复记录。')
      await byTestId(admin.page, 'objection-decide-save').click()
      await admin.page.locator(`[data-testid="objection-${objectionId}"][data-status="dismissed"]`).waitFor()
      assert.equal((await byTestId(admin.page, 'objection-status').first().innerText()).trim(), '异议不成立')
      await screenshot(admin.page, 'g7-publicity-admin')

      // Falsified hours found elsewhere: the city revokes the certified 3★ volunteer's stars by volunteer id.
      const certified = await apiLogin(env.app.baseUrl, CERTIFIED, PASSWORD)
      const volunteerId = (await certified.get('/api/v1/me')).json.volunteer.id
      await admin.page.goto('/admin/stars')
      await fillField(admin.page, 'revoke-volunteer-id', String(volunteerId))
      await byTestId(admin.page, 'revoke-by-id').click()
      await byTestId(admin.page, 'star-revoke-dialog').waitFor()
      await fillField(admin.page, 'star-revoke-reason', '经查实其部分服务时长系伪造')
      await byTestId(admin.page, 'star-revoke-years').locator('label', { hasText: '2 年' }).click()
      await byTestId(admin.page, 'star-revoke-submit').click()
      await byTestId(admin.page, 'star-revoke-dialog').waitFor({ state: 'hidden' })
      const stars = (await certified.get('/api/v1/me/stars')).json
      assert.equal(stars.certified_level, 0)
      assert.equal(stars.star_level, 0)
      assert.ok(stars.barred_until, 'barred')
      assert.equal(stars.events[0].reason_code, 'falsified')
      assert.deepEqual(allowed(admin.problems, 409), [])
    } catch (e) {
      await screenshot(admin.page, 'g-publicity-failed')
      throw e
    } finally {
      await admin.context.close()
    }
  })

  test('the organisation’s admin revokes a proof it issued; a stale page gets the server’s refusal', async () => {
    // The volunteer asks for a proof (through the API); 梅江区志愿者协会 recorded the hours, so it is an issuer.
    const vol = await apiLogin(env.app.baseUrl, VOLUNTEER, PASSWORD)
    const first = (await vol.post('/api/v1/me/proofs', {}, 201)).json
    assert.ok(first.issuers.some((i) => i.name === '梅江区志愿者协会'))
    const o = await login(ORG_ADMIN, { mobile: true })
    try {
      // 证明管理 — from the phone drawer's organisation entries.
      await byTestId(o.page, 'nav-toggle').click()
      await byTestId(o.page, 'drawer-nav-org-proofs').click()
      await o.page.waitForURL(/\/org\/\d+\/proofs$/)
      const orgPath = new URL(o.page.url()).pathname
      await waitForText(o.page, 'org-proofs-org-name', '梅江区志愿者协会')
      const item = byTestId(o.page, `org-proof-${first.number}`)
      await item.waitFor()
      assert.equal(await item.getAttribute('data-status'), 'genuine')
      assert.equal((await item.locator('[data-testid="proof-status"]').innerText()).trim(), '有效')
      assert.match(await item.locator('[data-testid="proof-volunteer"]').innerText(), /^林艳\s+ZY\d+$/)

      // 撤销: a reason is required; then the proof is revoked and says why.
      await byTestId(o.page, `org-proof-revoke-${first.number}`).click()
      await byTestId(o.page, 'proof-revoke-dialog').waitFor()
      await byTestId(o.page, 'proof-revoke-submit').click()
      await o.page.locator('[data-testid="proof-revoke-dialog"] .el-form-item__error', { hasText: '请填写撤销原因' }).waitFor()
      const why = '经核查，该证明所含部分服务时长记录有误'
      await fillField(o.page, 'proof-revoke-reason', why)
      await screenshot(o.page, 'g8-org-revoke-proof-phone-390')
      await byTestId(o.page, 'proof-revoke-submit').click()
      await byTestId(o.page, 'proof-revoke-dialog').waitFor({ state: 'hidden' })
      await o.page.locator(`[data-testid="org-proof-${first.number}"][data-status="revoked"]`).waitFor()
      assert.equal((await item.locator('[data-testid="proof-revoked-reason"]').innerText()).trim(), `撤销原因：${why}`)
      assert.equal(await byTestId(o.page, `org-proof-revoke-${first.number}`).count(), 0)
      const mine = (await vol.get('/api/v1/me/proofs')).json.items.find((p) => p.number === first.number)
      assert.equal(mine.status, 'revoked')
      assert.equal(mine.revoked_reason, why)

      // Anyone scanning its QR code now reads 已撤销 and the reason.
      const pub = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
      await pub.page.goto(`/verify/proofs/${first.number}`)
      await waitForText(pub.page, 'verify-status-label', '已撤销')
      assert.match(await pub.page.locator('.hint.danger').innerText(), new RegExp(why))
      assert.deepEqual(unexpectedProblems(pub.problems), [])
      await pub.context.close()

      // A second proof, revoked meanwhile elsewhere (the city, through the API): this page still offers 撤销, and
      // the server's 409 proof_not_genuine shows in the dialog; the list reloads with the new status.
      const second = (await vol.post('/api/v1/me/proofs', {}, 201)).json
      await o.page.goto(orgPath)
      await byTestId(o.page, `org-proof-revoke-${second.number}`).waitFor()
      const city = await apiLogin(env.app.baseUrl, CITY_ADMIN, PASSWORD)
      await city.post(`/api/v1/proofs/${second.number}/revoke`, { reason: '市级核查撤销' }, 200)
      await byTestId(o.page, `org-proof-revoke-${second.number}`).click()
      await fillField(o.page, 'proof-revoke-reason', '重复出具')
      await byTestId(o.page, 'proof-revoke-submit').click()
      await waitForText(o.page, 'proof-revoke-refusal', '该证明已被替换或撤销')
      await o.page.locator(`[data-testid="org-proof-${second.number}"][data-status="revoked"]`).waitFor()
      await screenshot(o.page, 'g9-org-revoke-refused-phone-390')
      await o.page.keyboard.press('Escape')
      await byTestId(o.page, 'proof-revoke-dialog').waitFor({ state: 'hidden' })

      // 已撤销 lists both; a number finds one.
      await byTestId(o.page, 'org-proofs-status-revoked').click()
      await o.page.waitForURL(/status=revoked/)
      assert.equal(await o.page.locator('[data-testid^="org-proof-ZM"][data-status]:not([data-status="revoked"])').count(), 0)
      await fillField(o.page, 'org-proofs-search', second.number.toLowerCase())
      await o.page.waitForFunction(() => document.querySelectorAll('[data-testid^="org-proof-ZM"][data-status]').length === 1)
      assert.equal(await byTestId(o.page, `org-proof-${second.number}`).count(), 1)
      assert.deepEqual(allowed(o.problems, 409), [])
    } catch (e) {
      await screenshot(o.page, 'g-org-proofs-failed')
      throw e
    } finally {
      await o.context.close()
    }
  })
})
