import { afterEach, describe, expect, it } from 'vitest'
import { CSRF_HEADER, configureHttp } from './http'
import { activateAccount, getActivation, importVolunteers } from './volunteerImports'
import { deleteNoticeAttachment, uploadNoticeAttachment } from './notices'

type Seen = { url: string; init: RequestInit }
function capture(status: number, body: unknown, contentType = 'application/json') {
  const seen: Seen[] = []
  let unauthorized = 0
  configureHttp({
    cookies: () => 'zy_csrf=t1',
    onUnauthorized: () => {
      unauthorized += 1
    },
    fetch: (async (url: string, init: RequestInit) => {
      seen.push({ url, init })
      if (status === 204) return new Response(null, { status })
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
    }) as typeof fetch,
  })
  return { seen, unauthorized: () => unauthorized }
}

afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

describe('volunteer imports', () => {
  it('sends the file itself as the body with its Content-Type', async () => {
    const result = { rows: 3, created: 2, joined: 0, unchanged: 0, rejected: 1, errors: [{ line: 4, field: 'id_number', code: 'minor', message: '未满18周岁' }] }
    const { seen } = capture(200, result)
    const file = new Blob(['\uFEFF姓名,身份证号码,手机号码\r\n'], { type: 'text/csv' })
    await expect(importVolunteers(12, file, 'text/csv')).resolves.toEqual(result)
    const s = seen[0]!
    expect(s.url).toBe('/api/v1/organizations/12/volunteer-imports')
    expect(s.init.method).toBe('POST')
    expect(s.init.body).toBe(file)
    const headers = s.init.headers as Record<string, string>
    expect(headers['Content-Type']).toBe('text/csv')
    expect(headers[CSRF_HEADER]).toBe('t1')
  })

  it('turns sheet_unreadable into an ApiError with the server’s message', async () => {
    capture(422, { status: 422, code: 'sheet_unreadable', detail: '表格缺少必填列：身份证号码' }, 'application/problem+json')
    await expect(importVolunteers(12, new Blob(['x']), 'text/csv')).rejects.toMatchObject({
      status: 422,
      code: 'sheet_unreadable',
      detail: '表格缺少必填列：身份证号码',
    })
  })
})

describe('account activation', () => {
  it('reads and uses the token (encoded), without the log-in redirect', async () => {
    const { seen, unauthorized } = capture(200, { name: '张三', phone: '139****0001' })
    await expect(getActivation('a/b c')).resolves.toEqual({ name: '张三', phone: '139****0001' })
    expect(seen[0]!.url).toBe('/api/v1/account-activations/a%2Fb%20c')
    await activateAccount('tok', 'Huodong#2026')
    expect(seen[1]!.url).toBe('/api/v1/account-activations/tok')
    expect(seen[1]!.init.method).toBe('POST')
    expect(JSON.parse(String(seen[1]!.init.body))).toEqual({ password: 'Huodong#2026' })
    capture(401, { status: 401, code: 'unauthenticated', detail: '请先登录' }, 'application/problem+json')
    await expect(getActivation('x')).rejects.toMatchObject({ status: 401 })
    expect(unauthorized()).toBe(0)
  })

  it('passes a refused password on with its field', async () => {
    capture(422, { status: 422, code: 'validation_failed', detail: '请检查', errors: [{ field: 'password', code: 'weak_password', message: '密码至少8位' }] }, 'application/problem+json')
    const e = await activateAccount('tok', 'weak').catch((x: unknown) => x)
    expect(e).toMatchObject({ status: 422 })
    expect((e as { fieldError: (f: string) => unknown }).fieldError('password')).toMatchObject({ code: 'weak_password' })
  })
})

describe('notice attachments', () => {
  it('uploads the file as the body with its name in the query', async () => {
    const a = { id: 5, file_name: '操作手册.pdf', content_type: 'application/pdf', size: 3, sha256: 'ab', uploaded_at: '2026-01-01T00:00:00+08:00', url: '/api/v1/notices/3/attachments/5' }
    const { seen } = capture(201, a)
    const file = new Blob(['%PDF-1.4'])
    await expect(uploadNoticeAttachment(3, file, '../操作手册 v2.exe')).resolves.toEqual(a)
    const s = seen[0]!
    expect(s.url.split('?')[0]).toBe('/api/v1/notices/3/attachments')
    expect(new URLSearchParams(s.url.split('?')[1]).get('file_name')).toBe('../操作手册 v2.exe')
    expect(s.init.body).toBe(file)
    expect((s.init.headers as Record<string, string>)['Content-Type']).toBe('application/octet-stream')
    expect((s.init.headers as Record<string, string>)[CSRF_HEADER]).toBe('t1')
  })

  it('deletes with a CSRF token and takes the 204', async () => {
    const { seen } = capture(204, null)
    await expect(deleteNoticeAttachment(3, 5)).resolves.toBeUndefined()
    expect(seen[0]!.url).toBe('/api/v1/notices/3/attachments/5')
    expect(seen[0]!.init.method).toBe('DELETE')
    expect((seen[0]!.init.headers as Record<string, string>)[CSRF_HEADER]).toBe('t1')
  })
})
