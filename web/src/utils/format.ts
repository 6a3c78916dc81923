// Display helpers.

/** 437800 → "43.78" (万人). */
export function toWan(population: number | null | undefined): string {
  if (population === null || population === undefined || !Number.isFinite(population)) return '—'
  return (population / 10000).toFixed(2)
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  return n.toLocaleString('zh-CN')
}

/** RFC 3339 → "2026-01-02 09:00" in China time; falls back to the input. */
export function formatDateTime(s: string | null | undefined): string {
  if (!s) return '—'
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) return s
  const t = new Date(d.getTime() + 8 * 3600 * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`
}
