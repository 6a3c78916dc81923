// The Chinese reason of a refusal, for pages that show it in place (sign-up, check-in).
import { isApiError } from '@/api/http'

/**
 * The server's words for why it refused: the `errors[].message`s (e.g. "未到签到时间"), else `detail`.
 * A generic `detail` such as "请检查标注的字段" is dropped when a field message says more.
 */
export function refusalText(e: unknown, fallback = '操作失败，请稍后再试'): string {
  if (isApiError(e)) {
    const messages = e.errors.map((x) => x.message).filter((m) => !!m)
    if (messages.length > 0) return [...new Set(messages)].join('；')
    return e.detail || e.title || fallback
  }
  if (e instanceof Error && e.message) return e.message
  return fallback
}

/** The first refusal code (field error or top-level), for pages that react to a specific one. */
export function refusalCode(e: unknown): string {
  if (!isApiError(e)) return ''
  return e.errors.find((x) => x.code)?.code ?? e.code
}
