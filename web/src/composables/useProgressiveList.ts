// A long list of cards rendered a screenful at a time: the first screen in the render that brings the items, the
// rest in tasks of their own once that frame is painted. On a phone, 20 activity cards at once made the page's
// first render one long task (the main thread blocked for hundreds of milliseconds on a mid-range phone); the cards
// below the fold now come a frame later, where nobody sees them arrive (nothing on screen moves).
import { computed, onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import { afterPaint } from '@/utils/afterPaint'

/** How many activity cards fill a phone's screen (a card with its gap is at least 180 px tall); at least 4. */
export function screenfulOfCards(): number {
  const h = typeof window !== 'undefined' ? window.innerHeight : 0
  return Math.max(4, Math.ceil((h || 800) / 180))
}

/**
 * The first `first` items of `items` at once, then `step` more per task (short tasks: a tap is answered between
 * them) until all are shown; again from the top when `items` is replaced (another page, another search).
 */
export function useProgressiveList<T>(items: Ref<T[]>, first = screenfulOfCards(), step = 3): Ref<T[]> {
  const shown = shallowRef(first)
  let cancel: (() => void) | null = null
  let timer: ReturnType<typeof setTimeout> | null = null

  function stop() {
    cancel?.()
    if (timer !== null) clearTimeout(timer)
    cancel = timer = null
  }
  function more() {
    timer = null
    shown.value += step
    if (shown.value < items.value.length) timer = setTimeout(more)
  }

  watch(
    items,
    (list) => {
      stop()
      shown.value = first
      if (list.length > first) cancel = afterPaint(more)
    },
    { immediate: true },
  )
  onScopeDispose(stop)

  return computed(() => (shown.value >= items.value.length ? items.value : items.value.slice(0, shown.value)))
}
