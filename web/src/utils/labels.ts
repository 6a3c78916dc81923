// Chinese/English labels for the enumerations of the API.
import { t, type MessageKey } from '@/i18n'
import type {
  IdType,
  MembershipStatus,
  OrgStatus,
  OrgType,
  PoliticalStatus,
  RealNameStatus,
  RoleName,
  TeamKind,
} from '@/api/types'

function safe(key: string, fallback: string): string {
  const v = t(key as MessageKey)
  return v === key ? fallback : v
}

export const idTypeLabel = (v: IdType | string) => safe(`idType.${v}`, v)
export const politicalLabel = (v: PoliticalStatus | string) => safe(`political.${v}`, v)
export const orgTypeLabel = (v: OrgType | string) => safe(`orgType.${v}`, v)
export const orgStatusLabel = (v: OrgStatus | string) => safe(`orgStatus.${v}`, v)
export const membershipStatusLabel = (v: MembershipStatus | string) => safe(`membershipStatus.${v}`, v)
export const teamKindLabel = (v: TeamKind | string) => safe(`teamKind.${v}`, v)
export const realNameLabel = (v: RealNameStatus | string) => safe(`realName.${v}`, v)
export const roleLabel = (v: RoleName | string) => safe(`role.${v}`, v)
export const genderLabel = (v: string | null | undefined) => (v ? safe(`gender.${v}`, v) : '—')

// Compile-time check that every enumeration value has a dictionary entry.
type Keys<P extends string, V extends string> = `${P}.${V}`
type MustBeKeys<T extends MessageKey> = T
export type _LabelKeysExist = MustBeKeys<
  | Keys<'idType', IdType>
  | Keys<'political', PoliticalStatus>
  | Keys<'orgType', OrgType>
  | Keys<'orgStatus', OrgStatus>
  | Keys<'membershipStatus', MembershipStatus>
  | Keys<'teamKind', TeamKind>
  | Keys<'realName', RealNameStatus>
  | Keys<'role', RoleName>
  | Keys<'gender', 'male' | 'female'>
>

export function orgStatusTagType(s: OrgStatus | string): 'success' | 'warning' | 'danger' | 'info' {
  return s === 'approved' ? 'success' : s === 'pending' ? 'warning' : s === 'rejected' ? 'danger' : 'info'
}
