// The hours record (志愿服务记录) — docs/api.md "The hours record (ledger)" and "Archive and exports".
import { apiPath, http } from './http'
import type {
  Appeal,
  AppealDecision,
  AppealStatus,
  ConfirmationResult,
  CorrectionInput,
  CorrectionResult,
  LedgerEntry,
  MemberHours,
  MyHours,
  RetroEntryInput,
} from './types'

/** Confirms every closed session of the activity (no ids) or the given attendance ids. */
export function confirmAttendance(activityId: number, attendanceIds?: number[]): Promise<ConfirmationResult> {
  const body = attendanceIds && attendanceIds.length > 0 ? { attendance_ids: attendanceIds } : {}
  return http.post<ConfirmationResult>(apiPath('activities', activityId, 'confirmations'), body)
}

export async function listLedgerReviews(): Promise<LedgerEntry[]> {
  const res = await http.get<{ items: LedgerEntry[] }>(apiPath('ledger', 'reviews'))
  return res?.items ?? []
}

export function approveEntry(entryId: number): Promise<LedgerEntry> {
  return http.post<LedgerEntry>(apiPath('ledger', 'entries', entryId, 'approve'), {})
}

export function rejectEntry(entryId: number, reason: string): Promise<LedgerEntry> {
  return http.post<LedgerEntry>(apiPath('ledger', 'entries', entryId, 'reject'), { reason })
}

export function correctEntry(entryId: number, body: CorrectionInput): Promise<CorrectionResult> {
  return http.post<CorrectionResult>(apiPath('ledger', 'entries', entryId, 'corrections'), body)
}

export function getMyHours(): Promise<MyHours> {
  return http.get<MyHours>(apiPath('me', 'hours'))
}

/** Every entry of an activity, reversals and corrections included (org admin). */
export async function listActivityEntries(activityId: number): Promise<LedgerEntry[]> {
  const res = await http.get<{ items: LedgerEntry[] }>(apiPath('activities', activityId, 'ledger-entries'))
  return res?.items ?? []
}

/** 补录: past work, approved by the county (or parent organisation) or the city. */
export function createRetroEntry(activityId: number, body: RetroEntryInput): Promise<LedgerEntry> {
  return http.post<LedgerEntry>(apiPath('activities', activityId, 'retro-entries'), body)
}

// ---- appeals 申诉 -------------------------------------------------------------
export function fileAppeal(entryId: number, reason: string): Promise<Appeal> {
  return http.post<Appeal>(apiPath('ledger', 'entries', entryId, 'appeals'), { reason })
}

export async function listMyAppeals(): Promise<Appeal[]> {
  const res = await http.get<{ items: Appeal[] }>(apiPath('me', 'appeals'))
  return res?.items ?? []
}

export async function listOrganizationAppeals(orgId: number, status?: AppealStatus | ''): Promise<Appeal[]> {
  const res = await http.get<{ items: Appeal[] }>(apiPath('organizations', orgId, 'appeals'), {
    status: status || undefined,
  })
  return res?.items ?? []
}

export function decideAppeal(appealId: number, body: AppealDecision): Promise<Appeal> {
  return http.post<Appeal>(apiPath('appeals', appealId, 'decision'), body)
}

// ---- organisation hours 组织成员时长 --------------------------------------------
export async function getOrganizationHours(orgId: number, year: number): Promise<MemberHours[]> {
  const res = await http.get<{ items: MemberHours[] }>(apiPath('organizations', orgId, 'hours'), { year })
  return res?.items ?? []
}

// ---- downloads (paths for downloadFile) ---------------------------------------------
export type ExportFormat = 'csv' | 'xlsx'

export function attendanceExportPath(activityId: number, format: ExportFormat): string {
  return apiPath('activities', activityId, `attendance.${format}`)
}

export function organizationHoursExportPath(orgId: number, year: number, format: ExportFormat): string {
  return `${apiPath('organizations', orgId, `hours.${format}`)}?year=${encodeURIComponent(String(year))}`
}
