// An in-memory stand-in for the Zhiyuan server, for front-end development only.
//
// Same interface as tests/support/server.mjs (startServer → {baseUrl, stop, createAdmin}), serving
// web/dist with an SPA fallback and a subset of docs/api.md. It is NOT the contract: the real server is.
// Use: ZY_E2E_MOCK=1 node --test e2e/   or   node e2e/support/mock-server.mjs  (prints the URL)
import http from 'node:http'
import { randomBytes, randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const DIST = path.resolve(here, '../../dist')

const COUNTIES = [
  ['441402', '梅江区', 437800],
  ['441403', '梅县区', 555100],
  ['441422', '大埔县', 323000],
  ['441423', '丰顺县', 480000],
  ['441424', '五华县', 924400],
  ['441426', '平远县', 190000],
  ['441427', '蕉岭县', 177400],
  ['441481', '兴宁市', 770300],
]

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
function idValid(id) {
  if (!/^\d{17}[\dX]$/.test(id)) return false
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(id[i]) * W[i]
  return '10X98765432'[s % 11] === id[17]
}
const CC = '0123456789ABCDEFGHJKLMNPQRTUWXY'
function creditValid(code) {
  if (!code || code.length !== 18) return false
  let s = 0
  let w = 1
  for (let i = 0; i < 17; i++) {
    const v = CC.indexOf(code[i])
    if (v < 0) return false
    s += v * w
    w = (w * 3) % 31
  }
  const c = 31 - (s % 31)
  return CC[c === 31 ? 0 : c] === code[17]
}
const maskId = (s) => s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4)
const maskPhone = (p) => (p ? p.slice(0, 3) + '****' + p.slice(-4) : p)
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf' }

