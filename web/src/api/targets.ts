// 测评考核 — the target desk: every county's figures against the notice's targets, the assessment table as XLSX,
// and the League/party member counts (denominators) the city admin records (docs/api.md "Targets").
import { API_BASE, apiPath, buildQuery, http } from './http'
import type { MemberCountInput, TargetDesk } from './types'

/** County admins: their county; the city admin: every county; both: the city. 403 for others, 422 `year`. */
export function getTargets(year?: number): Promise<TargetDesk> {
  return http.get<TargetDesk>(apiPath('targets'), { year })
}

/** The assessment table 测评考核表 (same scope) as XLSX, for `useDownload`. */
export function targetsExportPath(year: number): string {
  return `${API_BASE}/targets/export.xlsx${buildQuery({ year })}`
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
