// Shapes of the JSON documents described in docs/api.md (the contract with the server).

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface PageQuery {
  page?: number
  page_size?: number
}

// ---- regions -------------------------------------------------------------
export interface Region {
  code: string
  name: string
  level?: string
  population: number | null
  population_year: number | null
}

export interface RegionsResponse {
  city: Region
  items: Region[]
}

export interface PopulationEntry {
  year: number
  population: number
  updated_at?: string
  note?: string | null
}

// ---- identity ------------------------------------------------------------
export type IdType = 'resident_id' | 'hk_macao_permit' | 'taiwan_permit' | 'passport'
export const ID_TYPES: readonly IdType[] = ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport']

export type PoliticalStatus =
  | 'party_member'
  | 'probationary_party_member'
  | 'league_member'
  | 'masses'
  | 'democratic_party'
  | 'other'
export const POLITICAL_STATUSES: readonly PoliticalStatus[] = [
  'party_member',
  'probationary_party_member',
  'league_member',
  'masses',
  'democratic_party',
  'other',
]

export type Gender = 'male' | 'female'
export type RealNameStatus = 'verified' | 'pending' | 'failed'

export interface Volunteer {
  id: number
  volunteer_number: string
  name: string
  id_type: IdType
  id_number: string
  gender: Gender | null
  birth_date: string | null
  phone: string
  county_code: string
  county_name: string
  political_status: PoliticalStatus
  skills: string[]
  service_categories: string[]
  availability: string | null
  emergency_contact_name: string | null
  emergency_contact_phone: string | null
  is_minor: boolean
  guardian_name: string | null
  guardian_phone: string | null
  guardian_consent: boolean | null
  real_name_status: RealNameStatus
  registered_at: string
}

export interface VolunteerRegistration {
  name: string
  id_type: IdType
  id_number: string
  phone: string
  password: string
  county_code: string
  political_status: PoliticalStatus
  skills?: string[]
  service_categories?: string[]
  availability?: string
  emergency_contact_name?: string
  emergency_contact_phone?: string
  gender?: Gender
  birth_date?: string
  guardian_name?: string
  guardian_phone?: string
  guardian_consent?: boolean
}

export type VolunteerPatch = Partial<
  Pick<
    VolunteerRegistration,
    | 'political_status'
    | 'skills'
    | 'service_categories'
    | 'availability'
    | 'emergency_contact_name'
    | 'emergency_contact_phone'
    | 'county_code'
  >
>

export type Role =
  | { role: 'volunteer' }
  | { role: 'org_admin'; organization_id: number; organization_name?: string }
  | { role: 'county_admin'; county_code: string }
  | { role: 'city_admin' }
  | { role: 'auditor' }

export type RoleName = Role['role']

export interface Account {
  id: number
  name: string
  phone: string
  roles: Role[]
  created_at: string
}

export interface Me {
  account: Account
  volunteer: Volunteer | null
}

export interface LoginRequest {
  phone: string
  password: string
}

export interface LoginResponse {
  token: string
  csrf_token: string
  expires_at: string
  account: Account
}

export interface PasswordChange {
  current_password: string
  new_password: string
}

// ---- organisations -------------------------------------------------------
export type OrgType =
  | 'social_organization'
  | 'government_unit'
  | 'public_institution'
  | 'school'
  | 'enterprise'
  | 'league_org'
  | 'party_org'
  | 'grassroots_team'
export const ORG_TYPES: readonly OrgType[] = [
  'social_organization',
  'government_unit',
  'public_institution',
  'school',
  'enterprise',
  'league_org',
  'party_org',
  'grassroots_team',
]

export type OrgStatus = 'pending' | 'approved' | 'rejected'

export interface Organization {
  id: number
  name: string
  credit_code: string | null
  credit_code_valid: boolean
  credit_code_note: string | null
  type: OrgType
  county_code: string
  county_name: string
  parent_id: number | null
  parent_name: string | null
  contact_name: string
  contact_phone: string
  description: string | null
  status: OrgStatus
  status_reason: string | null
  applied_at: string
  decided_at: string | null
  member_count: number
}

export interface OrganizationApplication {
  name: string
  credit_code?: string
  credit_code_note?: string
  type: OrgType
  county_code: string
  parent_id?: number
  contact_name: string
  contact_phone: string
  description?: string
}

export interface OrganizationQuery extends PageQuery {
  status?: OrgStatus
  county_code?: string
  q?: string
  mine?: boolean
}

export type MembershipStatus = 'pending' | 'approved' | 'rejected'

export interface Membership {
  id: number
  organization_id: number
  volunteer_id: number
  volunteer_name: string
  volunteer_number: string
  status: MembershipStatus
  role: 'member' | 'admin' | string
  requested_at: string
  decided_at?: string | null
  reason?: string | null
}

export type TeamKind = 'general' | 'party_member' | 'league_member'
export const TEAM_KINDS: readonly TeamKind[] = ['general', 'party_member', 'league_member']

export interface Team {
  id: number
  organization_id?: number
  name: string
  kind: TeamKind
  description: string | null
  member_count?: number
  created_at?: string
}

export interface TeamInput {
  name: string
  kind: TeamKind
  description?: string
}

// ---- audit ---------------------------------------------------------------
export interface AuditEvent {
  id: number
  at: string
  actor_id: number | null
  actor_role: string | null
  action: string
  object_type: string | null
  object_id: string | number | null
  result: string
  request_id: string | null
  detail: unknown
}

export interface AuditQuery extends PageQuery {
  actor_id?: number | string
  action?: string
  from?: string
  to?: string
}
