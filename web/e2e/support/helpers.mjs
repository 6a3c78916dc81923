// Shared helpers of the browser stories (node:test + playwright-core + Debian's chromium).
import { existsSync, mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createHmac, randomBytes, randomInt } from 'node:crypto'
import { inflateRawSync } from 'node:zlib'
import { after, before } from 'node:test'
import { chromium } from 'playwright-core'
import { DEMO_TOTP_SECRET, isDemoAdmin, parseOtpauth, withFreshTotp } from '../../../tests/support/totp.mjs'

export { DEMO_TOTP_SECRET, totpCode, totpStep } from '../../../tests/support/totp.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
export const WEB_ROOT = path.resolve(here, '../..')
export const REPO_ROOT = path.resolve(WEB_ROOT, '..')
export const ARTIFACTS = path.join(WEB_ROOT, 'e2e', 'artifacts')
const SERVER_HELPER = path.join(REPO_ROOT, 'tests', 'support', 'server.mjs')
const SERVER_BINARY = path.join(REPO_ROOT, 'build', 'zhiyuan')

export const CHROMIUM = process.env.ZY_CHROMIUM ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Why the stories cannot run here, or null. The real server (tests/support/server.mjs + build/zhiyuan)
 * is used unless ZY_E2E_MOCK=1 picks the in-memory stand-in. ZY_E2E_REQUIRE_SERVER=1 turns a skip into
 * a failure (for CI once the server is built).
 */
export function unavailableReason() {
  if (!existsSync(path.join(WEB_ROOT, 'dist', 'index.html'))) return 'web/dist is missing: run `npm run build` in web/ first'
  if (!existsSync(CHROMIUM)) return `no browser at ${CHROMIUM}`
  if (process.env.ZY_E2E_MOCK === '1') return null
  if (!existsSync(SERVER_HELPER)) return 'tests/support/server.mjs does not exist yet'
  if (!existsSync(SERVER_BINARY)) return 'build/zhiyuan has not been built'
  return null
}

export function skipReason() {
  const reason = unavailableReason()
  if (reason && process.env.ZY_E2E_REQUIRE_SERVER === '1') throw new Error(`e2e cannot run: ${reason}`)
  return reason
}

export async function startApp() {
  if (process.env.ZY_E2E_MOCK === '1') {
    const { startServer } = await import('./mock-server.mjs')
    return startServer()
  }
  const { startServer } = await import(pathToFileURL(SERVER_HELPER).href)
  return rememberingTotp(await startServer())
}

// ---- the second factor of administrators (动态口令) -----------------------------------------------------------
// City and county admins and auditors log in with a 6-digit code of their authenticator (RFC 6238), each code
// once per account (tests/support/totp.mjs picks unused ones and waits for the next 30 s step when needed).
// The secret of each administrator a story creates is remembered here, per server; the demo administrators
// share the published demo secret.
const totpSecrets = new Map() // `${baseUrl} ${phone}` → base32 secret

/** Remembers the authenticator secret of `phone` on the server: from `admin create`'s output or a secret. */
export function rememberTotp(baseUrl, phone, stdoutOrSecret) {
  const secret = parseOtpauth(stdoutOrSecret)?.secret ?? (/^[A-Z2-7]{16,}=*$/i.test(stdoutOrSecret ?? '') ? stdoutOrSecret : null)
  if (secret) totpSecrets.set(`${new URL(baseUrl).origin} ${phone}`, secret)
  return secret
}

/** The authenticator secret of `phone` on the server, or null for accounts logging in without one. */
export function totpSecretFor(baseUrl, phone) {
  const known = totpSecrets.get(`${new URL(baseUrl).origin} ${phone}`)
  if (known) return known
  return isDemoAdmin(phone) ? DEMO_TOTP_SECRET : null
}

