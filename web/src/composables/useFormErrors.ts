// Server validation errors beside form fields, `detail` in an ElMessage.
import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { isApiError, type ApiError } from '@/api/http'
import { mapFieldErrors } from '@/utils/form-errors'
import { t } from '@/i18n'

export function errorText(e: unknown): string {
  if (isApiError(e)) return e.detail || e.title || t('common.requestFailed')
  if (e instanceof Error && e.message) return e.message
  return t('common.requestFailed')
}

/** Show an error in an ElMessage (never for aborted requests). */
export function showError(e: unknown): void {
  if (e instanceof DOMException && e.name === 'AbortError') return
  ElMessage({ type: 'error', message: errorText(e), grouping: true, showClose: true })
}

export function useFormErrors<F extends string>(fields: readonly F[]) {
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, '']))) as Record<F, string>

  function clear(field?: F): void {
    if (field) errors[field] = ''
    else for (const f of fields) errors[f] = ''
  }

  /**
   * Put the field errors of `e` beside the fields and show `detail` in a message.
   * Returns the ApiError (or null for other errors) so the caller can look at codes.
   */
  function apply(e: unknown, opts: { silent?: boolean } = {}): ApiError | null {
    clear()
    if (!isApiError(e)) {
      if (!opts.silent) showError(e)
      return null
    }
    const { byField, unmatched } = mapFieldErrors(e.errors, fields)
    for (const [f, msg] of Object.entries(byField)) errors[f as F] = msg
    if (!opts.silent) {
      const extra = unmatched.map((u) => u.message).filter(Boolean)
      const msg = [errorText(e), ...extra].join('：')
      ElMessage({ type: 'error', message: msg, grouping: true, showClose: true })
    }
    return e
  }

  return { errors, clear, apply }
}
