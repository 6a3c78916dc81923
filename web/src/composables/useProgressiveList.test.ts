import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useProgressiveList } from './useProgressiveList'

describe('useProgressiveList', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('shows the first screenful at once and the rest a few per task, again from the top for a new list', async () => {
    const scope = effectScope()
    const items = ref(Array.from({ length: 10 }, (_, i) => i))
    const shown = scope.run(() => useProgressiveList(items, 4, 3))!
    expect(shown.value).toEqual([0, 1, 2, 3])
    await vi.advanceTimersByTimeAsync(200) // no frames here: the fallback timeout
    expect(shown.value.length).toBe(7)
    await vi.advanceTimersByTimeAsync(1) // the next task
    expect(shown.value).toEqual(items.value)

    items.value = [1, 2, 3, 4, 5, 6]
    await nextTick()
    expect(shown.value).toEqual([1, 2, 3, 4])
    await vi.advanceTimersByTimeAsync(300)
    expect(shown.value).toEqual([1, 2, 3, 4, 5, 6])

    items.value = [7, 8]
    await nextTick()
    expect(shown.value).toEqual([7, 8])
    scope.stop()
  })
})
