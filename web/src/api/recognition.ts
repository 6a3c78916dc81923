// Star volunteers 星级志愿者 — the "Stars" endpoints (module "recognition").
import { apiPath, http } from './http'
import type {
  EligibleVolunteer,
  Objection,
  ObjectionDecision,
  Page,
  PageQuery,
  Publicity,
  PublicityDetail,
  PublicityInput,
  StarRevocation,
  StarSummary,
} from './types'

/** The caller's level, certified level, hours to the next level and archive events (volunteers). */
export function getMyStars(): Promise<StarSummary> {
  return http.get<StarSummary>(apiPath('me', 'stars'))
}

/** Volunteers whose hours reach a level above their certified one (city admin). */
export function listEligible(query: PageQuery = {}): Promise<Page<EligibleVolunteer>> {
  return http.get<Page<EligibleVolunteer>>(apiPath('stars', 'eligible'), { ...query })
}

/** Opens a publicity (公示) of the given volunteers, or of everyone eligible (city admin). */
export function createPublicity(body: PublicityInput): Promise<PublicityDetail> {
  return http.post<PublicityDetail>(apiPath('star-publicities'), body)
}

/** Public: every publicity, open and closed. */
export async function listPublicities(): Promise<Publicity[]> {
  const res = await http.get<{ items: Publicity[] }>(apiPath('star-publicities'))
  return res?.items ?? []
}

/** Public: a publicity with its candidates. */
export function getPublicity(id: number): Promise<PublicityDetail> {
  return http.get<PublicityDetail>(apiPath('star-publicities', id))
}

/** Any signed-in account objects to a candidate (reason 10–500 characters). */
export function fileObjection(candidateId: number, reason: string): Promise<Objection> {
  return http.post<Objection>(apiPath('star-candidates', candidateId, 'objections'), { reason })
}

/** The objections of a publicity (city admin). */
export async function listObjections(publicityId: number): Promise<Objection[]> {
  const res = await http.get<{ items: Objection[] }>(apiPath('star-publicities', publicityId, 'objections'))
  return res?.items ?? []
}

/** Upholding withdraws the candidate; 409 `objection_decided` when already decided (city admin). */
export function decideObjection(objectionId: number, body: ObjectionDecision): Promise<Objection> {
  return http.post<Objection>(apiPath('star-objections', objectionId, 'decision'), body)
}

/**
 * 公示期满，予以认定: certifies the remaining candidates. 409 `publicity_not_over` (until the day after
 * `ends_on`), `objections_open`, `publicity_closed` (city admin).
 */
export function closePublicity(publicityId: number): Promise<PublicityDetail> {
  return http.post<PublicityDetail>(apiPath('star-publicities', publicityId, 'close'), {})
}

/** Revokes a volunteer's stars for falsified hours, with a 1–3 year bar (city admin). */
export function revokeStars(volunteerId: number, body: StarRevocation): Promise<StarSummary> {
  return http.post<StarSummary>(apiPath('volunteers', volunteerId, 'star-revocation'), body)
}
