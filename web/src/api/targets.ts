// 测评考核 — the target desk: every county's figures against the notice's targets, the assessment table as XLSX
// or PDF, the League/party member counts (denominators) the city admin records, and snapshots 快照 — a year's
// desk frozen by the city admin, whose figures (and files) never change again (docs/api.md "Targets").
import { API_BASE, apiPath, buildQuery, http } from './http'
import type { MemberCountInput, TargetCountyDetail, TargetDesk, TargetSnapshot, TargetTrend } from './types'

/** Which desk: the live figures of a year, or a frozen snapshot. */
export type DeskRef = { year: number; snapshot?: undefined } | { snapshot: number; year?: undefined }

/** The query of a desk: `{year}` or `{snapshot}` (never both). */
function deskQuery(ref: number | DeskRef | undefined): { year?: number; snapshot?: number } {
  if (ref === undefined) return {}
  if (typeof ref === 'number') return { year: ref }
  return ref.snapshot !== undefined ? { snapshot: ref.snapshot } : { year: ref.year }
}

/**
 * County admins: their county; the city admin: every county; both: the city. A year (this year without one) or a
 * snapshot (`{snapshot: id}`: the frozen desk, with `snapshot` set). 403 for others, 422 `year`, 404 unknown
 * snapshot.
 */
export function getTargets(ref?: number | DeskRef): Promise<TargetDesk> {
  return http.get<TargetDesk>(apiPath('targets'), deskQuery(ref))
}

export type TargetExportFormat = 'xlsx' | 'pdf'

/**
 * The assessment table 测评考核表 (same scope) of a year or a snapshot as XLSX or PDF (landscape A4 with the
 * formulas), for `useDownload`. A snapshot's files are the same bytes on every download.
 */
export function targetsExportPath(ref: number | DeskRef, format: TargetExportFormat = 'xlsx'): string {
  return `${API_BASE}/targets/export.${format}${buildQuery(deskQuery(ref))}`
}

/** City and county admins: every snapshot, newest year first (then newest first). */
export async function listSnapshots(): Promise<TargetSnapshot[]> {
  const res = await http.get<{ items: TargetSnapshot[] }>(apiPath('targets', 'snapshots'))
  return res?.items ?? []
}

/**
 * City admin: freezes the year's desk as it is now under `label` (201). 409 `snapshot_exists` (field `label`: the
 * year has a snapshot of that name); 422 field errors: `label` required | too_long (60), `year` invalid_year.
 */
export function createSnapshot(body: { year: number; label: string }): Promise<TargetSnapshot> {
  return http.post<TargetSnapshot>(apiPath('targets', 'snapshots'), { year: body.year, label: body.label.trim() })
}

/**
 * City admin: records a county's League or party member count for a year (204). 422 field errors:
 * `county_code` unknown_county, `kind` invalid_kind, `year` invalid_year | required, `members` invalid_members |
 * required, `note` too_long.
 */
export function putMemberCount(body: MemberCountInput): Promise<void> {
  const payload: Record<string, unknown> = {
    county_code: body.county_code,
    year: body.year,
    kind: body.kind,
    members: body.members,
  }
  const note = body.note?.trim()
  if (note) payload.note = note
  return http.put<void>(apiPath('targets', 'member-counts'), payload)
}

/**
 * Trends 趋势: each year's figures from `from` to `to` (same scope as the desk; the server's default is the last
 * five years). 422 `from` | `to` invalid_year.
 */
export function getTrend(range: { from?: number; to?: number } = {}): Promise<TargetTrend> {
  return http.get<TargetTrend>(apiPath('targets', 'trend'), { from: range.from, to: range.to })
}

/**
 * Drill-down 下钻: a county's figures with its organisations and units for a year (the county's admin or the city
 * admin; another county is 404 for a county admin).
 */
export function getCountyDetail(code: string, year?: number): Promise<TargetCountyDetail> {
  return http.get<TargetCountyDetail>(apiPath('targets', 'counties', code), { year })
}
