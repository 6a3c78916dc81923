// The hours record (志愿服务记录) — docs/api.md "The hours record (ledger)".
import { apiPath, http } from './http'
import type { ConfirmationResult, CorrectionInput, CorrectionResult, LedgerEntry, MyHours } from './types'

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
