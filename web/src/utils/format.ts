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

/** `url` with a cache-busting query parameter (`/qr.svg` → `/qr.svg?t=123`, `/qr.svg?a=1` → `…&t=123`). */
export function cacheBust(url: string, stamp: number | string, param = 't'): string {
  const hash = url.indexOf('#')
  const base = hash >= 0 ? url.slice(0, hash) : url
  const frag = hash >= 0 ? url.slice(hash) : ''
  const re = new RegExp(`([?&])${param}=[^&]*`)
  if (re.test(base)) return base.replace(re, `$1${param}=${encodeURIComponent(String(stamp))}`) + frag
  return `${base}${base.includes('?') ? '&' : '?'}${param}=${encodeURIComponent(String(stamp))}${frag}`
}
