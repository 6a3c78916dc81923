// Vitest: the English dictionary is a lazy chunk in the app; loaded here once so tests can switch with a plain
// setLocale('en') and read English at once.
import { loadLocale } from '@/i18n'

await loadLocale('en')
