import { afterEach, describe, expect, it } from 'vitest'
import { CSRF_HEADER, configureHttp } from './http'
import { getPublicInvitation, getRoster, joinUnit, uploadRoster } from './units'
import { submitReceipt } from './notices'

type Seen = { url: string; init: RequestInit }
function capture(status: number, body: unknown, contentType = 'application/json') {
  const seen: Seen[] = []
  configureHttp({
    cookies: () => 'zy_csrf=t1',
    fetch: (async (url: string, init: RequestInit) => {
      seen.push({ url, init })
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
    }) as typeof fetch,
  })
  return seen
}

describe('roster uploads', () => {
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

  it('sends the file itself as the body, with its Content-Type and name', async () => {
    const result = { import_id: 3, file_name: '花名册 2026.csv', rows: 6, added: 4, updated: 0, unchanged: 0, duplicates_merged: 0, rejected: 2, errors: [] }
    const seen = capture(200, result)
    const file = new Blob(['姓名,身份证号码,政治面貌\n'], { type: 'text/csv' })
    await expect(uploadRoster(7, file, '花名册 2026.csv', 'text/csv')).resolves.toEqual(result)
    const s = seen[0]!
    expect(s.url).toBe('/api/v1/units/7/roster-imports?file_name=%E8%8A%B1%E5%90%8D%E5%86%8C+2026.csv')
    expect(new URLSearchParams(s.url.split('?')[1]).get('file_name')).toBe('花名册 2026.csv')
    expect(s.init.method).toBe('POST')
    expect(s.init.body).toBe(file)
    const headers = s.init.headers as Record<string, string>
    expect(headers['Content-Type']).toBe('text/csv')
    expect(headers[CSRF_HEADER]).toBe('t1')
  })

  it('turns roster_unreadable into an ApiError with the server’s message', async () => {
    capture(422, { status: 422, code: 'roster_unreadable', detail: '缺少必填列：身份证号码' }, 'application/problem+json')
    await expect(uploadRoster(7, new Blob(['x']), 'x.csv', 'text/csv')).rejects.toMatchObject({
      status: 422,
      code: 'roster_unreadable',
      detail: '缺少必填列：身份证号码',
    })
  })

  it('asks for the roster with its filter, year and page', async () => {
    const seen = capture(200, { items: [], total: 0 })
    await getRoster(7, { status: 'under_20h', year: 2026, page: 2, page_size: 20 })
    expect(seen[0]!.url).toBe('/api/v1/units/7/roster?status=under_20h&year=2026&page=2&page_size=20')
  })
})

describe('invitations and receipts', () => {
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

  it('reads an invitation by its token (encoded) and joins with it', async () => {
    const seen = capture(200, { unit_id: 1, unit_name: '梅江区教育局', region_name: '梅江区' })
    await getPublicInvitation('a/b c')
    expect(seen[0]!.url).toBe('/api/v1/unit-invitations/a%2Fb%20c')
    await joinUnit('tok')
    expect(seen[1]!.url).toBe('/api/v1/me/unit-memberships')
    expect(JSON.parse(String(seen[1]!.init.body))).toEqual({ token: 'tok' })
  })

  it('sends unit_id only when it is chosen, the fields trimmed', async () => {
    const seen = capture(201, {})
    const base = { leader_name: ' 李明 ', contact_name: '王芳', contact_position: '主任', contact_phone: '13912345678 ', contact_email: 'a@b.cn' }
    await submitReceipt(5, base)
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ ...base, leader_name: '李明', contact_phone: '13912345678' })
    await submitReceipt(5, { ...base, unit_id: 9 })
    expect(JSON.parse(String(seen[1]!.init.body)).unit_id).toBe(9)
  })
})
