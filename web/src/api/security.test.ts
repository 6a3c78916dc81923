import { afterEach, describe, expect, it } from 'vitest'
import { configureHttp } from './http'
import { disableAccount, endSessions, listSecurityEvents, listStaffAccounts, resetSecondFactor, unlockAccount } from './security'

type Seen = { url: string; init: RequestInit }
function capture(status: number, body: unknown) {
  const seen: Seen[] = []
  configureHttp({
    cookies: () => 'zy_csrf=t1',
    onUnauthorized: () => {},
    fetch: (async (url: string, init: RequestInit) => {
      seen.push({ url, init })
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
    }) as typeof fetch,
  })
  return seen
}

describe('security API', () => {
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

  it('lists staff accounts by trimmed text, role and status, leaving out empty filters', async () => {
    const seen = capture(200, { items: [], total: 0, page: 1, page_size: 20 })
    await listStaffAccounts({ q: ' 13800000011 ', role: 'county_admin', status: 'locked', page: 2, page_size: 20 })
    await listStaffAccounts({ q: '  ' })
    expect(seen.map((s) => s.url)).toEqual([
      '/api/v1/security/accounts?q=13800000011&role=county_admin&status=locked&page=2&page_size=20',
      '/api/v1/security/accounts',
    ])
  })

  it('acts on an account by id, with the CSRF token on every write', async () => {
    const seen = capture(200, { otpauth_uri: 'otpauth://totp/x?secret=ABCD' })
    await disableAccount(12)
    await unlockAccount(12)
    await endSessions(12)
    expect((await resetSecondFactor(12)).otpauth_uri).toContain('secret=')
    expect(seen.map((s) => `${s.init.method} ${s.url}`)).toEqual([
      'POST /api/v1/security/accounts/12/disable',
      'POST /api/v1/security/accounts/12/unlock',
      'DELETE /api/v1/security/accounts/12/sessions',
      'POST /api/v1/security/accounts/12/second-factor-reset',
    ])
    for (const s of seen) expect(new Headers(s.init.headers).get('X-CSRF-Token')).toBe('t1')
  })

  it('asks for security events of one kind', async () => {
    const seen = capture(200, { items: [], total: 0, page: 1, page_size: 50 })
    await listSecurityEvents({ kind: 'rate_limited', page_size: 50 })
    expect(seen[0]!.url).toBe('/api/v1/security/events?kind=rate_limited&page_size=50')
  })
})
