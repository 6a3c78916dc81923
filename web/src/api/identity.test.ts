import { afterEach, describe, expect, it } from 'vitest'
import { configureHttp, CSRF_HEADER, csrfToken, rememberCsrfToken } from './http'
import { closeAccount, downloadPersonalData } from './identity'

type Seen = { url: string; init: RequestInit }
function capture(respond: () => Response) {
  const seen: Seen[] = []
  let unauthorized = 0
  configureHttp({
    cookies: () => 'zy_csrf=t1',
    onUnauthorized: () => {
      unauthorized++
    },
    fetch: (async (url: string, init: RequestInit) => {
      seen.push({ url: String(url), init })
      return respond()
    }) as typeof fetch,
  })
  return { seen, unauthorized: () => unauthorized }
}

function problem(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } })
}

const DISPOSITION = `attachment; filename="personal-data.json"; filename*=UTF-8''${encodeURIComponent('我的志愿者数据-V4414020000001.json')}`

describe('api/identity PIPL rights', () => {
  afterEach(() => {
    configureHttp({ onUnauthorized: null, cookies: () => '' })
    rememberCsrfToken(undefined)
  })

  it('downloads my data as a file with its Content-Disposition', async () => {
    const data = { volunteer: { volunteer_number: 'V4414020000001', id_number: '441402199001011234' } }
    const c = capture(
      () =>
        new Response(JSON.stringify(data), {
          status: 200,
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': DISPOSITION },
        }),
    )
    const file = await downloadPersonalData()
    expect(c.seen[0]!.url).toBe('/api/v1/me/personal-data')
    expect(c.seen[0]!.init.method).toBe('GET')
    expect(file.disposition).toBe(DISPOSITION)
    expect(file.contentType).toMatch(/^application\/json/)
    expect(JSON.parse(await file.blob.text())).toEqual(data)
  })

  it('turns a refused download into an ApiError and runs the 401 handler', async () => {
    const c = capture(() => problem(401, { status: 401, code: 'unauthenticated', detail: '请先登录' }))
    await expect(downloadPersonalData()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' })
    expect(c.unauthorized()).toBe(1)
  })

  it('closes the account with the password and the CSRF token, then forgets the remembered token', async () => {
    rememberCsrfToken('t0')
    const c = capture(() => new Response(null, { status: 204 }))
    await expect(closeAccount({ password: 'Zhiyuan#2026' })).resolves.toBeUndefined()
    const s = c.seen[0]!
    expect(s.url).toBe('/api/v1/me/account-closure')
    expect(s.init.method).toBe('POST')
    expect(JSON.parse(String(s.init.body))).toEqual({ password: 'Zhiyuan#2026' })
    expect((s.init.headers as Record<string, string>)[CSRF_HEADER]).toBe('t1')
    // The server cleared the zy_csrf cookie; the fallback of the last log-in is gone as well.
    configureHttp({ cookies: () => '' })
    expect(csrfToken()).toBeUndefined()
  })

  it('keeps the remembered token when closing is refused', async () => {
    rememberCsrfToken('t0')
    capture(() =>
      problem(422, {
        status: 422,
        code: 'validation_failed',
        detail: '提交的数据有误',
        errors: [{ field: 'password', code: 'wrong_password', message: '密码不正确' }],
      }),
    )
    const err = await closeAccount({ password: 'nope' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 422, code: 'validation_failed' })
    expect((err as { fieldError(f: string): unknown }).fieldError('password')).toMatchObject({ code: 'wrong_password', message: '密码不正确' })
    configureHttp({ cookies: () => '' })
    expect(csrfToken()).toBe('t0')
  })

  it('passes on the sole-administrator refusal with its Chinese reason', async () => {
    const detail = '您是“梅江区志愿者协会”唯一的管理员，请先在组织中添加其他管理员，再注销账号'
    capture(() => problem(409, { status: 409, code: 'sole_org_admin', detail }))
    await expect(closeAccount({ password: 'Zhiyuan#2026' })).rejects.toMatchObject({ status: 409, code: 'sole_org_admin', detail })
  })
})
