// Pure helpers of the hours record: what may be corrected, appeals per entry, 补录 dates, year choices.
import type { Appeal, LedgerEntry } from '@/api/types'
import { chinaDate } from './datetime'

/** The server corrects only confirmed entries that are not reversals and were not corrected before. */
export function isCorrectable(e: Pick<LedgerEntry, 'status' | 'kind' | 'reversed'>): boolean {
  return e.status === 'confirmed' && e.kind !== 'reversal' && !e.reversed
}

/** Newest appeal of each entry (by id: ids grow with time). */
export function latestAppealByEntry(appeals: readonly Appeal[]): Map<number, Appeal> {
  const out = new Map<number, Appeal>()
  for (const a of appeals) {
    const cur = out.get(a.entry_id)
    if (!cur || a.id > cur.id) out.set(a.entry_id, a)
  }
  return out
}

/** Appeals still waiting for the organisation. */
export function openAppealCount(appeals: readonly Pick<Appeal, 'status'>[]): number {
  return appeals.filter((a) => a.status === 'open').length
}

export interface DateBounds {
  /** `YYYY-MM-DD`, inclusive. */
  min: string
  max: string
}

/**
 * The dates a 补录 may name: within the activity (China dates of its start and end) and not after today.
 * `null` when there is none yet (the activity has not started).
 */
export function retroDateBounds(activity: { starts_at: string; ends_at: string }, now: Date = new Date()): DateBounds | null {
  const min = chinaDate(activity.starts_at)
  const end = chinaDate(activity.ends_at)
  const today = chinaDate(now)
  const max = end < today ? end : today
  if (!/^\d{4}-\d{2}-\d{2}$/.test(min) || !/^\d{4}-\d{2}-\d{2}$/.test(max) || max < min) return null
  return { min, max }
}

/** `YYYY-MM-DD` inside the bounds (string order is date order for this format). */
export function isWithin(date: string, bounds: DateBounds | null): boolean {
  return !!bounds && /^\d{4}-\d{2}-\d{2}$/.test(date) && date >= bounds.min && date <= bounds.max
}

/** A Date of a picker's day as `YYYY-MM-DD` (its local calendar day, which the picker showed). */
export function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** Years to pick, newest first: this year (China time) back `count - 1` years, never before `first`. */
export function yearOptions(now: Date = new Date(), count = 6, first = 2000): number[] {
  const current = Number(chinaDate(now).slice(0, 4))
  const out: number[] = []
  for (let y = current; y > current - count && y >= first; y--) out.push(y)
  return out
}

/** Totals of an organisation's hours table. */
export function sumMemberHours(rows: readonly { confirmed_minutes: number; pending_minutes: number }[]): {
  confirmed: number
  pending: number
} {
  return rows.reduce(
    (acc, r) => ({ confirmed: acc.confirmed + (r.confirmed_minutes || 0), pending: acc.pending + (r.pending_minutes || 0) }),
    { confirmed: 0, pending: 0 },
  )
}

/** Reason codes whose label adds nothing once the organiser's own words are there. */
const SILENT_CODES = new Set(['other', 'retro'])

/**
 * "时间有误：签到时间登记有误" — the label of the reason code and the reason text; the label of `other` or
 * `retro` only when there is no text (a 补录 or an appeal decision already says what it is).
 */
export function entryReasonText(
  e: { reason_code?: string | null; reason?: string | null },
  label: (code: string) => string,
  colon = '：',
): string {
  const code = e.reason_code ?? ''
  const text = (e.reason ?? '').trim()
  const parts: string[] = []
  if (code && !(text && SILENT_CODES.has(code))) parts.push(label(code))
  if (text) parts.push(text)
  return parts.join(colon)
}
