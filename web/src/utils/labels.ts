// Chinese/English labels for the enumerations of the API.
import { t, type MessageKey } from '@/i18n'
import type {
  ActivityStatus,
  ApplicationStatus,
  BenefitCategory,
  CardType,
  CredentialKind,
  MerchantCategory,
  RequiredCredential,
  SharedField,
  AppealStatus,
  CandidateStatus,
  EntryKind,
  EntryStatus,
  IdType,
  MembershipStatus,
  NeedStatus,
  ObjectionStatus,
  OrgStatus,
  OrgType,
  PoliticalRequirement,
  PoliticalStatus,
  ProofStatus,
  PublicityStatus,
  RealNameStatus,
  ReasonCode,
  RoleName,
  SignupStatus,
  StarReasonCode,
  TeamKind,
  UnitKind,
  RosterMemberStatus,
  RosterSource,
  ReceiptStatus,
} from '@/api/types'
import type { BenefitState } from '@/utils/rewards'
import type { ContactStatus } from '@/utils/notices'

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
export const activityStatusLabel = (v: ActivityStatus | string) => safe(`activityStatus.${v}`, v)
export const signupStatusLabel = (v: SignupStatus | string) => safe(`signupStatus.${v}`, v)
export const entryStatusLabel = (v: EntryStatus | string) => safe(`entryStatus.${v}`, v)
export const entryKindLabel = (v: EntryKind | string) => safe(`entryKind.${v}`, v)
export const reasonCodeLabel = (v: ReasonCode | string) => safe(`reasonCode.${v}`, v)
export const appealStatusLabel = (v: AppealStatus | string) => safe(`appealStatus.${v}`, v)
export const politicalRequirementLabel = (v: PoliticalRequirement | string) => safe(`politicalReq.${v}`, v)
export const needStatusLabel = (v: NeedStatus | string) => safe(`needStatus.${v}`, v)
export const proofStatusLabel = (v: ProofStatus | string) => safe(`proofStatus.${v}`, v)
export const publicityStatusLabel = (v: PublicityStatus | string) => safe(`publicityStatus.${v}`, v)
export const candidateStatusLabel = (v: CandidateStatus | string) => safe(`candidateStatus.${v}`, v)
export const objectionStatusLabel = (v: ObjectionStatus | string) => safe(`objectionStatus.${v}`, v)
export const starReasonLabel = (v: StarReasonCode | string) => safe(`starReason.${v}`, v)
export const applicationStatusLabel = (v: ApplicationStatus | string) => safe(`applicationStatus.${v}`, v)
export const credentialKindLabel = (v: CredentialKind | string) => safe(`credentialKind.${v}`, v)
export const cardTypeLabel = (v: CardType | string | null | undefined) => (v ? safe(`cardType.${v}`, v) : '')
export const sharedFieldLabel = (v: SharedField | string) => safe(`sharedField.${v}`, v)
export const merchantCategoryLabel = (v: MerchantCategory | string) => safe(`merchantCategory.${v}`, v)
export const benefitCategoryLabel = (v: BenefitCategory | string) => safe(`benefitCategory.${v}`, v)
export const benefitStateLabel = (v: BenefitState | string) => safe(`benefitState.${v}`, v)
/** '' (no credential needed) reads as "不限". */
export const requiredCredentialLabel = (v: RequiredCredential | string) => safe(`requiredCredential.${v || 'none'}`, v)
export const genderLabel = (v: string | null | undefined) => (v ? safe(`gender.${v}`, v) : '—')
export const unitKindLabel = (v: UnitKind | string) => safe(`unitKind.${v}`, v)
export const rosterStatusLabel = (v: RosterMemberStatus | string) => safe(`rosterStatus.${v}`, v)
export const rosterSourceLabel = (v: RosterSource | string) => safe(`rosterSource.${v}`, v)
/** A roster column named in a per-row error (`id_number` → 身份证号码); other fields as they are, '' as "—". */
export const rosterFieldLabel = (v: string) => (v ? safe(`rosterField.${v}`, v) : '—')
export const receiptStatusLabel = (v: ReceiptStatus | string) => safe(`receiptStatus.${v}`, v)
export const contactStatusLabel = (v: ContactStatus | string) => safe(`contactStatus.${v}`, v)

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
  | Keys<'activityStatus', ActivityStatus>
  | Keys<'signupStatus', SignupStatus>
  | Keys<'entryStatus', EntryStatus>
  | Keys<'entryKind', EntryKind>
  | Keys<'reasonCode', ReasonCode | 'retro'>
  | Keys<'appealStatus', AppealStatus>
  | Keys<'politicalReq', PoliticalRequirement>
  | Keys<'needStatus', NeedStatus>
  | Keys<'proofStatus', ProofStatus>
  | Keys<'publicityStatus', PublicityStatus>
  | Keys<'candidateStatus', CandidateStatus>
  | Keys<'objectionStatus', ObjectionStatus>
  | Keys<'starReason', StarReasonCode>
  | Keys<'applicationStatus', ApplicationStatus>
  | Keys<'credentialKind', CredentialKind>
  | Keys<'cardType', CardType>
  | Keys<'sharedField', SharedField>
  | Keys<'merchantCategory', MerchantCategory>
  | Keys<'benefitCategory', BenefitCategory>
  | Keys<'benefitState', BenefitState>
  | Keys<'requiredCredential', Exclude<RequiredCredential, ''> | 'none'>
  | Keys<'unitKind', UnitKind>
  | Keys<'rosterStatus', RosterMemberStatus>
  | Keys<'rosterSource', RosterSource>
  | Keys<'rosterField', 'name' | 'id_number' | 'political_status' | 'phone' | 'department'>
  | Keys<'receiptStatus', ReceiptStatus>
  | Keys<'contactStatus', ContactStatus>
