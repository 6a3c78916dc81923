import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { configureHttp } from '@/api/http'
import { useMyUnitsStore } from './units'

const UNIT = { id: 3, name: '梅江区教育局', kind: 'government', region_code: '441402', region_name: '梅江区', contacts: 1 }

describe('useMyUnitsStore (GET /units?mine=true for the menu)', () => {
  let calls: string[] = []
  let answer: () => Response

  beforeEach(() => {
    setActivePinia(createPinia())
    calls = []
    answer = () => new Response(JSON.stringify({ items: [UNIT] }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    configureHttp({
      fetch: (async (url: string) => {
        calls.push(url)
        return answer()
      }) as typeof fetch,
    })
  })
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '' }))

  it('asks once per account, again when forced or for another account, and forgets on log-out', async () => {
    const store = useMyUnitsStore()
    await Promise.all([store.load(1), store.load(1)])
    expect(calls).toEqual(['/api/v1/units?mine=true'])
    expect(store.isContact).toBe(true)
    await store.load(1)
    expect(calls).toHaveLength(1)
    await store.load(1, true)
    expect(calls).toHaveLength(2)
    answer = () => new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    await store.load(2)
    expect(store.isContact).toBe(false)
    await store.load(null)
    expect(store.accountId).toBeNull()
    expect(store.units).toEqual([])
  })

  it('keeps the menu quiet on a refusal, while reload() hands it to the page', async () => {
    answer = () => new Response(JSON.stringify({ status: 500, detail: '服务器错误' }), { status: 500, headers: { 'Content-Type': 'application/problem+json' } })
    const store = useMyUnitsStore()
    await expect(store.load(1)).resolves.toEqual([])
    expect(store.loaded).toBe(true)
    await expect(store.reload(1)).rejects.toMatchObject({ status: 500, detail: '服务器错误' })
  })
})
