import { afterEach, describe, expect, it } from 'vitest'
import { configureHttp, CSRF_HEADER } from './http'
import { createSnapshot, getCountyDetail, getTargets, getTrend, listSnapshots, targetsExportPath } from './targets'

type Seen = { url: string; init: RequestInit }
function capture(status: number, body: unknown, contentType = 'application/json') {
  const seen: Seen[] = []
  configureHttp({
    cookies: () => 'zy_csrf=t1',
    fetch: (async (url: string, init: RequestInit) => {
      seen.push({ url: String(url), init })
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
    }) as typeof fetch,
  })
  return seen
}

const SNAPSHOT = { id: 3, year: 2026, label: '2026年度考核', frozen_at: '2026-11-29T12:17:15+08:00', frozen_by: '市团委' }

describe('api/targets snapshots', () => {
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

  it('asks for a year, a snapshot, or this year', async () => {
    const seen = capture(200, { year: 2026, snapshot: null, counties: [] })
    await getTargets(2025)
    await getTargets({ year: 2024 })
    await getTargets({ snapshot: 3 })
    await getTargets()
    expect(seen.map((s) => s.url)).toEqual([
      '/api/v1/targets?year=2025',
      '/api/v1/targets?year=2024',
      '/api/v1/targets?snapshot=3',
      '/api/v1/targets',
    ])
  })

  it('exports either desk as XLSX or PDF', () => {
    expect(targetsExportPath(2025)).toBe('/api/v1/targets/export.xlsx?year=2025')
    expect(targetsExportPath({ year: 2025 }, 'pdf')).toBe('/api/v1/targets/export.pdf?year=2025')
    expect(targetsExportPath({ snapshot: 3 }, 'xlsx')).toBe('/api/v1/targets/export.xlsx?snapshot=3')
    expect(targetsExportPath({ snapshot: 3 }, 'pdf')).toBe('/api/v1/targets/export.pdf?snapshot=3')
  })

  it('lists the snapshots', async () => {
    const seen = capture(200, { items: [SNAPSHOT] })
    await expect(listSnapshots()).resolves.toEqual([SNAPSHOT])
    expect(seen[0]!.url).toBe('/api/v1/targets/snapshots')
  })

  it('freezes with the label trimmed and the CSRF token', async () => {
    const seen = capture(201, SNAPSHOT)
    await expect(createSnapshot({ year: 2026, label: '  2026年度考核 ' })).resolves.toEqual(SNAPSHOT)
    const s = seen[0]!
    expect(s.url).toBe('/api/v1/targets/snapshots')
    expect(s.init.method).toBe('POST')
    expect(JSON.parse(String(s.init.body))).toEqual({ year: 2026, label: '2026年度考核' })
    expect((s.init.headers as Record<string, string>)[CSRF_HEADER]).toBe('t1')
  })

  it('turns snapshot_exists into an ApiError naming the label', async () => {
    capture(
      409,
      {
        status: 409,
        code: 'snapshot_exists',
        detail: '该年度已有同名快照',
        errors: [{ field: 'label', code: 'snapshot_exists', message: '该年度已有同名快照' }],
      },
      'application/problem+json',
    )
    await expect(createSnapshot({ year: 2026, label: '2026年度考核' })).rejects.toMatchObject({
      status: 409,
      code: 'snapshot_exists',
      errors: [{ field: 'label', code: 'snapshot_exists', message: '该年度已有同名快照' }],
    })
  })
})

describe('api/targets trend and drill-down', () => {
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

  it('asks for the trend of a range, or the default', async () => {
    const seen = capture(200, { from: 2022, to: 2026, items: [] })
    await expect(getTrend({ from: 2022, to: 2026 })).resolves.toEqual({ from: 2022, to: 2026, items: [] })
    await getTrend()
    expect(seen.map((s) => s.url)).toEqual(['/api/v1/targets/trend?from=2022&to=2026', '/api/v1/targets/trend'])
  })

  it("asks for a county's organisations and units of a year", async () => {
    const body = { year: 2026, county: {}, organizations: [], units: [] }
    const seen = capture(200, body)
    await expect(getCountyDetail('441424', 2026)).resolves.toEqual(body)
    await getCountyDetail('441424')
    expect(seen.map((s) => s.url)).toEqual(['/api/v1/targets/counties/441424?year=2026', '/api/v1/targets/counties/441424'])
  })
})