>

export function orgStatusTagType(s: OrgStatus | string): 'success' | 'warning' | 'danger' | 'info' {
  return s === 'approved' ? 'success' : s === 'pending' ? 'warning' : s === 'rejected' ? 'danger' : 'info'
}

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export function activityStatusTagType(s: ActivityStatus | string): TagType {
  switch (s) {
    case 'published':
      return 'success'
    case 'running':
      return 'primary'
    case 'draft':
      return 'warning'
    case 'cancelled':
      return 'danger'
    default:
      return 'info'
  }
}

export function signupStatusTagType(s: SignupStatus | string): TagType {
  switch (s) {
    case 'confirmed':
      return 'success'
    case 'waitlisted':
    case 'pending':
      return 'warning'
    case 'rejected':
      return 'danger'
    default:
      return 'info'
  }
}

export function entryStatusTagType(s: EntryStatus | string): TagType {
  switch (s) {
    case 'confirmed':
      return 'success'
    case 'rejected':
      return 'danger'
    case 'awaiting_county':
    case 'awaiting_city':
    case 'pending':
      return 'warning'
    default:
      return 'info'
  }
}

export function appealStatusTagType(s: AppealStatus | string): TagType {
  return s === 'accepted' ? 'success' : s === 'rejected' ? 'danger' : s === 'open' ? 'warning' : 'info'
}

/** Signed-up (holding or waiting for a place): the states a volunteer may cancel before the start. */
export function isActiveSignup(s: SignupStatus | string | null | undefined): boolean {
  return s === 'confirmed' || s === 'waitlisted' || s === 'pending'
}

/** Attendance flags: gps / manual / closed_by_organizer. */
export const flagLabel = (v: string) => safe(`flag.${v}`, v)

export function needStatusTagType(s: NeedStatus | string): TagType {
  switch (s) {
    case 'open':
      return 'warning'
    case 'dispatched':
      return 'primary'
    case 'accepted':
    case 'scheduled':
      return 'success'
    case 'cancelled':
      return 'info'
    default:
      return 'info'
  }
}

export function proofStatusTagType(s: ProofStatus | string): TagType {
  return s === 'genuine' ? 'success' : s === 'revoked' ? 'danger' : 'info'
}

export function benefitStateTagType(s: BenefitState | string): TagType {
  return s === 'active' ? 'success' : s === 'upcoming' ? 'warning' : s === 'withdrawn' ? 'danger' : 'info'
}

export function publicityStatusTagType(s: PublicityStatus | string): TagType {
  return s === 'open' ? 'warning' : 'info'
}

export function candidateStatusTagType(s: CandidateStatus | string): TagType {
  return s === 'certified' ? 'success' : s === 'withdrawn' ? 'danger' : 'warning'
}

export function objectionStatusTagType(s: ObjectionStatus | string): TagType {
  return s === 'open' ? 'warning' : s === 'upheld' ? 'danger' : 'info'
}

export function applicationStatusTagType(s: ApplicationStatus | string): TagType {
  switch (s) {
    case 'activated':
      return 'success'
    case 'issued':
      return 'primary'
    case 'rejected':
      return 'danger'
    case 'cancelled':
      return 'info'
    default:
      return 'warning'
  }
}

/** "注册志愿者证" or "梅州志愿者卡（借记卡）" with the bank: "中国银行 · 注册志愿者证". */
export function credentialTitle(a: { kind: CredentialKind | string; card_type: CardType | string | null; bank_name: string }): string {
  const kind = credentialKindLabel(a.kind)
  const type = cardTypeLabel(a.card_type)
  return `${a.bank_name} · ${kind}${type ? `（${type}）` : ''}`
}
