// 快照 (snapshots) of the target desk: which desk the page shows (`?snapshot=ID` or `?year=`), the list in the
// server's order, a label to start the freeze dialog with, and the words of the banner. Pure.
import type { TargetSnapshot } from '@/api/types'
import type { DeskRef } from '@/api/targets'
import { formatDateTime } from '@/utils/format'
import { t } from '@/i18n'

/** A `?snapshot=` query value as a snapshot id (a positive whole number), else null (the live desk). */
export function pickSnapshot(query: unknown): number | null {
  const raw = Array.isArray(query) ? query[0] : query
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw)) return null
  const id = Number(raw)
  return Number.isSafeInteger(id) ? id : null
}

/** The desk to ask for: the snapshot when one is chosen, else the live year. */
export function deskRef(snapshot: number | null, year: number): DeskRef {
  return snapshot !== null ? { snapshot } : { year }
}

/** The page's query for a desk: `{snapshot}` or `{year}` (the other removed), keeping unrelated keys. */
export function deskQuery(
  query: Record<string, unknown>,
  snapshot: number | null,
  year: number,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(query)) {
    if (k === 'snapshot' || k === 'year') continue
    if (typeof v === 'string') out[k] = v
  }
  if (snapshot !== null) out.snapshot = String(snapshot)
  else out.year = String(year)
  return out
}

/** The server's order: newest year first, then newest first (the larger id). */
export function sortSnapshots(list: readonly TargetSnapshot[]): TargetSnapshot[] {
  return [...list].sort((a, b) => b.year - a.year || b.id - a.id)
}

/** `list` with `s` added (or replaced, by id), in the server's order. */
export function withSnapshot(list: readonly TargetSnapshot[], s: TargetSnapshot): TargetSnapshot[] {
  return sortSnapshots([...list.filter((x) => x.id !== s.id), s])
}

/**
 * A label for a new snapshot of `year`: "2026年度考核", or "2026年度考核（2）", "（3）"… when the year already has
 * one of that name (the server refuses a second one, 409 `snapshot_exists`).
 */
export function suggestSnapshotLabel(year: number, existing: readonly TargetSnapshot[]): string {
  const base = t('targets.snapshot.defaultLabel', { year })
  const taken = new Set(existing.filter((s) => s.year === year).map((s) => s.label.trim()))
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) {
    const label = t('targets.snapshot.numbered', { label: base, n })
    if (!taken.has(label)) return label
  }
}

/** "2026年 · 冻结于 2026-11-29 12:17", beside the label in the list. */
export function snapshotDetail(s: TargetSnapshot): string {
  return t('targets.snapshot.option', { year: s.year, at: formatDateTime(s.frozen_at) })
}

/** "快照：2026年度考核，冻结于 2026-11-29 12:17，数据不再变化". */
export function snapshotBanner(s: TargetSnapshot): string {
  return t('targets.snapshot.banner', { label: s.label, at: formatDateTime(s.frozen_at) })
}
