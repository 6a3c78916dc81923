// A small typed dictionary: zh-CN is the source of truth, en must provide every key.
import { ref } from 'vue'
import zhCN, { type MessageKey } from './zh-CN'
import en from './en'

export type { MessageKey }
export type Locale = 'zh-CN' | 'en'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en }
const STORAGE_KEY = 'zy_locale'

function initialLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

export const locale = ref<Locale>(initialLocale())

export function setLocale(l: Locale): void {
  locale.value = l
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, l)
  } catch {
    /* ignore */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = l
}

/** Translate `key`, replacing `{name}` placeholders from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const msg = dictionaries[locale.value][key] ?? zhCN[key] ?? key
  if (!params) return msg
  return msg.replace(/\{(\w+)\}/g, (m, name: string) =>
    params[name] !== undefined ? String(params[name]) : m,
  )
}

export function useI18n() {
  return { t, locale, setLocale }
}
