import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { configureHttp, rememberCsrfToken } from '@/api/http'
import { useSessionStore } from './session'

const ME = {
  account: { id: 1, name: '李梅芳', phone: '138****5678', roles: [{ role: 'volunteer' }, { role: 'org_admin', organization_id: 7 }], created_at: '2026-01-01T00:00:00+08:00' },
  volunteer: null,
}

function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}

describe('useSessionStore', () => {
  let cookie = ''
  let sessionValid = false
  let calls: string[] = []

  beforeEach(() => {
    setActivePinia(createPinia())
    cookie = ''
    sessionValid = false
    calls = []
    configureHttp({
      cookies: () => cookie,
      fetch: (async (url: string, init: RequestInit) => {
        calls.push(`${init.method} ${url}`)
        if (url === '/api/v1/sessions' && init.method === 'POST') {
          cookie = 'zy_csrf=t1'
          sessionValid = true
          return json(201, { token: 'x', csrf_token: 't1', expires_at: '', account: ME.account })
        }
        if (url === '/api/v1/me') {
          return sessionValid ? json(200, ME) : json(401, { code: 'unauthenticated', detail: '请先登录' }, 'application/problem+json')
        }
        if (url === '/api/v1/sessions/current') {
          cookie = ''
          sessionValid = false
          return new Response(null, { status: 204 })
        }
        return json(404, { code: 'not_found' }, 'application/problem+json')
      }) as typeof fetch,
    })
  })
  afterEach(() => {
    configureHttp({ cookies: () => '', onUnauthorized: null })
    rememberCsrfToken(undefined)
  })

  it('does not probe /me without the zy_csrf cookie, then loads it after log-in', async () => {
    const s = useSessionStore()
    expect(await s.ensureLoaded()).toBeNull()
    expect(s.loaded).toBe(true)
    expect(s.isLoggedIn).toBe(false)
    expect(calls).toEqual([])

    await s.login('13812345678', 'Zhiyuan#2026')
    expect(s.isLoggedIn).toBe(true)
    expect(s.account?.name).toBe('李梅芳')
    expect(s.orgAdminOf).toEqual([7])
    expect(s.isOrgAdmin(7)).toBe(true)
    expect(s.canReviewOrganizations).toBe(false)
    expect(calls).toEqual(['POST /api/v1/sessions', 'GET /api/v1/me'])
  })

  it('treats a 401 from /me as logged out and shares concurrent probes', async () => {
    cookie = 'zy_csrf=stale' // the server no longer knows the session
    const s = useSessionStore()
    const [a, b] = await Promise.all([s.refresh(), s.refresh()])
    expect(a).toBeNull()
    expect(b).toBeNull()
    expect(calls).toEqual(['GET /api/v1/me'])
    expect(s.loaded).toBe(true)
  })

  it('sends the authenticator code when given, and only then', async () => {
    const bodies: unknown[] = []
    configureHttp({
      cookies: () => cookie,
      fetch: (async (url: string, init: RequestInit) => {
        if (url === '/api/v1/sessions' && init.method === 'POST') {
          const body = JSON.parse(String(init.body)) as { totp?: string }
          bodies.push(body)
          if (!body.totp) {
            return json(401, { status: 401, code: 'totp_required', detail: '请输入身份验证器中的6位动态口令' }, 'application/problem+json')
          }
          if (body.totp !== '123456') {
            return json(401, { status: 401, code: 'totp_invalid', detail: '动态口令错误或已使用，请输入身份验证器中最新的6位数字' }, 'application/problem+json')
          }
          cookie = 'zy_csrf=t1'
          sessionValid = true
          return json(201, { token: 'x', csrf_token: 't1', expires_at: '', account: ME.account })
        }
        if (url === '/api/v1/me') return sessionValid ? json(200, ME) : json(401, { code: 'unauthenticated' }, 'application/problem+json')
        return json(404, { code: 'not_found' }, 'application/problem+json')
      }) as typeof fetch,
    })
    const s = useSessionStore()
    await expect(s.login('13800000001', 'Zhiyuan@2026')).rejects.toMatchObject({ status: 401, code: 'totp_required', detail: '请输入身份验证器中的6位动态口令' })
    await expect(s.login('13800000001', 'Zhiyuan@2026', '654321')).rejects.toMatchObject({ code: 'totp_invalid' })
    expect(s.isLoggedIn).toBe(false)
    await s.login('13800000001', 'Zhiyuan@2026', '123 456')
    expect(s.isLoggedIn).toBe(true)
    expect(bodies).toEqual([
      { phone: '13800000001', password: 'Zhiyuan@2026' },
      { phone: '13800000001', password: 'Zhiyuan@2026', totp: '654321' },
      { phone: '13800000001', password: 'Zhiyuan@2026', totp: '123456' },
    ])
  })

  it('clears the session on log-out', async () => {
    const s = useSessionStore()
    await s.login('13812345678', 'Zhiyuan#2026')
    await s.logout()
    expect(s.isLoggedIn).toBe(false)
    expect(calls.at(-1)).toBe('DELETE /api/v1/sessions/current')
  })
})