export async function startServer() {
  const db = {
    accounts: [], // {id,name,phone,password,roles,created_at,volunteer_id}
    volunteers: [],
    orgs: [],
    memberships: [],
    teams: [],
    sessions: new Map(), // token -> {account_id, csrf}
    populations: new Map(COUNTIES.map(([c, , p]) => [c, [{ year: 2022, population: p, updated_at: new Date().toISOString(), note: '2022 统计公报' }]])),
    audit: [],
    seq: 1,
  }
  const now = () => new Date().toISOString()
  const nextId = () => db.seq++

  function problem(res, status, code, detail, errors) {
    const body = { type: 'about:blank', title: detail, status, code, detail, request_id: randomUUID(), ...(errors ? { errors } : {}) }
    res.writeHead(status, { 'Content-Type': 'application/problem+json' })
    res.end(JSON.stringify(body))
  }
  function json(res, status, body, headers = {}) {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
    res.end(body === undefined ? '' : JSON.stringify(body))
  }
  function cookies(req) {
    const out = {}
    for (const p of (req.headers.cookie ?? '').split(';')) {
      const i = p.indexOf('=')
      if (i > 0) out[p.slice(0, i).trim()] = decodeURIComponent(p.slice(i + 1).trim())
    }
    return out
  }
  function auth(req) {
    const c = cookies(req)
    const s = c.zy_session && db.sessions.get(c.zy_session)
    if (!s) return null
    return { session: s, token: c.zy_session, account: db.accounts.find((a) => a.id === s.account_id) }
  }
  const regionName = (code) => COUNTIES.find((c) => c[0] === code)?.[1] ?? code
  function latestPop(code) {
    const list = db.populations.get(code) ?? []
    return list.reduce((a, b) => (!a || b.year > a.year ? b : a), null)
  }
  function volunteerView(v) {
    return {
      ...v,
      password: undefined,
      id_number: maskId(v.id_number),
      phone: maskPhone(v.phone),
      emergency_contact_phone: v.emergency_contact_phone ? maskPhone(v.emergency_contact_phone) : null,
      guardian_phone: v.guardian_phone ? maskPhone(v.guardian_phone) : null,
      county_name: regionName(v.county_code),
    }
  }
  function orgView(o) {
    const parent = db.orgs.find((p) => p.id === o.parent_id)
    return {
      ...o,
      county_name: regionName(o.county_code),
      parent_name: parent?.name ?? null,
      contact_phone: maskPhone(o.contact_phone),
      member_count: db.memberships.filter((m) => m.organization_id === o.id && m.status === 'approved').length,
    }
  }
  function roleOf(acc, name) {
    return acc.roles.filter((r) => r.role === name)
  }
  function canReview(acc, o) {
    return roleOf(acc, 'city_admin').length > 0 || roleOf(acc, 'county_admin').some((r) => r.county_code === o.county_code)
  }
  function isOrgAdmin(acc, id) {
    return acc.roles.some((r) => r.role === 'org_admin' && r.organization_id === id)
  }
  function audit(acc, action, object_type, object_id, result = 'success') {
    db.audit.push({ id: nextId(), at: now(), actor_id: acc?.id ?? null, actor_role: acc?.roles[0]?.role ?? null, action, object_type, object_id, result, request_id: randomUUID(), detail: null })
  }
  function page(items, url) {
    const p = Math.max(1, Number(url.searchParams.get('page')) || 1)
    const s = Math.min(100, Number(url.searchParams.get('page_size')) || 20)
    return { items: items.slice((p - 1) * s, p * s), total: items.length, page: p, page_size: s }
  }

  async function readBody(req) {
    const chunks = []
    for await (const c of req) chunks.push(c)
    if (!chunks.length) return {}
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return null
    }
  }

  function login(acc, res, status = 201) {
    const token = randomBytes(24).toString('hex')
    const csrf = randomBytes(16).toString('hex')
    db.sessions.set(token, { account_id: acc.id, csrf })
    json(res, status, { token, csrf_token: csrf, expires_at: new Date(Date.now() + 1800e3).toISOString(), account: accountView(acc) }, {
      'Set-Cookie': [`zy_session=${token}; Path=/; HttpOnly; SameSite=Strict`, `zy_csrf=${csrf}; Path=/; SameSite=Strict`],
    })
  }
  function accountView(acc) {
    return { id: acc.id, name: acc.name, phone: maskPhone(acc.phone), roles: acc.roles, created_at: acc.created_at }
  }

  async function api(req, res, url) {
    const m = req.method
    const p = url.pathname.replace(/^\/api\/v1/, '')
    const a = auth(req)
    const acc = a?.account ?? null
    let body = {}
    if (m !== 'GET' && m !== 'HEAD') {
      body = await readBody(req)
      if (body === null) return problem(res, 400, 'bad_request', '请求体不是有效的 JSON')
      if (a && req.headers['x-csrf-token'] !== a.session.csrf) return problem(res, 403, 'csrf_failed', 'CSRF 校验失败')
    }
    const need = () => {
      if (!acc) {
        problem(res, 401, 'unauthenticated', '请先登录')
        return false
      }
      return true
    }
    let mm
    if (m === 'GET' && p === '/regions') {
      const items = COUNTIES.map(([code, name]) => ({ code, name, level: 'county', population: latestPop(code)?.population ?? null, population_year: latestPop(code)?.year ?? null }))
      return json(res, 200, { city: { code: '441400', name: '梅州市', population: 3858000, population_year: 2022 }, items })
    }
    if ((mm = p.match(/^\/regions\/(\d{6})\/populations$/)) && m === 'GET') return json(res, 200, { items: db.populations.get(mm[1]) ?? [] })
    if ((mm = p.match(/^\/regions\/(\d{6})\/populations\/(\d{4})$/)) && m === 'PUT') {
      if (!need()) return
      if (!roleOf(acc, 'city_admin').length) return problem(res, 403, 'forbidden', '只有市级管理员可以修改人口')
      if (!Number.isInteger(body.population) || body.population <= 0) return problem(res, 422, 'validation_failed', '请检查标注的字段', [{ field: 'population', code: 'invalid', message: '人口必须是正整数' }])
      const list = db.populations.get(mm[1]) ?? []
      const year = Number(mm[2])
      const entry = { year, population: body.population, updated_at: now(), note: body.note ?? null }
      db.populations.set(mm[1], [...list.filter((e) => e.year !== year), entry])
      audit(acc, 'region.population.put', 'region', mm[1])
      return json(res, 200, entry)
    }
    if (m === 'POST' && p === '/volunteers') {
      const errors = []
      if (!body.name) errors.push({ field: 'name', code: 'required', message: '请填写姓名' })
      const idType = body.id_type ?? 'resident_id'
      if (idType === 'resident_id' && !idValid(String(body.id_number ?? '').toUpperCase())) errors.push({ field: 'id_number', code: 'invalid_check_digit', message: '身份证号码校验位不正确' })
      if (!/^1[3-9]\d{9}$/.test(body.phone ?? '')) errors.push({ field: 'phone', code: 'invalid_phone', message: '手机号码格式不正确' })
      if (!COUNTIES.some((c) => c[0] === body.county_code)) errors.push({ field: 'county_code', code: 'invalid', message: '请选择县（市、区）' })
      if (errors.length) return problem(res, 422, 'validation_failed', '请检查标注的字段', errors)
      const idn = String(body.id_number).toUpperCase()
      if (db.volunteers.some((v) => v.id_number === idn)) return problem(res, 409, 'duplicate_id_number', '该证件号码已注册', [{ field: 'id_number', code: 'duplicate_id_number', message: '该证件号码已注册' }])
      if (db.accounts.some((x) => x.phone === body.phone)) return problem(res, 409, 'duplicate_phone', '该手机号码已注册', [{ field: 'phone', code: 'duplicate_phone', message: '该手机号码已注册' }])
      const id = nextId()
      const birth = idType === 'resident_id' ? `${idn.slice(6, 10)}-${idn.slice(10, 12)}-${idn.slice(12, 14)}` : body.birth_date
      const gender = idType === 'resident_id' ? (Number(idn[16]) % 2 ? 'male' : 'female') : body.gender
      const v = {
        id, volunteer_number: `ZY2026${String(id).padStart(6, '0')}`, name: body.name, id_type: idType, id_number: idn, gender, birth_date: birth,
        phone: body.phone, county_code: body.county_code, political_status: body.political_status, skills: body.skills ?? [], service_categories: body.service_categories ?? [],
        availability: body.availability ?? null, emergency_contact_name: body.emergency_contact_name ?? null, emergency_contact_phone: body.emergency_contact_phone ?? null,
        is_minor: false, guardian_name: body.guardian_name ?? null, guardian_phone: body.guardian_phone ?? null, guardian_consent: body.guardian_consent ?? null,
        real_name_status: 'pending', registered_at: now(),
      }
      db.volunteers.push(v)
      db.accounts.push({ id: nextId(), name: body.name, phone: body.phone, password: body.password, roles: [{ role: 'volunteer' }], created_at: now(), volunteer_id: id })
      return json(res, 201, volunteerView(v))
    }
    if (m === 'POST' && p === '/sessions') {
      const x = db.accounts.find((y) => y.phone === body.phone)
      if (!x || x.password !== body.password) return problem(res, 401, 'invalid_credentials', '手机号码或密码不正确')
      return login(x, res)
    }
    if (m === 'DELETE' && p === '/sessions/current') {
      if (a) db.sessions.delete(a.token)
      res.writeHead(204, { 'Set-Cookie': ['zy_session=; Path=/; Max-Age=0', 'zy_csrf=; Path=/; Max-Age=0'] })
      return res.end()
    }
    if (m === 'GET' && p === '/me') {
      if (!need()) return
      const v = db.volunteers.find((y) => y.id === acc.volunteer_id)
      return json(res, 200, { account: accountView(acc), volunteer: v ? volunteerView(v) : null })
    }
    if (m === 'PATCH' && p === '/me/volunteer') {
      if (!need()) return
      const v = db.volunteers.find((y) => y.id === acc.volunteer_id)
      if (!v) return problem(res, 404, 'not_found', '未找到')
      for (const k of ['political_status', 'skills', 'service_categories', 'availability', 'emergency_contact_name', 'emergency_contact_phone', 'county_code']) if (k in body) v[k] = body[k]
      return json(res, 200, volunteerView(v))
    }
    if (m === 'PUT' && p === '/me/password') {
      if (!need()) return
      if (body.current_password !== acc.password) return problem(res, 422, 'validation_failed', '当前密码不正确', [{ field: 'current_password', code: 'wrong_password', message: '当前密码不正确' }])
      acc.password = body.new_password
      res.writeHead(204)
      return res.end()
    }
    if (m === 'GET' && p === '/organizations') {
      let list = db.orgs
      const st = url.searchParams.get('status')
      const cc = url.searchParams.get('county_code')
      const q = url.searchParams.get('q')
      if (url.searchParams.get('mine') === 'true') {
        if (!need()) return
        list = list.filter((o) => isOrgAdmin(acc, o.id) || db.memberships.some((mb) => mb.organization_id === o.id && mb.volunteer_id === acc.volunteer_id))
      } else {
        list = list.filter((o) => o.status === 'approved' || (acc && canReview(acc, o)))
      }
      if (st) list = list.filter((o) => o.status === st)
      if (cc) list = list.filter((o) => o.county_code === cc)
      if (q) list = list.filter((o) => o.name.includes(q))
      return json(res, 200, page(list.map(orgView), url))
    }
    if (m === 'POST' && p === '/organizations') {
      if (!need()) return
      const errors = []
      if (!body.name) errors.push({ field: 'name', code: 'required', message: '请填写组织名称' })
      if (body.type !== 'grassroots_team' && !body.credit_code) errors.push({ field: 'credit_code', code: 'required', message: '请填写统一社会信用代码' })
      const valid = body.credit_code ? creditValid(body.credit_code) : true
      if (body.credit_code && !valid && !body.credit_code_note) errors.push({ field: 'credit_code', code: 'invalid_credit_code', message: '统一社会信用代码校验不通过' })
      if (errors.length) return problem(res, 422, 'validation_failed', '请检查标注的字段', errors)
      const o = {
        id: nextId(), name: body.name, credit_code: body.credit_code ?? null, credit_code_valid: valid, credit_code_note: body.credit_code_note ?? null, type: body.type,
        county_code: body.county_code, parent_id: body.parent_id ?? null, contact_name: body.contact_name, contact_phone: body.contact_phone, person_in_charge: body.person_in_charge ?? '', description: body.description ?? null,
        status: 'pending', status_reason: null, applied_at: now(), decided_at: null,
      }
      db.orgs.push(o)
      acc.roles.push({ role: 'org_admin', organization_id: o.id, organization_name: o.name })
      audit(acc, 'organization.apply', 'organization', o.id)
      return json(res, 201, orgView(o))
    }
    if ((mm = p.match(/^\/organizations\/(\d+)(\/.*)?$/))) {
      const o = db.orgs.find((x) => x.id === Number(mm[1]))
      const rest = mm[2] ?? ''
      const visible = o && (o.status === 'approved' || (acc && (canReview(acc, o) || isOrgAdmin(acc, o.id))))
      if (!visible) return problem(res, 404, 'not_found', '未找到该组织')
      if (m === 'GET' && rest === '') return json(res, 200, orgView(o))
      if (!need()) return
      if (m === 'POST' && (rest === '/approve' || rest === '/reject')) {
        if (!canReview(acc, o)) return problem(res, 403, 'forbidden', '没有权限')
        if (rest === '/approve') {
          if (!o.credit_code_valid && o.credit_code && !body.credit_code_override_reason) return problem(res, 422, 'validation_failed', '请填写核实理由', [{ field: 'credit_code_override_reason', code: 'required', message: '请填写核实理由' }])
          o.status = 'approved'
        } else {
          if (!body.reason) return problem(res, 422, 'validation_failed', '请填写驳回理由', [{ field: 'reason', code: 'required', message: '请填写驳回理由' }])
          o.status = 'rejected'
          o.status_reason = body.reason
        }
        o.decided_at = now()
        audit(acc, `organization.${rest.slice(1)}`, 'organization', o.id)
        return json(res, 200, orgView(o))
      }
      if (rest === '/memberships' && m === 'POST') {
        if (db.memberships.some((x) => x.organization_id === o.id && x.volunteer_id === acc.volunteer_id)) return problem(res, 409, 'already_exists', '已经申请过加入该组织')
        const v = db.volunteers.find((y) => y.id === acc.volunteer_id)
        const mb = { id: nextId(), organization_id: o.id, volunteer_id: v.id, volunteer_name: v.name, volunteer_number: v.volunteer_number, status: 'pending', role: 'member', requested_at: now() }
        db.memberships.push(mb)
        return json(res, 201, mb)
      }
      if (!isOrgAdmin(acc, o.id)) return problem(res, 403, 'forbidden', '没有权限')
      if (rest === '/memberships' && m === 'GET') {
        const st = url.searchParams.get('status')
        return json(res, 200, page(db.memberships.filter((x) => x.organization_id === o.id && (!st || x.status === st)), url))
      }
      if ((mm = rest.match(/^\/memberships\/(\d+)\/(approve|reject)$/)) && m === 'POST') {
        const mb = db.memberships.find((x) => x.id === Number(mm[1]) && x.organization_id === o.id)
        if (!mb) return problem(res, 404, 'not_found', '未找到')
        mb.status = mm[2] === 'approve' ? 'approved' : 'rejected'
        return json(res, 200, mb)
      }
      if (rest === '/teams' && m === 'GET') return json(res, 200, page(db.teams.filter((x) => x.organization_id === o.id), url))
      if (rest === '/teams' && m === 'POST') {
        if (!body.name) return problem(res, 422, 'validation_failed', '请检查标注的字段', [{ field: 'name', code: 'required', message: '请填写队伍名称' }])
        const tm = { id: nextId(), organization_id: o.id, name: body.name, kind: body.kind ?? 'general', description: body.description ?? null, created_at: now() }
        db.teams.push(tm)
        return json(res, 201, tm)
      }
      return problem(res, 404, 'not_found', '未找到')
    }
    // Units: nobody is a unit contact here (the menu asks GET /units?mine=true after log-in).
    if (m === 'GET' && p === '/units') {
      if (!need()) return
      return json(res, 200, { items: [] })
    }
    if (m === 'GET' && p === '/audit-events') {
      if (!need()) return
      if (!roleOf(acc, 'auditor').length) return problem(res, 403, 'forbidden', '没有权限')
      return json(res, 200, page([...db.audit].reverse(), url))
    }
    return problem(res, 404, 'not_found', '未找到')
  }

  async function serveStatic(req, res, url) {
    let rel = decodeURIComponent(url.pathname)
    let file = path.join(DIST, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''))
    if (!file.startsWith(DIST)) file = path.join(DIST, 'index.html')
    try {
      const st = await stat(file)
      if (st.isDirectory()) file = path.join(file, 'index.html')
    } catch {
      file = path.join(DIST, 'index.html')
    }
    try {
      const data = await readFile(file)
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
      res.end(data)
    } catch {
      res.writeHead(404)
      res.end('not found')
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/healthz') return json(res, 200, { status: 'ok', database: 'ok' })
    if (url.pathname.startsWith('/api/')) {
      api(req, res, url).catch((e) => problem(res, 500, 'internal', String(e)))
      return
    }
    serveStatic(req, res, url)
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address()
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections?.()
      await new Promise((r) => server.close(r))
    },
    async createAdmin({ phone, password, role, county }) {
      const roles = [role === 'county_admin' ? { role, county_code: county } : { role }]
      db.accounts.push({ id: nextId(), name: `${role}-${phone.slice(-4)}`, phone, password, roles, created_at: now(), volunteer_id: null })
    },
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startServer()
  await s.createAdmin({ phone: '13900000001', password: 'Admin#2026', role: 'city_admin' })
  await s.createAdmin({ phone: '13900000002', password: 'Admin#2026', role: 'county_admin', county: '441402' })
  await s.createAdmin({ phone: '13900000003', password: 'Admin#2026', role: 'auditor' })
  console.log(`mock server on ${s.baseUrl} (admins 1390000000{1,2,3} / Admin#2026)`)
}
