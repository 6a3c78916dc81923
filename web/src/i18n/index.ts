// A small typed dictionary: zh-CN is the source of truth, en must provide every key.
// zh-CN (and Element Plus's zh-CN strings) are part of the first load; English is a chunk of its own, fetched the
// first time it is chosen (loadLocale), so the Chinese first page does not carry a second dictionary.
import { ref } from 'vue'
import type { Language } from 'element-plus/es/locale'
import elementZhCn from 'element-plus/es/locale/lang/zh-cn'
import zhCN, { type MessageKey } from './zh-CN'

export type { MessageKey }
export type Locale = 'zh-CN' | 'en'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

interface LoadedLocale {
  messages: Record<MessageKey, string>
  element: Language
}

const loaded: Partial<Record<Locale, LoadedLocale>> = { 'zh-CN': { messages: zhCN, element: elementZhCn } }
const loaders: Record<Exclude<Locale, 'zh-CN'>, () => Promise<LoadedLocale>> = {
  en: async () => {
    const [messages, element] = await Promise.all([import('./en'), import('element-plus/es/locale/lang/en')])
    return { messages: messages.default, element: element.default }
  },
}
const STORAGE_KEY = 'zy_locale'

/** The language chosen earlier on this browser (zh-CN when none): main.ts loads it before mounting. */
export function storedLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

/** The language shown; it changes only once its dictionary is loaded, so t() always answers in it. */
export const locale = ref<Locale>('zh-CN')

/** Fetches the dictionary of `l` (once); resolves when t() can answer in it. */
export async function loadLocale(l: Locale): Promise<void> {
  if (loaded[l]) return
  loaded[l] = await loaders[l as Exclude<Locale, 'zh-CN'>]()
}

let requested: Locale = 'zh-CN'

function apply(l: Locale, remember: boolean): void {
  locale.value = l
  if (remember) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, l)
    } catch {
      /* ignore */
    }
  }
  if (typeof document !== 'undefined') document.documentElement.lang = l
}

/**
 * Shows the app in `l` and remembers the choice: at once when its dictionary is loaded (always for zh-CN),
 * otherwise after fetching it. When another language is asked for in between, the last one asked wins.
 */
export function setLocale(l: Locale, { remember = true }: { remember?: boolean } = {}): Promise<void> {
  requested = l
  if (loaded[l]) {
    apply(l, remember)
    return Promise.resolve()
  }
  return loadLocale(l).then(() => {
    if (requested === l) apply(l, remember)
  })
}

/** Element Plus's own strings (date picker, pagination, empty states…) for the language shown. */
export function elementLocale(l: Locale): Language {
  return (loaded[l] ?? loaded['zh-CN']!).element
}

/** Translate `key`, replacing `{name}` placeholders from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const msg = loaded[locale.value]?.messages[key] ?? zhCN[key] ?? key
  if (!params) return msg
  return msg.replace(/\{(\w+)\}/g, (m, name: string) =>
    params[name] !== undefined ? String(params[name]) : m,
  )
}

export function useI18n() {
  return { t, locale, setLocale }
}
