// Units 单位 (全面动员): the units county and city admins register, their contacts, the party/League member roster
// 花名册 a unit uploads (matched to registered volunteers by ID), and the invitation link/QR code that lets a
// unit's members join it (docs/api.md "Units, notices and receipts").
import { apiPath, http, request } from './http'
import type {
  PublicUnitInvitation,
  Roster,
  RosterImport,
  RosterImportResult,
  RosterQuery,
  Unit,
  UnitContact,
  UnitInput,
  UnitInvitation,
  UnitMembership,
} from './types'

/** The units the caller administers (county admin: their county; city admin: all); `mine`: those they are a contact of. */
export async function listUnits(opts: { mine?: boolean; background?: boolean } = {}): Promise<Unit[]> {
  const res = await http.get<{ items: Unit[] }>(apiPath('units'), opts.mine ? { mine: true } : undefined, {
    skipAuthRedirect: opts.background ?? false,
  })
  return res?.items ?? []
}

/** County admin: their county; city admin: any county or 441400 (city level). 409 `unit_exists`, 422 field errors. */
export function createUnit(body: UnitInput): Promise<Unit> {
  return http.post<Unit>(apiPath('units'), { name: body.name.trim(), kind: body.kind, region_code: body.region_code })
}

/** Names the account with `phone` as a contact; the unit's contacts after it. 422 `unknown_account` (field phone). */
export async function addUnitContact(unitId: number, phone: string): Promise<UnitContact[]> {
  const res = await http.post<{ items: UnitContact[] }>(apiPath('units', unitId, 'contacts'), { phone: phone.trim() })
  return res?.items ?? []
}

/** The unit's members with their registration and this year's hours (masked IDs and phones). */
export function getRoster(unitId: number, query: RosterQuery = {}): Promise<Roster> {
  return http.get<Roster>(apiPath('units', unitId, 'roster'), { ...query })
}

/**
 * Uploads a roster file (CSV or XLSX) as the request body. Good rows are kept and bad rows reported by line (200);
 * 422 `roster_unreadable` when the file cannot be read at all, 413 above 5 MiB.
 */
export function uploadRoster(unitId: number, file: Blob, fileName: string, contentType: string): Promise<RosterImportResult> {
  return request<RosterImportResult>(apiPath('units', unitId, 'roster-imports'), {
    method: 'POST',
    query: { file_name: fileName },
    rawBody: file,
    contentType,
  })
}

export async function listRosterImports(unitId: number): Promise<RosterImport[]> {
  const res = await http.get<{ items: RosterImport[] }>(apiPath('units', unitId, 'roster-imports'))
  return res?.items ?? []
}

/** The unit's invitation link and its QR code (contacts and admins). */
export function getUnitInvitation(unitId: number): Promise<UnitInvitation> {
  return http.get<UnitInvitation>(apiPath('units', unitId, 'invitation'))
}

/** Public: the unit an invitation link is for; 404 `not_found` for a bad token. */
export function getPublicInvitation(token: string): Promise<PublicUnitInvitation> {
  return http.get<PublicUnitInvitation>(apiPath('unit-invitations', token), undefined, { skipAuthRedirect: true })
}

/** A signed-in volunteer joins the unit of the invitation; 422 `no_volunteer_profile` for other accounts. */
export function joinUnit(token: string): Promise<UnitMembership> {
  return http.post<UnitMembership>(apiPath('me', 'unit-memberships'), { token })
}
