// Re-loads a short-lived code (the volunteer's pass, the electronic certificate) every `intervalMs`, with a
// clock for the countdowns. Refreshing stops while the page is hidden, so a phone in a pocket does not keep the
// session alive; coming back refreshes at once when the code is stale or due.
import { computed, onBeforeUnmount, onMounted, ref } from 'vue'
import { secondsLeft } from '@/utils/datetime'

export function usePeriodicRefresh(load: () => Promise<void>, intervalMs: number, isStale: () => boolean = () => false) {
  /** The clock of the countdowns (ticks every second). */
  const now = ref(Date.now())
  /** When the next refresh is due (epoch ms). */
  const nextAt = ref(0)
  let inflight = false
  let timer: number | undefined

  /** Loads now (`load` handles its own errors); the next refresh is due `intervalMs` later. */
  async function refresh() {
    if (inflight) return
    inflight = true
    try {
      await load()
    } finally {
      now.value = Date.now()
      nextAt.value = now.value + intervalMs
      inflight = false
    }
  }

  function tick() {
    now.value = Date.now()
    if (document.visibilityState === 'hidden') return
    if (now.value >= nextAt.value) void refresh()
  }

  function onVisibility() {
    if (document.visibilityState === 'visible') {
      now.value = Date.now()
      if (isStale() || now.value >= nextAt.value) void refresh()
    }
  }

  onMounted(() => {
    void refresh()
    timer = window.setInterval(tick, 1000)
    document.addEventListener('visibilitychange', onVisibility)
  })
  onBeforeUnmount(() => {
    window.clearInterval(timer)
    document.removeEventListener('visibilitychange', onVisibility)
  })

  /** Whole seconds until the next refresh. */
  const secondsToRefresh = computed(() => secondsLeft(nextAt.value, now.value))

  return { now, nextAt, refresh, secondsToRefresh }
}
