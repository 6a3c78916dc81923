#!/usr/bin/env node
// The JavaScript a page's first load fetches, measured in a real browser: Chromium (playwright-core, Debian's
// /usr/bin/chromium) opens BASE_URL + PATH with an empty cache, waits until the network is idle, and lists
// every script response (entry, modulepreloads and the chunks the route imports) with its size as sent on the
// wire and gzipped (zlib, default level 6 — what a server or proxy compressing on the fly sends; the server may
// send it uncompressed today, the wire column says which).
//
//   node scripts/measure-first-load.mjs http://127.0.0.1:8080 / /activities
//   node scripts/measure-first-load.mjs --login 13900000002:Zhiyuan@2026 --max-kb 300 http://127.0.0.1:8080 /
//   node scripts/measure-first-load.mjs --json http://127.0.0.1:8080 /
//
// Options: --login PHONE:PASSWORD logs in through the API first (POST /api/v1/sessions, the cookies stay in the
// browser context), so the page is the one that account sees; --mobile uses a 390×844 touch viewport;
// --css also lists the style sheets; --json prints one JSON object; --max-kb N exits 1 when a page's gzipped
// JavaScript exceeds N KB (1 KB = 1000 bytes, as Vite and Lighthouse count). CHROME_PATH or ZY_CHROMIUM picks
// the browser.
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'

function usage(msg) {
  if (msg) console.error(msg)
  console.error('usage: measure-first-load.mjs [--login PHONE:PASSWORD] [--mobile] [--css] [--json] [--max-kb N] BASE_URL [PATH...]')
  process.exit(2)
}

const opts = { login: null, mobile: false, css: false, json: false, maxKb: null }
const positional = []
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]
  if (a === '--login') opts.login = argv[++i] ?? usage('--login needs PHONE:PASSWORD')
  else if (a === '--mobile') opts.mobile = true
  else if (a === '--css') opts.css = true
  else if (a === '--json') opts.json = true
  else if (a === '--max-kb') opts.maxKb = Number(argv[++i] ?? usage('--max-kb needs a number'))
  else if (a === '-h' || a === '--help') usage()
  else if (a.startsWith('--')) usage(`unknown option ${a}`)
  else positional.push(a)
}
if (positional.length === 0) usage()
const baseUrl = positional[0].replace(/\/+$/, '')
const paths = positional.length > 1 ? positional.slice(1) : ['/']

const executablePath = process.env.CHROME_PATH ?? process.env.ZY_CHROMIUM ?? '/usr/bin/chromium'
const browser = await chromium.launch({
  executablePath,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
})

const kb = (n) => (n / 1000).toFixed(1)

async function measure(path) {
  const context = await browser.newContext(
    opts.mobile
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 800 } },
  )
  if (opts.login) {
    const sep = opts.login.indexOf(':')
    const phone = opts.login.slice(0, sep)
    const password = opts.login.slice(sep + 1)
    const r = await context.request.post(`${baseUrl}/api/v1/sessions`, { data: { phone, password } })
    if (r.status() !== 201) throw new Error(`log-in as ${phone} answered ${r.status()}: ${await r.text()}`)
  }
  const page = await context.newPage()
  const pending = []
  page.on('response', (response) => {
    const type = response.request().resourceType()
    const contentType = response.headers()['content-type'] ?? ''
    const isJs = type === 'script' || /javascript/.test(contentType)
    const isCss = type === 'stylesheet' || /text\/css/.test(contentType)
    if (!isJs && !(opts.css && isCss)) return
    pending.push(
      (async () => {
        const body = await response.body()
        const sizes = await response.request().sizes()
        const url = new URL(response.url())
        return {
          kind: isJs ? 'js' : 'css',
          file: url.origin === new URL(baseUrl).origin ? url.pathname : url.href,
          status: response.status(),
          raw: body.length,
          wire: sizes.responseBodySize,
          encoding: response.headers()['content-encoding'] ?? 'identity',
          gzip: gzipSync(body).length,
        }
      })(),
    )
  })
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' })
  const finalPath = new URL(page.url()).pathname
  const files = (await Promise.all(pending)).sort((a, b) => a.kind.localeCompare(b.kind) || b.gzip - a.gzip)
  await context.close()
  const js = files.filter((f) => f.kind === 'js')
  const sum = (list, key) => list.reduce((s, f) => s + f[key], 0)
  return {
    path,
    finalPath,
    files,
    js: { count: js.length, raw: sum(js, 'raw'), wire: sum(js, 'wire'), gzip: sum(js, 'gzip') },
  }
}

const results = []
try {
  for (const path of paths) results.push(await measure(path))
} finally {
  await browser.close()
}

if (opts.json) {
  console.log(JSON.stringify({ baseUrl, login: opts.login?.split(':')[0] ?? null, mobile: opts.mobile, pages: results }, null, 2))
} else {
  for (const r of results) {
    const moved = r.finalPath !== r.path ? ` (→ ${r.finalPath})` : ''
    console.log(`\n${baseUrl}${r.path}${moved}${opts.login ? ` as ${opts.login.split(':')[0]}` : ''}`)
    console.log(`  ${'kind'.padEnd(4)} ${'raw KB'.padStart(9)} ${'wire KB'.padStart(9)} ${'gzip KB'.padStart(9)}  file`)
    for (const f of r.files) {
      const enc = f.encoding !== 'identity' ? ` [${f.encoding}]` : ''
      console.log(`  ${f.kind.padEnd(4)} ${kb(f.raw).padStart(9)} ${kb(f.wire).padStart(9)} ${kb(f.gzip).padStart(9)}  ${f.file}${enc}`)
    }
    console.log(`  JS total: ${r.js.count} files, ${kb(r.js.raw)} KB raw, ${kb(r.js.wire)} KB on the wire, ${kb(r.js.gzip)} KB gzipped`)
  }
}

if (opts.maxKb !== null) {
  const over = results.filter((r) => r.js.gzip > opts.maxKb * 1000)
  for (const r of over) console.error(`${r.path}: ${kb(r.js.gzip)} KB of JavaScript gzipped > ${opts.maxKb} KB`)
  if (over.length) process.exit(1)
}
