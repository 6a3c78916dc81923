// The units the signed-in account is a contact of (GET /units?mine=true): the 我的单位 and 通知 menu entries, the
// notices pages (which of a notice's units are the caller's). GET /me carries no role for unit contacts, so this
// is asked once per account (on log-in) and again by the pages that depend on it.
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { listUnits } from '@/api/units'
import type { Unit } from '@/api/types'

export const useMyUnitsStore = defineStore('myUnits', () => {
  const units = ref<Unit[]>([])
  /** The account the list is for (null: none loaded). */
  const accountId = ref<number | null>(null)
  const loaded = ref(false)
  let inflight: Promise<Unit[]> | null = null
  let inflightFor: number | null = null

  const isContact = computed(() => units.value.length > 0)

  async function fetchFor(id: number): Promise<Unit[]> {
    try {
      const list = await listUnits({ mine: true, background: true })
      if (accountId.value === id) {
        units.value = list
        loaded.value = true
      }
      return list
    } catch {
      // The menu simply lacks the entries; the pages show their own errors.
      if (accountId.value === id) loaded.value = true
      return units.value
    }
  }

  /** The list for account `id` (cached unless `force`); an empty list for nobody. */
  function load(id: number | null, force = false): Promise<Unit[]> {
    if (id === null) {
      clear()
      return Promise.resolve([])
    }
    if (accountId.value !== id) {
      units.value = []
      loaded.value = false
      accountId.value = id
    } else if (loaded.value && !force) {
      return Promise.resolve(units.value)
    }
    if (!inflight || inflightFor !== id) {
      inflightFor = id
      const p = fetchFor(id).finally(() => {
        if (inflight === p) inflight = null
      })
      inflight = p
    }
    return inflight
  }

  /** Asks again for account `id` and throws the server's refusal (for pages that show it). */
  async function reload(id: number): Promise<Unit[]> {
    const list = await listUnits({ mine: true })
    accountId.value = id
    units.value = list
    loaded.value = true
    return list
  }

  function clear(): void {
    units.value = []
    accountId.value = null
    loaded.value = false
  }

  return { units, accountId, loaded, isContact, load, reload, clear }
})
