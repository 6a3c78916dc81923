// Organisations, memberships and teams — docs/api.md "Organisations".
import { apiPath, http } from './http'
import type {
  Membership,
  MembershipStatus,
  Organization,
  OrganizationApplication,
  OrganizationQuery,
  Page,
  Team,
  TeamInput,
} from './types'

export function listOrganizations(query: OrganizationQuery = {}): Promise<Page<Organization>> {
  const { mine, ...rest } = query
  return http.get<Page<Organization>>(apiPath('organizations'), {
    ...rest,
    mine: mine ? 'true' : undefined,
  })
}

export function getOrganization(id: number): Promise<Organization> {
  return http.get<Organization>(apiPath('organizations', id))
}

export function applyOrganization(body: OrganizationApplication): Promise<Organization> {
  return http.post<Organization>(apiPath('organizations'), body)
}

export function approveOrganization(
  id: number,
  body: { credit_code_override_reason?: string } = {},
): Promise<Organization> {
  return http.post<Organization>(apiPath('organizations', id, 'approve'), body)
}

export function rejectOrganization(id: number, reason: string): Promise<Organization> {
  return http.post<Organization>(apiPath('organizations', id, 'reject'), { reason })
}

// ---- memberships ---------------------------------------------------------
export function requestMembership(orgId: number): Promise<Membership> {
  return http.post<Membership>(apiPath('organizations', orgId, 'memberships'), {})
}

export function listMemberships(
  orgId: number,
  query: { status?: MembershipStatus; page?: number; page_size?: number } = {},
): Promise<Page<Membership>> {
  return http.get<Page<Membership>>(apiPath('organizations', orgId, 'memberships'), { ...query })
}

export function approveMembership(orgId: number, membershipId: number): Promise<Membership> {
  return http.post<Membership>(
    apiPath('organizations', orgId, 'memberships', membershipId, 'approve'),
    {},
  )
}

export function rejectMembership(
  orgId: number,
  membershipId: number,
  reason: string,
): Promise<Membership> {
  return http.post<Membership>(
    apiPath('organizations', orgId, 'memberships', membershipId, 'reject'),
    { reason },
  )
}

export function addOrganizationAdmin(orgId: number, volunteerId: number): Promise<unknown> {
  return http.post<unknown>(apiPath('organizations', orgId, 'admins'), { volunteer_id: volunteerId })
}

// ---- teams ---------------------------------------------------------------
/** Teams answer a list document; tolerate a bare array too. */
export async function listTeams(orgId: number): Promise<Team[]> {
  const res = await http.get<Page<Team> | Team[]>(apiPath('organizations', orgId, 'teams'))
  return Array.isArray(res) ? res : (res?.items ?? [])
}

export function createTeam(orgId: number, body: TeamInput): Promise<Team> {
  return http.post<Team>(apiPath('organizations', orgId, 'teams'), body)
}

export function addTeamMember(orgId: number, teamId: number, volunteerId: number): Promise<unknown> {
  return http.post<unknown>(apiPath('organizations', orgId, 'teams', teamId, 'members'), {
    volunteer_id: volunteerId,
  })
}
