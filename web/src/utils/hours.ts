// Service hours: the API counts integer minutes; people read hours.

/** 750 → "12.5", 45 → "0.75", 20 → "0.33", -90 → "-1.5", 0 → "0". At most two decimals, no trailing zeros. */
export function minutesToHours(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—'
  const hundredths = Math.round((Math.abs(minutes) * 100) / 60)
  const sign = minutes < 0 && hundredths > 0 ? '-' : ''
  const whole = Math.floor(hundredths / 100)
  const frac = hundredths % 100
  if (frac === 0) return `${sign}${whole}`
  const f = String(frac).padStart(2, '0').replace(/0$/, '')
  return `${sign}${whole}.${f}`
}

/** "12.5 小时" (or "12.5 h"): `unit` comes from the dictionary. */
export function formatHours(minutes: number | null | undefined, unit = '小时'): string {
  const h = minutesToHours(minutes)
  return h === '—' ? h : `${h} ${unit}`
}

/** 135 → "2 小时 15 分钟"-style parts, for short durations (check-out results). */
export function splitMinutes(minutes: number): { hours: number; minutes: number } {
  const m = Math.max(0, Math.trunc(minutes))
  return { hours: Math.floor(m / 60), minutes: m % 60 }
}

/** The sum of the confirmed entries (what the totals on /me/hours must equal). */
export function sumConfirmed(entries: readonly { minutes: number; status: string }[]): number {
  return entries.reduce((s, e) => (e.status === 'confirmed' ? s + e.minutes : s), 0)
}
