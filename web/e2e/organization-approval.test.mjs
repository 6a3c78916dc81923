// Story (b): a volunteer applies for an organisation in the browser; the county admin approves it.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  byTestId,
  chooseOption,
  confirmMessageBox,
  fillField,
  loggedInPage,
  loginThroughUi,
  newPage,
  randomCreditCode,
  randomPhone,
  registerVolunteer,
  screenshot,
  skipReason,
  storyEnv,
  suffix,
  waitForText,
} from './support/helpers.mjs'

const reason = skipReason()

describe('organisation approval', { skip: reason ?? false }, () => {
  const env = storyEnv()

  test('a county admin approves an organisation', async () => {
    // 1. A volunteer registers through the API.
    const volunteer = await registerVolunteer(env.app.baseUrl, { name: '陈志远' })

    // 2. They log in and apply for an organisation through the form.
    const orgName = `梅江区青年志愿服务队${suffix()}`
    const v = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl })
    let orgId
    try {
      await loginThroughUi(v.page, volunteer.phone, volunteer.password)
      await v.page.waitForURL('**/me')
      await v.page.goto('/organizations/apply')
      await fillField(v.page, 'org-name', orgName)
      await chooseOption(v.page, 'org-type', '社会组织')
      await chooseOption(v.page, 'org-county', '梅江区')
      await fillField(v.page, 'org-credit-code', randomCreditCode('441402'))
      await fillField(v.page, 'org-contact-name', '陈志远')
      await fillField(v.page, 'org-contact-phone', volunteer.phone)
      await fillField(v.page, 'org-person-in-charge', '李梅芳')
      await fillField(v.page, 'org-description', '组织青年志愿者开展社区服务、文明交通劝导和应急救援培训。')
      await screenshot(v.page, 'b1-org-apply-filled')
      await byTestId(v.page, 'org-submit').click()
      await v.page.waitForURL(/\/organizations\/\d+$/)
      orgId = Number(new URL(v.page.url()).pathname.split('/').pop())
      assert.ok(orgId > 0)
      assert.equal((await byTestId(v.page, 'org-title').innerText()).trim(), orgName)
      assert.equal((await byTestId(v.page, 'org-status').innerText()).trim(), '待审核')
      // 负责人 (printed on the proofs the organisation issues) beside the contact.
      assert.equal((await byTestId(v.page, 'org-person-in-charge').innerText()).trim(), '李梅芳')
      await screenshot(v.page, 'b2-org-pending')
    } finally {
      await v.context.close()
    }

    // 3. The county admin of 441402 approves it on /admin/organizations.
    const admin = { phone: randomPhone(), password: 'Admin#Meizhou2026' }
    await env.app.createAdmin({ phone: admin.phone, password: admin.password, role: 'county_admin', county: '441402' })
    const a = await loggedInPage(env.chrome.browser, env.app.baseUrl, admin.phone, admin.password)
    try {
      await a.page.goto('/admin/organizations')
      const approve = byTestId(a.page, `review-approve-${orgId}`)
      await approve.waitFor()
      assert.equal((await byTestId(a.page, `review-status-${orgId}`).innerText()).trim(), '待审核')
      await screenshot(a.page, 'b3-review-pending')
      await approve.click()
      await confirmMessageBox(a.page)
      const status = byTestId(a.page, `review-status-${orgId}`)
      await waitForText(a.page, `review-status-${orgId}`, '已通过')
      assert.equal((await status.innerText()).trim(), '已通过')
      await a.page.waitForTimeout(300)
      await screenshot(a.page, 'b4-review-approved')

      // The approved organisation is now in the public list.
      await a.page.goto(`/organizations?q=${encodeURIComponent(orgName)}`)
      await a.page.getByText(orgName).first().waitFor()
      assert.deepEqual(a.problems.filter((p) => !/status of 401/.test(p)), [])
    } finally {
      await a.context.close()
    }

    // 4. Anyone sees it in the public list, on a phone too.
    const pub = await newPage(env.chrome.browser, { baseUrl: env.app.baseUrl, mobile: true })
    try {
      await pub.page.goto(`/organizations/${orgId}`)
      await byTestId(pub.page, 'org-title').waitFor()
      assert.equal((await byTestId(pub.page, 'org-status').innerText()).trim(), '已通过')
      await screenshot(pub.page, 'b5-org-public-phone-390')
    } finally {
      await pub.context.close()
    }
  })
})
