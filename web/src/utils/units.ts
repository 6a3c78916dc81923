// Units 单位 and rosters 花名册: the template file, the file checks before an upload, labels of roster fields and
// statuses, and the invitation QR code as an image.
import type { RosterMemberStatus, RosterRowError, RosterSource, Unit } from '@/api/types'

/** The roster template's header row (the server also reads the English names, in any column order). */
export const ROSTER_TEMPLATE_HEADER = ['姓名', '身份证号码', '政治面貌', '手机号码', '部门'] as const
export const ROSTER_TEMPLATE_NAME = '单位花名册模板.csv'
export const CSV_TYPE = 'text/csv'
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** The server refuses bodies above 5 MiB (413). */
export const ROSTER_MAX_BYTES = 5 * 1024 * 1024

/**
 * The template CSV: the header row only, UTF-8 with a byte order mark (Excel on Windows opens the Chinese names
 * correctly only with it; Excel's own "CSV UTF-8" writes one too), CRLF line ends.
 */
export function rosterTemplateCsv(): string {
  return `\uFEFF${ROSTER_TEMPLATE_HEADER.join(',')}\r\n`
}

/** The Content-Type to send a roster file with, from its name; null for anything but .csv and .xlsx. */
export function rosterContentType(fileName: string): string | null {
  const m = /\.([A-Za-z0-9]+)\s*$/.exec(fileName)
  const ext = m?.[1]?.toLowerCase()
  if (ext === 'csv') return CSV_TYPE
  if (ext === 'xlsx') return XLSX_TYPE
  return null
}

export type RosterFileCheck = { ok: true; contentType: string } | { ok: false; reason: 'type' | 'size' | 'empty' }

/** What can be uploaded: a .csv or .xlsx file, not empty, at most 5 MiB. */
export function checkRosterFile(file: { name: string; size: number }): RosterFileCheck {
  const contentType = rosterContentType(file.name)
  if (!contentType) return { ok: false, reason: 'type' }
  if (file.size <= 0) return { ok: false, reason: 'empty' }
  if (file.size > ROSTER_MAX_BYTES) return { ok: false, reason: 'size' }
  return { ok: true, contentType }
}

/** The errors of an import in file order (line, then the order the server gave). */
export function sortedRowErrors(errors: readonly RosterRowError[] | null | undefined): RosterRowError[] {
  return (errors ?? []).map((e, i) => ({ e, i })).sort((a, b) => a.e.line - b.e.line || a.i - b.i).map((x) => x.e)
}

/** How many distinct lines were refused (a line may carry several errors). */
export function rejectedLines(errors: readonly RosterRowError[] | null | undefined): number[] {
  return [...new Set((errors ?? []).map((e) => e.line))].sort((a, b) => a - b)
}

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export function rosterStatusTagType(s: RosterMemberStatus | string): TagType {
  return s === 'ok' ? 'success' : s === 'under_20h' ? 'warning' : s === 'unregistered' ? 'danger' : 'info'
}

export function rosterSourceTagType(s: RosterSource | string): TagType {
  return s === 'invitation' ? 'primary' : 'info'
}

/** An SVG document (the server's QR code) as an <img> source: never put into the page as markup. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}

/** The city's own code: units "市本级" belong to it. */
export const CITY_CODE = '441400'

/** Where the caller may register units: a county admin their counties; the city admin every county and the city. */
export function unitRegionChoices(
  counties: readonly { code: string; name: string }[],
  opts: { isCityAdmin: boolean; countyAdminOf: readonly string[]; cityName: string },
): { code: string; name: string }[] {
  if (opts.isCityAdmin) return [{ code: CITY_CODE, name: opts.cityName }, ...counties.map((c) => ({ code: c.code, name: c.name }))]
  return opts.countyAdminOf.map((code) => ({ code, name: counties.find((c) => c.code === code)?.name ?? code }))
}

/** Units sorted for lists: by region code (the city first), then name. */
export function sortUnits<T extends Pick<Unit, 'region_code' | 'name'>>(units: readonly T[]): T[] {
  return [...units].sort((a, b) => a.region_code.localeCompare(b.region_code) || a.name.localeCompare(b.name, 'zh-CN'))
}
