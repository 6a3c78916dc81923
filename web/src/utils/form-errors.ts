// Map server field errors (problem+json `errors[]`) onto form item names.
import type { FieldError } from '@/api/http'

/** "skills[2]" → "skills", "guardian.phone" → "guardian"; an empty field stays empty. */
export function baseField(field: string): string {
  const m = /^[^.[\]]+/.exec(field)
  return m ? m[0] : field
}

/**
 * Collects messages per form field. Fields not in `known` (when given) are returned in `unmatched`,
 * so the caller can show them elsewhere (e.g. in an ElMessage).
 */
export function mapFieldErrors(
  errors: readonly FieldError[],
  known?: readonly string[],
): { byField: Record<string, string>; unmatched: FieldError[] } {
  const byField: Record<string, string> = {}
  const unmatched: FieldError[] = []
  for (const e of errors) {
    const f = baseField(e.field)
    if (!f || (known && !known.includes(f))) {
      unmatched.push(e)
      continue
    }
    const msg = e.message || e.code
    byField[f] = byField[f] ? `${byField[f]}；${msg}` : msg
  }
  return { byField, unmatched }
}
