import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  CSRF_HEADER,
  buildQuery,
  configureHttp,
  http,
  parseProblem,
  readCookie,
  rememberCsrfToken,
  toProblem,
} from './http'

function problemResponse(status: number, body: unknown, type = 'application/problem+json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}

describe('parseProblem', () => {
  it('reads code, detail, request_id and field errors of a problem+json body', async () => {
    const res = problemResponse(422, {
      type: 'about:blank',
      title: '输入有误',
      status: 422,
      code: 'validation_failed',
      detail: '请检查标注的字段',
      request_id: 'r-1',
      errors: [{ field: 'id_number', code: 'invalid_check_digit', message: '身份证号码校验位不正确' }],
    })
    const err = await parseProblem(res)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(422)
    expect(err.code).toBe('validation_failed')
    expect(err.title).toBe('输入有误')
    expect(err.detail).toBe('请检查标注的字段')
    expect(err.requestId).toBe('r-1')
    expect(err.errors).toEqual([
      { field: 'id_number', code: 'invalid_check_digit', message: '身份证号码校验位不正确' },
    ])
    expect(err.has('invalid_check_digit')).toBe(true)
    expect(err.has('validation_failed')).toBe(true)
    expect(err.has('duplicate_phone')).toBe(false)
    expect(err.fieldError('id_number')?.message).toBe('身份证号码校验位不正确')
    expect(err.message).toBe('请检查标注的字段')
  })

  it('accepts application/problem+json with a charset parameter', async () => {
    const res = problemResponse(423, { code: 'account_locked', detail: '账户已锁定' }, 'application/problem+json; charset=utf-8')
    const err = await parseProblem(res)
    expect(err.code).toBe('account_locked')
    expect(err.detail).toBe('账户已锁定')
    expect(err.errors).toEqual([])
  })

  it('falls back to a status-derived code and a Chinese detail for non-JSON bodies', async () => {
    const res = new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } })
    const err = await parseProblem(res)
    expect(err.status).toBe(502)
    expect(err.code).toBe('bad_gateway')
    expect(err.detail).toMatch(/502/)
  })

  it('survives a malformed JSON body', async () => {
    const res = new Response('{not json', { status: 500, headers: { 'Content-Type': 'application/problem+json' } })
    const err = await parseProblem(res)
    expect(err.code).toBe('internal')
    expect(err.detail.length).toBeGreaterThan(0)
  })

  it('uses the generic text for 401 without a body', async () => {
    const err = await parseProblem(new Response(null, { status: 401 }))
    expect(err.code).toBe('unauthenticated')
    expect(err.detail).toBe('请先登录')
  })
})

describe('toProblem', () => {
  it('drops members of the wrong type and malformed field errors', () => {
    const p = toProblem({ code: 7, detail: 'x', errors: [{ field: 'a', code: 1 }, 'junk', null] })
    expect(p.code).toBeUndefined()
    expect(p.detail).toBe('x')
    expect(p.errors).toEqual([{ field: 'a', code: '', message: '' }])
  })
  it('returns an empty document for non-objects', () => {
    expect(toProblem(null)).toEqual({})
    expect(toProblem([1, 2])).toEqual({})
  })
})

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('a=1; zy_csrf=abc%3D%3D; b=2', 'zy_csrf')).toBe('abc==')
    expect(readCookie('zy_csrf_old=x; zy_csrf=y', 'zy_csrf')).toBe('y')
    expect(readCookie('', 'zy_csrf')).toBeUndefined()
    expect(readCookie('other=1', 'zy_csrf')).toBeUndefined()
  })
})

describe('buildQuery', () => {
  it('skips empty values and encodes the rest', () => {
    expect(buildQuery({ q: '梅州', page: 2, status: undefined, county_code: '', mine: true })).toBe(
      '?q=%E6%A2%85%E5%B7%9E&page=2&mine=true',
    )
    expect(buildQuery({})).toBe('')
  })
})

