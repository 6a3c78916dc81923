import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import { usePageLoad } from './usePageLoad'

describe('usePageLoad', () => {
  it('marks the load running, then loaded', async () => {
    let release!: () => void
    const got: number[] = []
    const { loading, loaded, error, load } = usePageLoad(
      () =>
        new Promise<void>((resolve) => {
          release = () => {
            got.push(1)
            resolve()
          }
        }),
    )
    expect([loading.value, loaded.value]).toEqual([false, false])
    const running = load()
    expect([loading.value, loaded.value]).toEqual([true, false])
    release()
    await running
    expect([loading.value, loaded.value, error.value]).toEqual([false, true, ''])
    expect(got).toEqual([1])
  })

  it('keeps the server’s words on a refusal, and clears them on the next success', async () => {
    let fail = true
    const { loading, loaded, error, load } = usePageLoad(async () => {
      if (fail) throw new ApiError(403, { code: 'forbidden', detail: '只有注册志愿者可以申请' })
    })
    await load()
    expect([loading.value, loaded.value, error.value]).toEqual([false, true, '只有注册志愿者可以申请'])
    fail = false
    await load()
    expect(error.value).toBe('')
  })

  it('falls back to a general message', async () => {
    const { error, load } = usePageLoad(async () => {
      throw 'boom'
    })
    await load()
    expect(error.value).toBe('请求失败，请稍后再试')
  })
})
