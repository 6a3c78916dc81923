import { afterEach, describe, expect, it } from 'vitest'
import { CSRF_HEADER, configureHttp } from './http'
import { bankExportPath, uploadStatusFile } from './credentials'
import { goodStandingExportPath } from './rewards'

describe('bank console status files', () => {
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

  it('sends the file as it is (text/csv, with the CSRF header) and returns the counts', async () => {
    let seen: { url: string; init: RequestInit } | null = null
    configureHttp({
      cookies: () => 'zy_csrf=t1',
      fetch: (async (url: string, init: RequestInit) => {
        seen = { url, init }
        return new Response(JSON.stringify({ applied: 2, unchanged: 1, errors: [] }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        })
      }) as typeof fetch,
    })
    const csv = '申请编号,状态,原因\n1,issued,\n'
    await expect(uploadStatusFile(csv)).resolves.toEqual({ applied: 2, unchanged: 1, errors: [] })
    const s = seen as unknown as { url: string; init: RequestInit }
    expect(s.url).toBe('/api/v1/bank-console/status-files')
    expect(s.init.method).toBe('POST')
    expect(s.init.body).toBe(csv)
    const headers = s.init.headers as Record<string, string>
    expect(headers['Content-Type']).toBe('text/csv')
    expect(headers[CSRF_HEADER]).toBe('t1')
  })

  it('keeps the line numbers of a rejected file (422 status_file_rejected)', async () => {
    configureHttp({
      fetch: (async () =>
        new Response(
          JSON.stringify({
            type: 'about:blank',
            title: '文件有错误行',
            status: 422,
            code: 'status_file_rejected',
            detail: '文件中有1行有误，整个文件未导入，请修改后重新上传',
            applied: 0,
            unchanged: 0,
            errors: [
              { line: 3, code: 'not_found', message: '申请不存在' },
              { line: 'x', code: 'odd', message: '行号不是数字' },
            ],
          }),
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        )) as typeof fetch,
    })
    const err = await uploadStatusFile(new Blob(['x'])).catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 422, code: 'status_file_rejected', detail: '文件中有1行有误，整个文件未导入，请修改后重新上传' })
    expect((err as { errors: unknown[] }).errors).toEqual([
      { field: '', line: 3, code: 'not_found', message: '申请不存在' },
      { field: '', code: 'odd', message: '行号不是数字' },
    ])
  })
})

describe('export paths', () => {
  it('name the status filter and the format', () => {
    expect(bankExportPath('sent_to_bank', 'xlsx')).toBe('/api/v1/bank-console/applications?status=sent_to_bank&format=xlsx')
    expect(bankExportPath('all', 'csv')).toBe('/api/v1/bank-console/applications?status=all&format=csv')
    expect(goodStandingExportPath({ min_star: 2, min_hours: 150 }, 'xlsx')).toBe(
      '/api/v1/credit/good-standing?min_star=2&min_hours=150&format=xlsx',
    )
  })
})
