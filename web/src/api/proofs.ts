// Proofs of service 志愿服务记录证明 — the "Proofs" endpoints (module "proofs").
import { apiPath, http } from './http'
import type { Proof, ProofRequest } from './types'

/** Issues a proof of the caller's confirmed hours (all, or `from`–`to`); 409 `no_hours` when there are none. */
export function requestProof(body: ProofRequest = {}): Promise<Proof> {
  return http.post<Proof>(apiPath('me', 'proofs'), body)
}

/** The caller's proofs, newest first (with `pdf_url`). */
export async function listMyProofs(): Promise<Proof[]> {
  const res = await http.get<{ items: Proof[] }>(apiPath('me', 'proofs'))
  return res?.items ?? []
}

/** The PDF of one of the caller's proofs (cookie-authenticated; for `useDownload`). */
export function myProofPdfPath(number: string): string {
  return apiPath('me', 'proofs', number, 'pdf')
}

/** Public: the facts and status of a proof by its number (404 when unknown). */
export function getProof(number: string): Promise<Proof> {
  return http.get<Proof>(apiPath('proofs', number))
}

/**
 * Public: the proof whose PDF, as issued, has this SHA-256 (lower-case hex). 404 `proof_file_not_genuine`
 * for an edited or foreign file, 422 `invalid_hash` for a malformed digest.
 */
export function verifyProofFile(sha256: string): Promise<Proof> {
  return http.get<Proof>(apiPath('proof-files', sha256))
}

/** An issuing organisation's admin or a city admin revokes a genuine proof; 409 `proof_not_genuine`. */
export function revokeProof(number: string, reason: string): Promise<Proof> {
  return http.post<Proof>(apiPath('proofs', number, 'revoke'), { reason })
}

/** The proofs an organisation issued (its admins, or a city admin). */
export async function listOrganizationProofs(orgId: number): Promise<Proof[]> {
  const res = await http.get<{ items: Proof[] }>(apiPath('organizations', orgId, 'proofs'))
  return res?.items ?? []
}