/** Runs `fn(code)` with the next unused code of `phone` on the server (one log-in of that account at a time). */
export function withTotpOf(baseUrl, phone, fn) {
  const secret = totpSecretFor(baseUrl, phone)
  if (!secret) throw new Error(`no authenticator secret is known for ${phone}`)
  return withFreshTotp({ where: new URL(baseUrl).origin, secret, account: phone }, fn)
}

/** The real server's `createAdmin` also remembers the secret it prints (the mock prints none). */
function rememberingTotp(app) {
  const create = app.createAdmin.bind(app)
  app.createAdmin = (options) => {
    const out = create(options)
    if (typeof out === 'string') rememberTotp(app.baseUrl, options.phone, out)
    return out
  }
  return app
}

/** Debian's chromium; Playwright's launch() gives it a fresh temporary profile of its own. */
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  return {
    browser,
    async close() {
      await browser.close().catch(() => {})
    },
  }
}

/** A page in its own context (own cookies), collecting console errors for the report. */
export async function newPage(browser, { baseUrl, mobile = false } = {}) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: mobile ? { width: 390, height: 844 } : { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    isMobile: mobile,
    hasTouch: mobile,
  })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    // The home page asks for the city's figures and shows no band when the server has none (404): an answer it
    // expects, not a problem of the page.
    if (/status of 404/.test(m.text()) && isOptionalResource(m.location()?.url)) return
    problems.push(`console: ${m.text()}`)
  })
  return { context, page, problems }
}

/** Resources a page may find missing without it being an error (see the console handler of newPage). */
const OPTIONAL_RESOURCES = ['/api/v1/portal/figures']
function isOptionalResource(url) {
  if (!url) return false
  try {
    return OPTIONAL_RESOURCES.includes(new URL(url).pathname)
  } catch {
    return false
  }
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, `${name}.png`)
  // Let Element Plus transitions (messages, dropdowns, tags) settle, and start from the top.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(350)
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' })
  return file
}

// ---- test data ------------------------------------------------------------
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export function residentIdCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]
  return '10X98765432'[sum % 11]
}

