// Times of the API are RFC 3339 with an offset; Meizhou is UTC+8 all year (no daylight saving).
// The pickers of the forms work on China wall-clock strings ("YYYY-MM-DD HH:mm:ss", value-format), so the
// browser's own time zone never shifts what the organiser typed.

export const CHINA_OFFSET = '+08:00'
const OFFSET_MS = 8 * 3600 * 1000

const p2 = (n: number) => String(n).padStart(2, '0')

const PICKER_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return false
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return d >= 1 && d <= dim
}

/** "2027-01-01 09:00:00" (China time, from a picker) → "2027-01-01T09:00:00+08:00"; null when not a time. */
export function pickerToRfc3339(value: string | null | undefined): string | null {
  if (!value) return null
  const m = PICKER_RE.exec(value.trim())
  if (!m) return null
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number]
  const s = m[6] ? Number(m[6]) : 0
  if (!validParts(y, mo, d, h, mi, s)) return null
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${p2(s)}${CHINA_OFFSET}`
}

/** A Date → its China wall-clock picker string "YYYY-MM-DD HH:mm:ss". */
export function dateToPicker(d: Date): string {
  const t = new Date(d.getTime() + OFFSET_MS)
  return (
    `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())} ` +
    `${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}`
  )
}

/** Any RFC 3339 time (any offset) → the China wall-clock picker string; '' when unreadable. */
export function rfc3339ToPicker(value: string | null | undefined): string {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  return dateToPicker(d)
}

/** A Date → RFC 3339 in China time, e.g. for "now" or a computed default. */
export function dateToRfc3339(d: Date): string {
  return pickerToRfc3339(dateToPicker(d))!
}

/** Milliseconds since the epoch of an RFC 3339 time, or NaN. */
export function timeOf(value: string | null | undefined): number {
  return value ? new Date(value).getTime() : Number.NaN
}

/** Whole seconds from `now` until `until` (never below 0). */
export function secondsUntil(until: string | null | undefined, now: number = Date.now()): number {
  const t = timeOf(until)
  if (Number.isNaN(t)) return 0
  return Math.max(0, Math.ceil((t - now) / 1000))
}

/**
 * "2027-01-01 09:00 – 12:00" on one day, "2027-01-01 09:00 – 2027-01-02 12:00" across days (China time).
 */
export function formatRange(starts: string | null | undefined, ends: string | null | undefined): string {
  const a = rfc3339ToPicker(starts)
  const b = rfc3339ToPicker(ends)
  if (!a) return '—'
  const short = (s: string) => s.slice(0, 16)
  if (!b) return short(a)
  return a.slice(0, 10) === b.slice(0, 10) ? `${short(a)} – ${b.slice(11, 16)}` : `${short(a)} – ${short(b)}`
}

/** The China calendar date "YYYY-MM-DD" of a time. */
export function chinaDate(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value
  return dateToPicker(d).slice(0, 10)
}

/** Whole seconds from `now` until the epoch-milliseconds `at` (never below 0): the countdowns of rotating codes. */
export function secondsLeft(at: number, now: number = Date.now()): number {
  if (!Number.isFinite(at)) return 0
  return Math.max(0, Math.ceil((at - now) / 1000))
}
