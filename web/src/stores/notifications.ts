// The caller's notifications 站内通知 (GET /me/notifications, newest 50) and the unread count of the bell.
//
// Refreshed when the account changes and on navigation (at most every 20 s), never on a timer: a background
// poll would keep an idle session alive past its 30-minute expiry.
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { listMyNotifications } from '@/api/notifications'
import type { AppNotification } from '@/api/types'
import { isApiError } from '@/api/http'
import { unreadCount } from '@/utils/notifications'

export const MIN_REFRESH_MS = 20_000

export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<AppNotification[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  let lastAt = 0
  let inflight: Promise<void> | null = null

  const unread = computed(() => unreadCount(items.value))

  async function fetchNow(background: boolean): Promise<void> {
    loading.value = true
    try {
      items.value = await listMyNotifications({ background })
      loaded.value = true
      lastAt = Date.now()
    } finally {
      loading.value = false
    }
  }

  /** Loads unless a load happened in the last MIN_REFRESH_MS (or `force`). Errors propagate only when forced. */
  function refresh(force = false): Promise<void> {
    if (inflight) return inflight
    if (!force && loaded.value && Date.now() - lastAt < MIN_REFRESH_MS) return Promise.resolve()
    inflight = fetchNow(!force)
      .catch((e) => {
        if (isApiError(e) && e.status === 401) clear()
        if (force) throw e
      })
      .finally(() => {
        inflight = null
      })
    return inflight
  }

  function clear(): void {
    items.value = []
    loaded.value = false
    lastAt = 0
  }

  return { items, loaded, loading, unread, refresh, clear }
})