/** A GB 11643-valid resident ID: region 441402, an adult birth date, a random sequence. */
export function randomResidentId({ region = '441402', minYear = 1965, maxYear = 2000 } = {}) {
  const year = randomInt(minYear, maxYear + 1)
  const month = randomInt(1, 13)
  const day = randomInt(1, 29)
  const seq = String(randomInt(0, 1000)).padStart(3, '0')
  const first17 = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`
  return first17 + residentIdCheck(first17)
}

export function randomPhone() {
  const prefix = ['13', '15', '18'][randomInt(0, 3)]
  return prefix + String(randomInt(0, 1_000_000_000)).padStart(9, '0')
}

const CC = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export function creditCodeCheck(first17) {
  let sum = 0
  let w = 1
  for (let i = 0; i < 17; i++) {
    sum += CC.indexOf(first17[i]) * w
    w = (w * 3) % 31
  }
  const c = 31 - (sum % 31)
  return CC[c === 31 ? 0 : c]
}

/** A GB 32100-valid code of a social organisation registered in `region`. */
export function randomCreditCode(region = '441402') {
  let body = ''
  for (let i = 0; i < 9; i++) body += CC[randomInt(0, CC.length)]
  const first17 = `52${region}${body}`
  return first17 + creditCodeCheck(first17)
}

export function suffix() {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

// ---- Element Plus interactions --------------------------------------------
export function byTestId(page, id) {
  return page.locator(`[data-testid="${id}"]`)
}

/** Fill an el-input whose data-testid lands either on the <input>/<textarea> or on its wrapper. */
export async function fillField(page, id, value) {
  const el = byTestId(page, id).first()
  const tag = await el.evaluate((n) => n.tagName.toLowerCase())
  const target = tag === 'input' || tag === 'textarea' ? el : el.locator('input, textarea').first()
  await target.fill(value)
  await target.blur()
}

/** Pick an option of an el-select by its visible label. */
export async function chooseOption(page, id, label) {
  await byTestId(page, id).first().click()
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: label }).first()
  await option.click()
}

/** Type a new tag into a multiple, allow-create el-select and confirm it with Enter. */
export async function addTag(page, id, text) {
  const sel = byTestId(page, id).first()
  await sel.click()
  const input = sel.locator('input').first()
  await input.fill(text)
  await page.keyboard.press('Enter')
  await page.keyboard.press('Escape')
}

/** Clicks the log-in button and waits for the server's answer to POST /sessions: {status, code}. */
async function submitLogin(page) {
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/sessions' && r.request().method() === 'POST')
  await byTestId(page, 'login-submit').click()
  const r = await answer
  let code = ''
  if (r.status() >= 400) code = (await r.json().catch(() => ({}))).code ?? ''
  return { status: r.status(), code }
}

/**
 * Log in through the UI and wait for the server's answer. An administrator is asked for the authenticator's code
 * (动态口令) after the password: the code field is filled with the next unused code and the form sent again.
 * Answers the last {status, code} of POST /sessions.
 */
export async function loginThroughUi(page, phone, password) {
  await page.goto('/login')
  await fillField(page, 'login-phone', phone)
  await fillField(page, 'login-password', password)
  const first = await submitLogin(page)
  if (first.code !== 'totp_required') return first
  const baseUrl = new URL(page.url()).origin
  await byTestId(page, 'login-totp').first().waitFor()
  return withTotpOf(baseUrl, phone, async (code) => {
    await fillField(page, 'login-totp', code)
    return submitLogin(page)
  })
}

/** POST JSON to the API without a session (registration is public). */
export async function apiPost(baseUrl, pathname, body) {
  const res = await fetch(new URL(pathname, baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text }
}

// ---- the API as a program (Bearer token, no CSRF) ----------------------------
/** A small JSON client; `token` is a Bearer token from POST /sessions. Throws on unexpected statuses. */
export function apiClient(baseUrl, token) {
  const call = async (method, pathname, body, expect) => {
    const headers = { Accept: 'application/json' }
    if (token) headers.Authorization = `Bearer ${token}`
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const res = await fetch(new URL(pathname, baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    let json = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      /* not JSON */
    }
    if (expect !== undefined && res.status !== expect) {
      throw new Error(`${method} ${pathname} answered ${res.status} (expected ${expect}): ${text}`)
    }
    return { status: res.status, json, text }
  }
  return {
    get: (p, expect = 200) => call('GET', p, undefined, expect),
    post: (p, body = {}, expect) => call('POST', p, body, expect),
    patch: (p, body = {}, expect) => call('PATCH', p, body, expect),
    del: (p, expect) => call('DELETE', p, undefined, expect),
  }
}

/** Registers a volunteer through the API and logs in; returns {phone, password, token, volunteer, api}. */
export async function registerVolunteer(baseUrl, { name, county = '441402', political = 'league_member', ...extra } = {}) {
  const phone = randomPhone()
  const password = 'Zhiyuan#2026'
  const pub = apiClient(baseUrl)
  const reg = await pub.post(
    '/api/v1/volunteers',
    {
      name,
      id_type: 'resident_id',
      id_number: randomResidentId({ region: county }),
      phone,
      password,
      county_code: county,
      political_status: political,
      ...extra,
    },
    201,
  )
  const session = await pub.post('/api/v1/sessions', { phone, password }, 201)
  return { phone, password, token: session.json.token, volunteer: reg.json, api: apiClient(baseUrl, session.json.token) }
}

/** China wall-clock "YYYY-MM-DD HH:mm" of a Date (what the datetime pickers show and take). */
export function chinaPicker(date) {
  const t = new Date(date.getTime() + 8 * 3600 * 1000)
  return t.toISOString().slice(0, 16).replace('T', ' ')
}

/** RFC 3339 with +08:00 of a Date. */
export function chinaRfc3339(date) {
  const t = new Date(date.getTime() + 8 * 3600 * 1000)
  return `${t.toISOString().slice(0, 19)}+08:00`
}

/** Type a value into an el-date-picker (datetime) and confirm it. */
export async function fillDateTime(page, id, value) {
  const el = byTestId(page, id).first()
  const tag = await el.evaluate((n) => n.tagName.toLowerCase())
  const input = tag === 'input' ? el : el.locator('input').first()
  await input.click()
  await input.fill(value)
  // Enter parses the typed text and closes the panel (Escape would also close an enclosing dialog).
  await input.press('Enter')
  await input.blur()
}

/** Confirm the open ElMessageBox (its primary button). */
export async function confirmMessageBox(page) {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

/** Clicks `locator` and waits for the browser download it starts; returns {name, bytes}. */
export async function downloadOf(page, locator) {
  const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()])
  const file = await dl.path()
  return { name: dl.suggestedFilename(), bytes: await readFile(file) }
}

/**
 * The files of a ZIP archive (an XLSX) by name, read through its central directory: stored and deflated entries.
 * Throws on anything else, so a test never passes on a file it could not read.
 */
export function zipEntries(bytes) {
  const buf = Buffer.from(bytes)
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a ZIP archive (no end of central directory)')
  const count = buf.readUInt16LE(eocd + 10)
  let at = buf.readUInt32LE(eocd + 16)
  const files = new Map()
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`)
    const method = buf.readUInt16LE(at + 10)
    const size = buf.readUInt32LE(at + 20)
    const nameLength = buf.readUInt16LE(at + 28)
    const extraLength = buf.readUInt16LE(at + 30)
    const commentLength = buf.readUInt16LE(at + 32)
    const local = buf.readUInt32LE(at + 42)
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(dataAt, dataAt + size)
    if (method === 0) files.set(name, Buffer.from(data))
    else if (method === 8) files.set(name, inflateRawSync(data))
    else throw new Error(`${name}: unsupported compression method ${method}`)
    at += 46 + nameLength + extraLength + commentLength
  }
  return files
}

