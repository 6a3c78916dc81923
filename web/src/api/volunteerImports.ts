// 批量导入志愿者: an organisation's admin registers its existing volunteers from a CSV or XLSX file; and 账号激活:
// a volunteer registered that way sets the first password through the link of the SMS they received
// (docs/api.md "Organisations" and "Identity").
import { apiPath, http, request } from './http'
import type { AccountActivation, VolunteerImportResult } from './types'

/**
 * Uploads the file as the request body (CSV or XLSX, told apart by its content). Good rows are kept and bad rows
 * reported by line (200); 422 `sheet_unreadable` when required columns are missing or the file cannot be read,
 * 409 `org_not_approved`, 413 above 5 MiB, 404 for an organisation the caller does not administer.
 */
export function importVolunteers(orgId: number, file: Blob, contentType: string): Promise<VolunteerImportResult> {
  return request<VolunteerImportResult>(apiPath('organizations', orgId, 'volunteer-imports'), {
    method: 'POST',
    rawBody: file,
    contentType,
  })
}

/** Public: whom an activation link is for; 404 when it is unknown, used or expired. */
export function getActivation(token: string): Promise<AccountActivation> {
  return http.get<AccountActivation>(apiPath('account-activations', token), undefined, { skipAuthRedirect: true })
}

/** Public: sets the first password. 422 field `password` for one the policy refuses; 404 as above. */
export function activateAccount(token: string, password: string): Promise<{ activated: boolean }> {
  return http.post<{ activated: boolean }>(apiPath('account-activations', token), { password }, { skipAuthRedirect: true })
}
