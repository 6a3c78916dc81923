// 一证一卡 — the registered-volunteer certificate 注册志愿者证 and the Meizhou volunteer card 梅州志愿者卡, the
// electronic certificate 电子志愿者证, and the bank operator's console (module "credentials").
import { API_BASE, apiPath, buildQuery, http, request } from './http'
import type {
  ApplicationStatus,
  BankApplication,
  BankReportStatus,
  CertificateFacts,
  CredentialApplication,
  CredentialApplicationRequest,
  CredentialOffer,
  ECertificate,
  StatusFileResult,
} from './types'

// ---- the volunteer --------------------------------------------------------------------------------------
/** Public: what each bank offers and exactly which fields it would receive. */
export async function listCredentialOffers(): Promise<CredentialOffer[]> {
  const res = await http.get<{ items: CredentialOffer[] }>(apiPath('credential-offers'))
  return res?.items ?? []
}

/**
 * Applies (with consent). The platform check runs at once: `sent_to_bank`, or `rejected` with the reason.
 * 422 consent_required / invalid_kind / bank_not_offered; 409 application_exists; 403 for non-volunteers.
 */
export function applyForCredential(body: CredentialApplicationRequest): Promise<CredentialApplication> {
  return http.post<CredentialApplication>(apiPath('me', 'credential-applications'), body)
}

/** The caller's applications with their events, newest first. */
export async function listMyApplications(): Promise<CredentialApplication[]> {
  const res = await http.get<{ items: CredentialApplication[] }>(apiPath('me', 'credential-applications'))
  return res?.items ?? []
}

/** Withdraws an application the bank has not issued yet (409 not_cancellable after that). */
export function cancelApplication(id: number): Promise<CredentialApplication> {
  return http.post<CredentialApplication>(apiPath('me', 'credential-applications', id, 'cancel'))
}

/** The caller's electronic certificate with a fresh token (refresh about every 25 s). */
export function getMyECertificate(): Promise<ECertificate> {
  return http.get<ECertificate>(apiPath('me', 'e-certificate'))
}

/** The server-drawn SVG QR code of the current verify link (cookie-authenticated image). */
export const MY_E_CERTIFICATE_QR = apiPath('me', 'e-certificate', 'qr.svg')

/** Public: the facts of a certificate by its token; 422 (field token) expired_pass / invalid_pass. */
export function getECertificate(token: string): Promise<CertificateFacts> {
  return http.get<CertificateFacts>(apiPath('e-certificates', token))
}

// ---- the bank operator's console ------------------------------------------------------------------------
/** Statuses to filter the console by ('all' too); the server's default is sent_to_bank. */
export type BankListFilter = ApplicationStatus | 'all'
export type BankExportFormat = 'csv' | 'xlsx'

/** Applications addressed to the operator's bank, with the applicant's details (each disclosure is logged). */
export async function listBankApplications(status: BankListFilter = 'sent_to_bank'): Promise<BankApplication[]> {
  const res = await http.get<{ items: BankApplication[] }>(apiPath('bank-console', 'applications'), { status })
  return res?.items ?? []
}

/** The same list as a CSV/XLSX file (for `useDownload`). */
export function bankExportPath(status: BankListFilter, format: BankExportFormat): string {
  return `${API_BASE}/bank-console/applications${buildQuery({ status, format })}`
}

/** Reports one application's status (the reason is required for `rejected`); 409 invalid_transition. */
export function setBankApplicationStatus(id: number, status: BankReportStatus, reason = ''): Promise<CredentialApplication> {
  return http.post<CredentialApplication>(apiPath('bank-console', 'applications', id, 'status'), { status, reason })
}

/**
 * Uploads a status file (CSV: application_id,status,reason or 申请编号,状态,原因). All or nothing: 200 with the
 * counts, or an ApiError 422 `status_file_rejected` whose `errors` carry `line`, `code` and `message`.
 */
export function uploadStatusFile(file: Blob | string): Promise<StatusFileResult> {
  return request<StatusFileResult>(apiPath('bank-console', 'status-files'), {
    method: 'POST',
    rawBody: file,
    contentType: 'text/csv',
  })
}
