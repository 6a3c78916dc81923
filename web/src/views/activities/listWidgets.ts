// The activity list's widgets that phones do not show at first: the date range and the selects (behind 筛选), the
// table (phones get cards) and the pager (below the 20 cards: fetched when scrolled near). Fetched when they first
// render; on wide screens the route preloads them (router/activities.ts) so the page's first paint has them. The
// pager brings the select's code with it (ElPagination imports ElSelect for its page sizes), so neither is in the
// page's own chunk.
import { shallowRef, type Component } from 'vue'
import { lazyComponent } from '@/utils/lazyComponent'

const table = () => import('element-plus/es/components/table/index.mjs')
const select = () => import('element-plus/es/components/select/index.mjs')

export const ElDatePicker = lazyComponent(
  () => import('element-plus/es/components/date-picker/index.mjs').then((m) => m.ElDatePicker),
  { name: 'LazyElDatePicker' },
)
export const ElTable = lazyComponent(() => table().then((m) => m.ElTable), { name: 'LazyElTable' })
export const ElTableColumn = lazyComponent(() => table().then((m) => m.ElTableColumn), { name: 'LazyElTableColumn' })
/**
 * ElOption itself, set when the select's code is in: ElSelect recognises its options by their component's name, so
 * they cannot sit in a wrapper. (Options only render inside a select, and the select renders once this is set.)
 */
export const ElOption = shallowRef<Component>(() => null)
export const ElSelect = lazyComponent(
  () =>
    select().then((m) => {
      ElOption.value = m.ElOption
      return m.ElSelect
    }),
  { name: 'LazyElSelect' },
)
export const ElPagination = lazyComponent(
  () => import('element-plus/es/components/pagination/index.mjs').then((m) => m.ElPagination),
  // On a phone it sits below 20 cards: fetched when the reader scrolls towards it.
  { name: 'LazyElPagination', nearViewport: true },
)

/** All of them (wide screens, before the page shows). Resolves (never rejects) when done. */
export function preloadListWidgets(): Promise<void> {
  return Promise.all([ElDatePicker, ElTable, ElTableColumn, ElSelect, ElPagination].map((c) => c.preload())).then(
    () => undefined,
    () => undefined,
  )
}