/** Wait until the element's trimmed text equals `text`. */
export async function waitForText(page, id, text, timeout = 15_000) {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent?.trim() === want,
    [`[data-testid="${id}"]`, text],
    { timeout },
  )
}

// ---- shared story set-up ------------------------------------------------------
/** Pages may log the 401 of an anonymous probe or an intended refusal (422/409); nothing else. */
export function unexpectedProblems(problems) {
  return problems.filter((p) => !/status of (401|409|422)/.test(p))
}

/** The real server with the demo data of `zhiyuan serve --demo` (not in the in-memory mock). */
export async function startDemoApp() {
  const { startServer } = await import(pathToFileURL(SERVER_HELPER).href)
  return rememberingTotp(await startServer({ demo: true }))
}

/**
 * Logs in through the API (with the next unused authenticator code for an administrator); returns a client with
 * the session's Bearer token.
 */
export async function apiLogin(baseUrl, phone, password) {
  const post = (body) => apiClient(baseUrl).post('/api/v1/sessions', body, 201)
  const s = totpSecretFor(baseUrl, phone)
    ? await withTotpOf(baseUrl, phone, (totp) => post({ phone, password, totp }))
    : await post({ phone, password })
  return apiClient(baseUrl, s.json.token)
}

/** A new page (own context) logged in through the UI, past the log-in page. */
export async function loggedInPage(browser, baseUrl, phone, password, { mobile = false } = {}) {
  const p = await newPage(browser, { baseUrl, mobile })
  await loginThroughUi(p.page, phone, password)
  await p.page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return p
}

/** Creates a county admin on the server and logs in through the API; returns {phone, password, api}. */
export async function createCountyAdmin(app, { county = '441402', password = 'Admin#Meizhou2026', ...extra } = {}) {
  const phone = extra.phone ?? randomPhone()
  await app.createAdmin({ ...extra, phone, password, role: 'county_admin', county })
  return { phone, password, api: await apiLogin(app.baseUrl, phone, password) }
}

