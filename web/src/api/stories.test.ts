import { afterEach, describe, expect, it } from 'vitest'
import { configureHttp } from './http'
import { createStory, getPortalFigures, listManagedStories, listStories, setStoryStatus, storyPayload, updateStory } from './stories'

type Seen = { url: string; init: RequestInit }
function capture(status: number, body: unknown, contentType = 'application/json') {
  const seen: Seen[] = []
  let unauthorized = 0
  configureHttp({
    cookies: () => 'zy_csrf=t1',
    onUnauthorized: () => {
      unauthorized++
    },
    fetch: (async (url: string, init: RequestInit) => {
      seen.push({ url, init })
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
    }) as typeof fetch,
  })
  return { seen, unauthorized: () => unauthorized }
}

const FIGURES = {
  year: 2026,
  as_of: '2026-11-29T11:00:00+08:00',
  registered_volunteers: 12,
  registration_rate: 0.0000031,
  registration_target: 0.1,
  organizations: 3,
  activities_published: 4,
  year_service_hours: 12.5,
  certificate_holders: 1,
  card_holders: 0,
}

describe('stories API', () => {
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

  it('lists published stories by kind and page, leaving out an empty kind', async () => {
    const c = capture(200, { items: [], total: 0, page: 1, page_size: 3 })
    await listStories({ kind: 'volunteer', page: 2, page_size: 12 })
    await listStories({ kind: '', page_size: 3 })
    expect(c.seen.map((s) => s.url)).toEqual(['/api/v1/stories?kind=volunteer&page=2&page_size=12', '/api/v1/stories?page_size=3'])
  })

  it('asks for the writers’ list with manage=true', async () => {
    const c = capture(200, { items: [], total: 0, page: 1, page_size: 20 })
    await listManagedStories({ page: 1, page_size: 20 })
    expect(c.seen[0]!.url).toBe('/api/v1/stories?manage=true&page=1&page_size=20')
  })

  it('sends trimmed texts; an empty summary as an empty string for the server to fill in', () => {
    expect(storyPayload({ title: '  标题 ', kind: 'practice', summary: '   ', body: '\n正文\n\n第二段\n', region_code: '441402' })).toEqual({
      title: '标题',
      kind: 'practice',
      summary: '',
      body: '正文\n\n第二段',
      region_code: '441402',
    })
  })

  it('creates with POST, edits with PUT and changes the status with POST …/status', async () => {
    const c = capture(200, { id: 5 })
    const input = { title: 't', kind: 'volunteer' as const, summary: '', body: 'b', region_code: '441400' }
    await createStory(input)
    await updateStory(5, input)
    await setStoryStatus(5, 'withdrawn')
    expect(c.seen.map((s) => [s.init.method, s.url])).toEqual([
      ['POST', '/api/v1/stories'],
      ['PUT', '/api/v1/stories/5'],
      ['POST', '/api/v1/stories/5/status'],
    ])
    expect(JSON.parse(c.seen[2]!.init.body as string)).toEqual({ status: 'withdrawn' })
  })

  it('keeps the server’s field errors of a refused story', async () => {
    capture(422, { status: 422, code: 'validation_failed', detail: '请检查标注的字段', errors: [{ field: 'title', code: 'required', message: '请填写标题' }] }, 'application/problem+json')
    await expect(createStory({ title: '', kind: 'volunteer', summary: '', body: 'b', region_code: '441400' })).rejects.toMatchObject({
      status: 422,
      errors: [{ field: 'title', code: 'required', message: '请填写标题' }],
    })
  })
})

describe('the home page figures', () => {
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

  it('answers the figures', async () => {
    const c = capture(200, FIGURES)
    await expect(getPortalFigures()).resolves.toEqual(FIGURES)
    expect(c.seen[0]!.url).toBe('/api/v1/portal/figures')
  })

  it('answers null when the server has no figures (404), so the band hides', async () => {
    capture(404, { status: 404, code: 'not_found', detail: '未找到' }, 'application/problem+json')
    await expect(getPortalFigures()).resolves.toBeNull()
  })

  it('still rejects on other failures, and never sends a visitor to the log-in page', async () => {
    const c = capture(500, { status: 500, code: 'internal', detail: '服务器错误' }, 'application/problem+json')
    await expect(getPortalFigures()).rejects.toMatchObject({ status: 500 })
    capture(401, { status: 401, code: 'unauthenticated', detail: '请先登录' }, 'application/problem+json')
    await expect(getPortalFigures()).rejects.toMatchObject({ status: 401 })
    expect(c.unauthorized()).toBe(0)
  })
})
