// The activity list's widgets that phones do not show at first: the date range (behind 筛选) and the table (phones
// get cards). Fetched when they first render; on wide screens the route preloads them (router/activities.ts) so the
// page's first paint has them. (The selects come with the page anyway: el-pagination imports el-select.)
import { lazyComponent } from '@/utils/lazyComponent'

const table = () => import('element-plus/es/components/table/index.mjs')

export const ElDatePicker = lazyComponent(
  () => import('element-plus/es/components/date-picker/index.mjs').then((m) => m.ElDatePicker),
  { name: 'LazyElDatePicker' },
)
export const ElTable = lazyComponent(() => table().then((m) => m.ElTable), { name: 'LazyElTable' })
export const ElTableColumn = lazyComponent(() => table().then((m) => m.ElTableColumn), { name: 'LazyElTableColumn' })

/** All of them (wide screens, before the page shows). Resolves (never rejects) when done. */
export function preloadListWidgets(): Promise<void> {
  return Promise.all([ElDatePicker, ElTable, ElTableColumn].map((c) => c.preload())).then(
    () => undefined,
    () => undefined,
  )
}
