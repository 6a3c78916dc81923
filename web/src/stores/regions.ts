// Cached GET /api/v1/regions (the 8 counties of Meizhou).
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { fetchRegions } from '@/api/regions'
import type { Region } from '@/api/types'

export const useRegionsStore = defineStore('regions', () => {
  const city = ref<Region | null>(null)
  const counties = ref<Region[]>([])
  const loading = ref(false)
  const error = ref<unknown>(null)
  let inflight: Promise<void> | null = null

  const byCode = computed(() => new Map(counties.value.map((c) => [c.code, c])))

  function countyName(code: string | null | undefined): string {
    if (!code) return '—'
    return byCode.value.get(code)?.name ?? code
  }

  async function fetchAll(): Promise<void> {
    loading.value = true
    try {
      const res = await fetchRegions()
      city.value = res.city ?? null
      counties.value = res.items ?? []
      error.value = null
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  function load(force = false): Promise<void> {
    if (!force && counties.value.length > 0) return Promise.resolve()
    if (!inflight) {
      inflight = fetchAll().finally(() => {
        inflight = null
      })
    }
    return inflight
  }

  return { city, counties, loading, error, byCode, countyName, load }
})
