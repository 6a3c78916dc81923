// The Element Plus parts of the layout that a first page does not always show, fetched apart from the first load:
// the desktop bar (el-menu, with its sub-menus and poppers) and the user menu (el-dropdown) — preloaded before the
// app mounts on wide screens (main.ts), so they appear with the first paint — and the phone drawer, fetched when it
// is first opened (with the menu inside it). BasicLayout's template uses them under their usual tag names.
import { lazyComponent } from '@/utils/lazyComponent'
import { MOBILE_QUERY } from '@/composables/useIsMobile'

const menu = () => import('element-plus/es/components/menu/index.mjs')
const dropdown = () => import('element-plus/es/components/dropdown/index.mjs')

export const ElMenu = lazyComponent(() => menu().then((m) => m.ElMenu), { name: 'LazyElMenu' })
export const ElMenuItem = lazyComponent(() => menu().then((m) => m.ElMenuItem), { name: 'LazyElMenuItem' })
export const ElSubMenu = lazyComponent(() => menu().then((m) => m.ElSubMenu), { name: 'LazyElSubMenu' })
export const ElDropdown = lazyComponent(() => dropdown().then((m) => m.ElDropdown), { name: 'LazyElDropdown' })
export const ElDropdownMenu = lazyComponent(() => dropdown().then((m) => m.ElDropdownMenu), { name: 'LazyElDropdownMenu' })
export const ElDropdownItem = lazyComponent(() => dropdown().then((m) => m.ElDropdownItem), { name: 'LazyElDropdownItem' })
export const ElDrawer = lazyComponent(
  () =>
    Promise.all([
      import('element-plus/es/components/drawer/index.mjs'),
      ElMenu.preload(),
      ElMenuItem.preload(),
    ]).then(([m]) => m.ElDrawer),
  { name: 'LazyElDrawer', waitFor: (attrs) => Boolean(attrs.modelValue) },
)

/** On wide screens: the bar and the user menu, before the app mounts. Resolves (never rejects) when done. */
export function preloadShell(): Promise<void> {
  if (typeof window === 'undefined' || window.matchMedia(MOBILE_QUERY).matches) return Promise.resolve()
  return Promise.all([ElMenu, ElMenuItem, ElSubMenu, ElDropdown, ElDropdownMenu, ElDropdownItem].map((c) => c.preload())).then(
    () => undefined,
    () => undefined,
  )
}