/**
 * A volunteer who applied for an organisation, approved by the county admin (`county`, an API client):
 * now its org admin. Returns registerVolunteer's result plus `org`.
 */
export async function createOrganiser(baseUrl, county, { name, orgName, description }) {
  const o = await registerVolunteer(baseUrl, { name })
  const org = await o.api.post(
    '/api/v1/organizations',
    {
      name: orgName,
      type: 'grassroots_team',
      county_code: '441402',
      contact_name: name,
      contact_phone: o.phone,
      description,
    },
    201,
  )
  await county.post(`/api/v1/organizations/${org.json.id}/approve`, {}, 200)
  return { ...o, org: org.json }
}

/**
 * An activity of the organiser's organisation (starts/ends as Dates) created through the API; `fields`
 * override the defaults. Published unless `draft`. Returns the created activity.
 */
export async function createActivity(boss, { starts, ends, draft = false, ...fields }) {
  const created = await boss.api.post(
    '/api/v1/activities',
    {
      organization_id: boss.org.id,
      category: '环境保护',
      recipients: '社区居民',
      content: '清理河堤垃圾，宣传垃圾分类。',
      requirements: '自备手套',
      risks: '河堤湿滑，注意安全',
      county_code: '441402',
      address: '梅江区梅江河堤江北段',
      latitude: 24.2952,
      longitude: 116.1171,
      starts_at: chinaRfc3339(starts),
      ends_at: chinaRfc3339(ends),
      quota: 20,
      contact_name: boss.volunteer.name,
      contact_phone: boss.phone,
      ...fields,
    },
    201,
  )
  if (!draft) await boss.api.post(`/api/v1/activities/${created.json.id}/publish`, {}, 200)
  return created.json
}

/**
 * Registers the before/after hooks of a story: the server (the demo data with `demo`) and the browser.
 * Returns an object whose `app` and `chrome` are set once the hooks have run.
 */
export function storyEnv({ demo = false } = {}) {
  const env = { app: undefined, chrome: undefined }
  before(async () => {
    env.app = demo ? await startDemoApp() : await startApp()
    env.chrome = await launchBrowser()
  })
  after(async () => {
    await env.chrome?.close()
    await env.app?.stop()
  })
  return env
}

// ---- partner banks (一证一卡) ------------------------------------------------------------------
/**
 * Gives a partner bank an API key: `zhiyuan banks add <code>` run against the story server's own database and
 * key file (the real server's `runCli`; SQLite WAL lets it run beside the server). Returns the key (zyb_…).
 */
export function bankApiKey(app, code) {
  if (typeof app.runCli !== 'function') throw new Error('bankApiKey needs the real server (not the mock)')
  const r = app.runCli(['banks', 'add', code])
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`
  const m = /API key: (zyb_\S+)/.exec(out)
  if (r.status !== 0 || !m) throw new Error(`banks add ${code} failed (${r.status}): ${out}`)
  return m[1]
}

/**
 * A request of a bank's own system to the signed bank API: X-Bank-Code, X-Timestamp (Unix s), a fresh X-Nonce and
 * X-Signature = hex HMAC-SHA256(key, timestamp\nnonce\nMETHOD\npath-with-query\nbody). Returns {status, json, text}.
 */
export async function bankRequest(baseUrl, { code, key }, method, pathname, body = '') {
  const payload = typeof body === 'string' ? body : JSON.stringify(body)
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = randomBytes(12).toString('hex')
  const signature = createHmac('sha256', key).update(`${timestamp}\n${nonce}\n${method}\n${pathname}\n${payload}`).digest('hex')
  const headers = { 'X-Bank-Code': code, 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Signature': signature, Accept: 'application/json' }
  if (method !== 'GET') headers['Content-Type'] = typeof body === 'string' ? 'text/csv' : 'application/json'
  const res = await fetch(new URL(pathname, baseUrl), { method, headers, body: method === 'GET' ? undefined : payload })
  const text = await res.text()
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text }
}