describe('request', () => {
  afterEach(() => {
    configureHttp({ onUnauthorized: null, cookies: () => '' })
    rememberCsrfToken(undefined)
  })

  it('sends X-CSRF-Token from the zy_csrf cookie on writes but not on reads', async () => {
    const calls: { url: string; init: RequestInit }[] = []
    configureHttp({
      cookies: () => 'zy_csrf=tok123',
      fetch: (async (url: string, init: RequestInit) => {
        calls.push({ url, init })
        return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'Content-Type': 'application/json' } })
      }) as typeof fetch,
    })
    await http.get('/api/v1/me')
    await http.post('/api/v1/organizations', { name: 'x' })
    await http.del('/api/v1/sessions/current')
    const h = (i: number) => calls[i]!.init.headers as Record<string, string>
    expect(h(0)[CSRF_HEADER]).toBeUndefined()
    expect(h(1)[CSRF_HEADER]).toBe('tok123')
    expect(h(1)['Content-Type']).toBe('application/json')
    expect(calls[1]!.init.body).toBe('{"name":"x"}')
    expect(h(2)[CSRF_HEADER]).toBe('tok123')
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true)
  })

  it('falls back to the remembered log-in token when the cookie is absent', async () => {
    let seen: string | undefined
    configureHttp({
      cookies: () => '',
      fetch: (async (_url: string, init: RequestInit) => {
        seen = (init.headers as Record<string, string>)[CSRF_HEADER]
        return new Response(null, { status: 204 })
      }) as typeof fetch,
    })
    rememberCsrfToken('from-login')
    await expect(http.put('/api/v1/me/password', {})).resolves.toBeUndefined()
    expect(seen).toBe('from-login')
  })

  it('runs the central 401 handler unless told not to', async () => {
    const handler = vi.fn()
    configureHttp({
      onUnauthorized: handler,
      fetch: (async () => problemResponse(401, { code: 'session_expired', detail: '登录已过期' })) as typeof fetch,
    })
    await expect(http.get('/api/v1/organizations')).rejects.toMatchObject({ status: 401, code: 'session_expired' })
    expect(handler).toHaveBeenCalledTimes(1)
    await expect(http.get('/api/v1/me', undefined, { skipAuthRedirect: true })).rejects.toBeInstanceOf(ApiError)
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('turns a transport failure into a network_error ApiError', async () => {
    configureHttp({
      fetch: (async () => {
        throw new TypeError('Failed to fetch')
      }) as typeof fetch,
    })
    await expect(http.get('/api/v1/regions')).rejects.toMatchObject({ status: 0, code: 'network_error' })
  })
})

describe('a landing page request asked for early (src/landing.ts)', () => {
  afterEach(() => {
    delete (globalThis as { window?: unknown }).window
    configureHttp({ fetch: (...args) => globalThis.fetch(...args) })
  })

  it('answers the first GET of that URL from the response on its way, once, and only while fresh', async () => {
    const asked: string[] = []
    configureHttp({
      fetch: (async (url: string) => {
        asked.push(url)
        return new Response('{"items":[],"total":0}', { status: 200, headers: { 'Content-Type': 'application/json' } })
      }) as typeof fetch,
    })
    const early = (at: number) => ({
      url: '/api/v1/activities?page=1&page_size=20',
      at,
      response: Promise.resolve(new Response('{"items":[{"id":1}],"total":1}', { status: 200, headers: { 'Content-Type': 'application/json' } })),
    })
    ;(globalThis as { window?: unknown }).window = { __zyEarly: early(Date.now()) }
    await expect(http.get('/api/v1/activities', { page: 2, page_size: 20 })).resolves.toEqual({ items: [], total: 0 })
    await expect(http.get('/api/v1/activities', { page: 1, page_size: 20 })).resolves.toEqual({ items: [{ id: 1 }], total: 1 })
    await expect(http.get('/api/v1/activities', { page: 1, page_size: 20 })).resolves.toEqual({ items: [], total: 0 })
    expect(asked).toEqual(['/api/v1/activities?page=2&page_size=20', '/api/v1/activities?page=1&page_size=20'])

    ;(globalThis as { window?: unknown }).window = { __zyEarly: early(Date.now() - 60_000) }
    await expect(http.get('/api/v1/activities', { page: 1, page_size: 20 })).resolves.toEqual({ items: [], total: 0 })
  })
})
