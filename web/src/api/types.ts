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
  /** 安全管理员: staff accounts and security events only (three-role separation). */
  | { role: 'security_admin' }
  /** A partner bank's operator (the bank console); `bank` is the bank's code ("boc"). */
  | { role: 'bank_operator'; bank: string }
  /** A partner merchant's staff (scans e-certificates, records redemptions); `merchant` is its code. */
  | { role: 'merchant'; merchant: string }

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
  /** Star level from the confirmed hours (0–5; 0 while barred). Recognition module. */
  star_level?: number
  /** The level the publicity workflow certified (filed in the archive). */
  certified_star_level?: number
  confirmed_minutes?: number
  /** When the account's password was last set (RFC 3339). */
  password_changed_at?: string
  /** The password is older than the configured maximum age (90 days by default): remind, don't force. */
  password_change_due?: boolean
}

export interface LoginRequest {
  phone: string
  password: string
  /** The 6-digit authenticator code (动态口令): required for city/county admins and auditors (401 totp_required). */
  totp?: string
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

/** POST /me/account-closure (注销账号): the password again, since the step cannot be undone. */
export interface AccountClosure {
  password: string
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
  /** 负责人, printed on the proofs the organisation issues; '' when not named (the proofs name the contact). */
  person_in_charge: string
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
  /** 负责人 (optional, ≤ 50 characters). */
  person_in_charge?: string
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
  /** The caller's address. */
  ip?: string | null
  detail: unknown
}

/** A staff account as the security admin sees it (GET /security/accounts): masked phone, roles, security state. */
export interface StaffAccount {
  id: number
  name: string
  phone: string
  roles: Role[]
  status: 'active' | 'disabled'
  /** Locked now after failed log-ins (until `locked_until`). */
  locked: boolean
  locked_until: string | null
  failed_logins: number
  second_factor_required: boolean
  second_factor_enrolled: boolean
  /** Live sessions. */
  sessions: number
  password_changed_at: string
  created_at: string
}

export type StaffStatusFilter = 'active' | 'disabled' | 'locked'

export interface StaffQuery extends PageQuery {
  /** A whole mobile number, or part of the name. */
  q?: string
  role?: RoleName
  status?: StaffStatusFilter
}

export type SecurityEventKind =
  | 'login_denied'
  | 'rate_limited'
  | 'access_denied'
  | 'session_rejected'
  | 'csrf_rejected'
  | 'request_too_large'
  | 'path_traversal'

export interface SecurityEventQuery extends PageQuery {
  kind?: SecurityEventKind
  from?: string
  to?: string
}

export interface AuditQuery extends PageQuery {
  actor_id?: number | string
  action?: string
  from?: string
  to?: string
}

// ---- activities (docs/api.md "Activities 活动") -----------------------------
export type ActivityStatus = 'draft' | 'published' | 'running' | 'finished' | 'closed' | 'cancelled'
export const ACTIVITY_STATUSES: readonly ActivityStatus[] = [
  'draft',
  'published',
  'running',
  'finished',
  'closed',
  'cancelled',
]

export type PoliticalRequirement = 'none' | 'party_member' | 'league_member' | 'party_or_league'
export const POLITICAL_REQUIREMENTS: readonly PoliticalRequirement[] = [
  'none',
  'party_member',
  'league_member',
  'party_or_league',
]

export type SignupStatus = 'confirmed' | 'waitlisted' | 'pending' | 'rejected' | 'cancelled'
export const SIGNUP_STATUSES: readonly SignupStatus[] = ['confirmed', 'waitlisted', 'pending', 'rejected', 'cancelled']

export interface Signup {
  id: number
  activity_id: number
  activity_title: string
  volunteer_id: number
  volunteer_name: string
  volunteer_number: string
  phone: string
  status: SignupStatus
  waitlist_position: number | null
  reason: string | null
  created_at: string
  decided_at: string | null
}

export interface Activity {
  id: number
  organization_id: number
  organization_name: string
  title: string
  category: string
  recipients: string | null
  content: string | null
  requirements: string | null
  risks: string | null
  county_code: string
  county_name: string
  address: string
  latitude: number | null
  longitude: number | null
  geofence_meters: number
  starts_at: string
  ends_at: string
  duration_minutes: number
  quota: number
  signup_deadline: string | null
  requires_approval: boolean
  min_age: number | null
  political_requirement: PoliticalRequirement
  required_skills: string[]
  contact_name: string | null
  contact_phone: string | null
  status: ActivityStatus
  cancel_reason: string | null
  confirmed_count: number
  waitlist_count: number
  pending_count: number
  gps_checkin_allowed: boolean
  created_at: string
  published_at: string | null
  my_signup: Signup | null
}

/** A recommended activity: the Activity with the reasons it was picked. */
export interface RecommendedActivity extends Activity {
  reasons: string[]
}

/** Body of POST /activities (PATCH takes any subset). */
export interface ActivityInput {
  organization_id: number
  title: string
  category: string
  recipients?: string
  content?: string
  requirements?: string
  risks?: string
  county_code: string
  address: string
  latitude?: number | null
  longitude?: number | null
  geofence_meters?: number
  starts_at: string
  ends_at: string
  quota: number
  signup_deadline?: string | null
  requires_approval?: boolean
  min_age?: number
  political_requirement?: PoliticalRequirement
  required_skills?: string[]
  contact_name?: string
  contact_phone?: string
}

export type ActivityPatch = Partial<Omit<ActivityInput, 'organization_id'>>

export interface ActivityQuery extends PageQuery {
  county_code?: string
  category?: string
  /** `YYYY-MM-DD` or RFC 3339, bounding `starts_at`. */
  from?: string
  to?: string
  status?: ActivityStatus | ''
  q?: string
  organization_id?: number
}

/** An entry of GET /me/signups: the Signup with its Activity. */
export interface MySignup extends Signup {
  activity: Activity
}

// ---- attendance (docs/api.md "Attendance 考勤") -----------------------------
export interface CheckinToken {
  token: string
  expires_at: string
  qr_url: string
  checkin_url: string
}

export type AttendanceFlag = 'gps' | 'closed_by_organizer' | 'manual'

export type EntryStatus = 'pending' | 'awaiting_county' | 'awaiting_city' | 'confirmed' | 'rejected'
export const ENTRY_STATUSES: readonly EntryStatus[] = [
  'pending',
  'awaiting_county',
  'awaiting_city',
  'confirmed',
  'rejected',
]

export interface Attendance {
  id: number
  activity_id: number
  activity_title: string
  volunteer_id: number
  volunteer_name: string
  volunteer_number: string
  check_in_at: string
  check_out_at: string | null
  minutes: number | null
  method_in: string | null
  method_out: string | null
  flags: AttendanceFlag[] | string[]
  service_date: string | null
  ledger_entry_id: number | null
  entry_status: EntryStatus | null
}

/** Body of POST check-ins / check-outs: the QR token, or a GPS position. */
export type CheckinProof = { token: string } | { latitude: number; longitude: number }

/** Body of the organiser's POST attendance: by volunteer number, or by the scanned QR pass (`volunteer_qr`). */
export type ManualAttendance = ({ volunteer_number: string } | { volunteer_qr: string }) & {
  action: 'check_in' | 'check_out'
  /** RFC 3339; a past check-out time closes a forgotten session. */
  at?: string
}

/** GET /me/pass — the volunteer's own QR pass 志愿者码 (token `P<id>.<window>.<mac>`, valid ≤ 60 s). */
export interface VolunteerPass {
  token: string
  expires_at: string
  qr_url: string
}

// ---- the hours record (docs/api.md "The hours record 志愿服务记录") ----------
export type EntryKind = 'attendance' | 'retro' | 'reversal' | 'correction'
export type ReasonCode = 'wrong_time' | 'duplicate' | 'not_present' | 'other'
export const REASON_CODES: readonly ReasonCode[] = ['wrong_time', 'duplicate', 'not_present', 'other']

export interface LedgerEntry {
  id: number
  volunteer_id: number
  volunteer_name: string
  volunteer_number: string
  activity_id: number | null
  activity_title: string | null
  organization_id: number
  organization_name: string
  attendance_id: number | null
  service_date: string
  /** Negative for a reversal. */
  minutes: number
  kind: EntryKind
  status: EntryStatus
  reverses_entry_id: number | null
  /** Set on an entry a later correction reversed (the server sends it; not in docs/api.md). */
  reversed?: boolean
  /** `retro` on a 补录 entry; the correction codes otherwise; `""` or null when none. */
  reason_code: ReasonCode | 'retro' | '' | null
  reason: string | null
  created_at: string
  confirmed_at: string | null
}

export interface ConfirmationResult {
  confirmed: number[]
  escalated: { entry_id: number; level: 'county' | 'city'; reason: string }[]
  skipped: { attendance_id: number; reason: string }[]
}

export interface CorrectionInput {
  minutes: number
  reason_code: ReasonCode
  reason: string
}

export interface CorrectionResult {
  reversal: LedgerEntry
  replacement: LedgerEntry | null
}

export interface MyHours {
  confirmed_minutes: number
  pending_minutes: number
  by_year: { year: number; minutes: number }[]
  entries: LedgerEntry[]
}

// ---- retro-entries 补录, appeals 申诉, notifications, exports ---------------------
/** Body of POST /activities/{id}/retro-entries. */
export interface RetroEntryInput {
  volunteer_number: string
  /** `YYYY-MM-DD`, within the activity and not after today. */
  service_date: string
  minutes: number
  reason: string
}

export type AppealStatus = 'open' | 'accepted' | 'rejected'
export const APPEAL_STATUSES: readonly AppealStatus[] = ['open', 'accepted', 'rejected']

export interface Appeal {
  id: number
  entry_id: number
  volunteer_id: number
  volunteer_name: string
  organization_id: number
  activity_title: string
  service_date: string
  entry_minutes: number
  reason: string
  status: AppealStatus
  decision_reason: string | null
  correction_entry_id: number | null
  created_at: string
  decided_at: string | null
}

/** Body of POST /appeals/{id}/decision; `minutes` with `accept` corrects the entry in the same step. */
export interface AppealDecision {
  accept: boolean
  reason: string
  minutes?: number
}

export interface AppNotification {
  id: number
  title: string
  body: string
  /** A path of the web app, e.g. `/me/hours`. */
  link: string | null
  created_at: string
  read_at: string | null
}

/** A row of GET /organizations/{id}/hours?year=. */
export interface MemberHours {
  volunteer_id: number
  name: string
  volunteer_number: string
  confirmed_minutes: number
  pending_minutes: number
}

// ---- recipients' needs 服务需求 (点单 → 派单 → 接单) ------------------------------------------
export const NEED_STATUSES = ['open', 'dispatched', 'accepted', 'scheduled', 'completed', 'cancelled'] as const
export type NeedStatus = (typeof NEED_STATUSES)[number]

/** What the poster fills in (POST /needs). Times RFC 3339. */
export interface NeedInput {
  title: string
  description: string
  recipients: string
  county_code: string
  address: string
  latitude?: number | null
  longitude?: number | null
  wanted_from: string
  wanted_to: string
  contact_name: string
  contact_phone: string
}

export interface Need {
  id: number
  title: string
  description: string
  recipients: string
  county_code: string
  county_name: string
  address: string
  latitude: number | null
  longitude: number | null
  wanted_from: string
  wanted_to: string
  contact_name: string
  /** Masked, e.g. 137****5678. */
  contact_phone: string
  status: NeedStatus
  posted_at: string
  organization_id: number | null
  organization_name: string
  dispatch_note: string
  dispatched_at: string | null
  decline_reason: string
  accepted_at: string | null
  activity_id: number | null
  rating: number | null
  feedback: string
  completed_at: string | null
}

export interface NeedQuery extends PageQuery {
  status?: NeedStatus | ''
  mine?: boolean
}

export interface NeedDispatch {
  organization_id: number
  note: string
}

export interface NeedConfirmation {
  rating: number
  feedback: string
}

/** POST /needs/{id}/activity: any Activity field; the need prefills the rest. */
export type NeedActivityInput = Partial<Omit<ActivityInput, 'organization_id'>>

// ---- proofs 志愿服务记录证明 ---------------------------------------------------------------------
export const PROOF_STATUSES = ['genuine', 'superseded', 'revoked'] as const
export type ProofStatus = (typeof PROOF_STATUSES)[number]

/** An organisation that recorded hours of the proof (谁记录谁证明). */
export interface ProofIssuer {
  organization_id: number
  name: string
  person_in_charge: string
  handler: string
  minutes: number
  /** Server-formatted hours, e.g. "320" or "1.5". */
  hours: string
}

/** One activity of the proof: its confirmed minutes in the period. */
export interface ProofLine {
  activity_id: number
  title: string
  category: string
  organization_id: number
  first_day: string
  last_day: string
  minutes: number
  hours: string
}

export interface Proof {
  number: string
  status: ProofStatus
  volunteer_name: string
  /** Masked, e.g. 441402********1234. */
  id_number: string
  volunteer_number: string
  /** `YYYY-MM-DD`; null = from the first record / up to the issue date. */
  from: string | null
  to: string | null
  total_minutes: number
  total_hours: string
  issuers: ProofIssuer[]
  lines: ProofLine[]
  issued_at: string
  superseded_by: string | null
  revoked_reason: string | null
  changed_at: string
  /** Absolute URL of the public verification page (what the PDF's QR code holds). */
  verify_url: string
  /** Only in the owner's views: `/api/v1/me/proofs/<number>/pdf`. */
  pdf_url?: string
}

/** Body of POST /me/proofs: both omitted = all confirmed hours. */
export interface ProofRequest {
  from?: string
  to?: string
}

// ---- recognition 星级志愿者 ---------------------------------------------------------------------
export type StarEventKind = 'certified' | 'revoked'
export type StarReasonCode = 'publicity_passed' | 'hours_reversed' | 'falsified'

export interface StarEvent {
  kind: StarEventKind
  level: number
  previous_level: number
  reason_code: StarReasonCode
  reason: string
  barred_until: string | null
  at: string
  publicity_id: number | null
}

export interface StarSummary {
  confirmed_minutes: number
  /** From the confirmed hours, 0–5 (0 while barred). */
  star_level: number
  certified_level: number
  next_level: number | null
  minutes_to_next: number
  barred_until: string | null
  events: StarEvent[]
}

export interface EligibleVolunteer {
  volunteer_id: number
  name: string
  volunteer_number: string
  county_name: string
  confirmed_minutes: number
  certified_level: number
  eligible_level: number
}

export type PublicityStatus = 'open' | 'closed'

export interface Publicity {
  id: number
  title: string
  starts_on: string
  ends_on: string
  status: PublicityStatus
  opened_at: string
  closed_at: string | null
  /** Number of candidates. */
  candidates: number
  open_objections: number
}

export const CANDIDATE_STATUSES = ['publicized', 'certified', 'withdrawn'] as const
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number]

export interface StarCandidate {
  id: number
  volunteer_id: number
  name: string
  volunteer_number: string
  county_name: string
  level: number
  confirmed_minutes: number
  status: CandidateStatus
  outcome_reason: string | null
}

export interface PublicityDetail extends Publicity {
  candidate_list: StarCandidate[]
}

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number]

export interface Objection {
  id: number
  candidate_id: number
  publicity_id: number
  candidate_name: string
  level: number
  reason: string
  status: ObjectionStatus
  decision_reason: string | null
  filed_at: string
  decided_at: string | null
}

/** Body of POST /star-publicities; `volunteer_ids` omitted = everyone eligible. */
export interface PublicityInput {
  title: string
  working_days: number
  volunteer_ids?: number[]
}

export interface ObjectionDecision {
  uphold: boolean
  reason: string
}

export interface StarRevocation {
  reason: string
  /** 1–3 years during which the volunteer cannot be certified again. */
  bar_years: number
}

// ---- 一证一卡: the certificate 注册志愿者证 and the card 梅州志愿者卡 (module "credentials") ----------------
export const CREDENTIAL_KINDS = ['certificate', 'card'] as const
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number]
export type CardType = 'debit' | 'credit'
export const APPLICATION_STATUSES = [
  'applied',
  'checked',
  'sent_to_bank',
  'issued',
  'activated',
  'rejected',
  'cancelled',
] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]
/** What the bank receives about the applicant (the consent lists exactly these). */
export type SharedField = 'name' | 'id_number' | 'phone' | 'volunteer_number' | 'county'

/** GET /credential-offers: one bank's certificate or card. */
export interface CredentialOffer {
  kind: CredentialKind
  bank: string
  bank_name: string
  card_type: CardType | null
  min_age: number
  shared_fields: SharedField[]
}

export interface ApplicationEvent {
  status: ApplicationStatus
  /** "volunteer", "platform", "bank:boc" (the bank's system) or "account:12" (a bank operator). */
  actor: string
  reason: string
  at: string
}

export interface CredentialApplication {
  id: number
  kind: CredentialKind
  bank: string
  bank_name: string
  card_type: CardType | null
  status: ApplicationStatus
  shared_fields: SharedField[]
  consented_at: string
  reason: string
  created_at: string
  updated_at: string
  /** The volunteer's own list has the history; the bank's lists do not. */
  events?: ApplicationEvent[]
}

export interface CredentialApplicationRequest {
  kind: CredentialKind
  bank: string
  card_type?: CardType
  consent: boolean
}

/** What the bank sees of the applicant (full ID number and phone: the volunteer consented). */
export interface BankApplicant {
  name: string
  id_type: IdType | string
  id_number: string
  phone: string
  volunteer_number: string
  /** Cards only. */
  county?: string
}

export interface BankApplication extends CredentialApplication {
  applicant: BankApplicant
}

/** The statuses a bank may report. */
export type BankReportStatus = 'issued' | 'activated' | 'rejected'

/** POST …/status-files: all rows applied (or already so), or 422 with the bad rows. */
export interface StatusFileResult {
  applied: number
  unchanged: number
  errors: { line: number; code: string; message: string }[]
}

/** The facts an electronic certificate shows (public; nothing private). */
export interface CertificateFacts {
  name: string
  volunteer_number: string
  star_level: number
  certified_star_level: number
  confirmed_minutes: number
  organization: string | null
  holds_certificate: boolean
  holds_card: boolean
}

/** GET /me/e-certificate: the facts and a short-lived token (~60 s, new every 30 s). */
export interface ECertificate extends CertificateFacts {
  token: string
  expires_at: string
  verify_url: string
}

// ---- 嘉许回馈 rewards (module "rewards") and the credit list 守信联合激励 ---------------------------------------
export const MERCHANT_CATEGORIES = ['insurance', 'finance', 'transport', 'merchant'] as const
export type MerchantCategory = (typeof MERCHANT_CATEGORIES)[number]
export const BENEFIT_CATEGORIES = ['insurance', 'finance', 'transport', 'discount'] as const
export type BenefitCategory = (typeof BENEFIT_CATEGORIES)[number]
export const REQUIRED_CREDENTIALS = ['', 'certificate', 'card', 'either'] as const
export type RequiredCredential = (typeof REQUIRED_CREDENTIALS)[number]

export interface Merchant {
  code: string
  name: string
  category: MerchantCategory
  county_code: string
  address: string
}

export interface MerchantCreate {
  code: string
  name: string
  category: MerchantCategory
  county_code?: string
  address?: string
}

export interface Benefit {
  id: number
  merchant: string
  merchant_name: string
  title: string
  description: string
  category: BenefitCategory
  min_star_level: number
  requires_credential: RequiredCredential
  county_code: string
  valid_from: string
  valid_to: string
  /** 0 = unlimited. */
  limit_per_volunteer: number
  status: 'active' | 'withdrawn'
}

export interface BenefitCreate {
  /** City admins name the merchant; a merchant's own benefits omit it. */
  merchant?: string
  title: string
  description: string
  category: BenefitCategory
  min_star_level: number
  requires_credential: RequiredCredential
  county_code: string
  valid_from: string
  valid_to: string
  limit_per_volunteer: number
}

/** A benefit as one volunteer stands: eligible or why not (Chinese), and how often used. */
export interface BenefitEligibility extends Benefit {
  eligible: boolean
  reason: string
  used: number
}

export interface Redemption {
  id: number
  benefit_id: number
  benefit_title: string
  merchant: string
  merchant_name: string
  volunteer_number: string
  at: string
}

export interface MerchantVerification {
  certificate: CertificateFacts
  benefits: BenefitEligibility[]
}

export interface GoodStandingRow {
  volunteer_id: number
  name: string
  /** Masked in the preview; the files have it in full. */
  id_number: string
  volunteer_number: string
  county_name: string
  certified_level: number
  confirmed_minutes: number
}

export interface GoodStandingList {
  rule: string
  min_star: number
  min_hours: number
  total: number
  /** The first 200. */
  items: GoodStandingRow[]
}

// ---- 测评考核 (targets) ----------------------------------------------------------------------------------
/**
 * One county's (or the city's) figures for a year. Counts in persons, rates as fractions (0.1 = 10%), `null`
 * when the denominator is unknown; `…_gap` = people still needed (⌈target × denominator⌉ − numerator, ≥ 0).
 * A denominator missing for the year uses the latest earlier figure, whose year is in `…_year`.
 */
export interface TargetFigures {
  county_code: string
  name: string
  population: number | null
  population_year: number | null
  registered: number
  registration_rate: number | null
  registration_target: number
  registration_gap: number
  league_members: number | null
  league_members_year: number | null
  league_registered: number
  league_rate: number | null
  league_target: number
  league_gap: number
  party_members: number | null
  party_members_year: number | null
  certificate_holders: number
  certificate_rate: number | null
  certificate_target: number
  certificate_gap: number
  card_holders: number
  card_rate: number | null
  card_target: number
  card_gap: number
  /** Confirmed service minutes in the year. */
  year_minutes: number
  avg_annual_minutes: number | null
  activities_published: number
  organizations: number
  /** Party/League volunteers with ≥ 20 h confirmed in the year. */
  members_20h: number
  members_20h_rate: number | null
  members_20h_target: number
  members_20h_gap: number
}

/** GET /targets: a county admin's own county, or every county for the city admin; the city for both. */
export interface TargetDesk {
  year: number
  /** The frozen desk shown (`?snapshot=ID`); null (or absent from older servers) for the live figures. */
  snapshot?: TargetSnapshot | null
  population_year: number | null
  /** How each figure is computed (Chinese), by figure key: `registration_rate`, `gap`, … */
  formulas: Record<string, string>
  city: TargetFigures
  counties: TargetFigures[]
}

/** A frozen desk 快照 (POST/GET /targets/snapshots): a year's figures as they were at `frozen_at`. */
export interface TargetSnapshot {
  id: number
  year: number
  /** ≤ 60 characters, unique within its year ("2026年度考核"). */
  label: string
  /** RFC 3339, +08:00. */
  frozen_at: string
  /** The name of the city admin who froze it. */
  frozen_by: string
}

/** GET /targets/trend: each year's desk figures from `from` to `to`, for trends 趋势 (same scope as GET /targets). */
export interface TargetTrend {
  from: number
  to: number
  items: { year: number; city: TargetFigures; counties: TargetFigures[] }[]
}

/** GET /targets/counties/{code}: a county's drill-down 下钻 — its organisations and units for a year. */
export interface TargetCountyDetail {
  year: number
  county: TargetFigures
  organizations: {
    id: number
    name: string
    type: string
    members: number
    activities_published: number
    /** Confirmed service minutes in the year. */
    year_minutes: number
  }[]
  units: {
    id: number
    name: string
    kind: string
    /** Roster members 花名册人数. */
    members: number
    registered: number
    unregistered: number
    under_20h: number
  }[]
}

export const MEMBER_COUNT_KINDS = ['league_members', 'party_members'] as const
export type MemberCountKind = (typeof MEMBER_COUNT_KINDS)[number]

/** PUT /targets/member-counts (city admin): a county's League or party member count for a year. */
export interface MemberCountInput {
  county_code: string
  year: number | null
  kind: MemberCountKind
  members: number | null
  note?: string
}

// ---- units 单位, rosters 花名册, invitations, notices 通知 and receipts 回执 ---------------------------------------
export const UNIT_KINDS = ['government', 'institution', 'school', 'enterprise', 'other'] as const
export type UnitKind = (typeof UNIT_KINDS)[number]

/** A unit (机关、直属单位、学校、企业…) of a county, or of the city (`region_code` 441400). */
export interface Unit {
  id: number
  name: string
  kind: UnitKind
  region_code: string
  region_name: string
  /** How many contacts the unit has. */
  contacts: number
}

export interface UnitInput {
  name: string
  kind: UnitKind | ''
  region_code: string
}

/** A unit's contact (POST /units/{id}/contacts answers the whole list). */
export interface UnitContact {
  account_id: number
  name: string
  /** Masked. */
  phone: string
}

/** One refused row of a roster file: `line` counts the header as line 1. */
export interface RosterRowError {
  line: number
  field: string
  code: string
  message: string
}

/** POST /units/{id}/roster-imports: the good rows are kept, the bad ones reported by line. */
export interface RosterImportResult {
  import_id: number
  file_name: string
  rows: number
  added: number
  updated: number
  unchanged: number
  duplicates_merged: number
  rejected: number
  errors: RosterRowError[]
}

/** GET /units/{id}/roster-imports: the unit's import history. */
export interface RosterImport {
  id: number
  file_name: string
  rows: number
  added: number
  updated: number
  unchanged: number
  rejected: number
  imported_at: string
  /** Who imported it (a name). */
  imported_by: string
}

export const ROSTER_FILTERS = ['all', 'unregistered', 'under_20h'] as const
export type RosterFilter = (typeof ROSTER_FILTERS)[number]
export type RosterMemberStatus = 'unregistered' | 'under_20h' | 'ok'
export type RosterSource = 'roster' | 'invitation'

export interface RosterMember {
  name: string
  /** Masked. */
  id_number: string
  political_status: string
  department: string | null
  /** Masked; '' when the roster gives none. */
  phone: string
  registered: boolean
  volunteer_number: string | null
  /** Confirmed service minutes in the year asked. */
  year_minutes: number
  status: RosterMemberStatus
  source: RosterSource
}

export interface RosterSummary {
  members: number
  registered: number
  unregistered: number
  under_20h: number
  /** Volunteers who joined through the invitation link. */
  joined: number
}

export interface RosterQuery {
  status?: RosterFilter
  year?: number
  page?: number
  page_size?: number
}

/** GET /units/{id}/roster: who of the unit's members has registered, and who is under 20 h this year. */
export interface Roster {
  unit: Unit
  year: number
  summary: RosterSummary
  total: number
  items: RosterMember[]
}

/** GET /units/{id}/invitation: the unit's join link and its QR code (an SVG document made by the server). */
export interface UnitInvitation {
  unit_id: number
  unit_name: string
  token: string
  url: string
  qr_svg: string
}

/** GET /unit-invitations/{token} (public). */
export interface PublicUnitInvitation {
  unit_id: number
  unit_name: string
  region_name: string
}

/** POST /me/unit-memberships: 201 when joined now, 200 when already a member. */
export interface UnitMembership {
  unit_id: number
  unit_name: string
  joined_at: string
}

export interface Notice {
  id: number
  title: string
  body: string
  deadline: string
  published_at: string
  unit_ids: number[]
  /** How many of the addressed units have answered. */
  answered: number
  /**
   * For a unit contact (when the server says so): the standing of the caller's own addressed units. Not in the
   * first slice of the API; the pages fall back to what `answered` proves.
   */
  mine?: ReceiptStanding[]
  /** GET /notices/{id}: the files attached to it (附件), in upload order. */
  attachments?: NoticeAttachment[]
}

/** A file attached to a notice; `url` downloads it (city admin, contacts of addressed units). */
export interface NoticeAttachment {
  id: number
  /** Cleaned by the server: no directories, the extension of the real type. */
  file_name: string
  content_type: string
  size: number
  sha256: string
  uploaded_at: string
  url: string
}

export interface NoticeInput {
  title: string
  body: string
  /** RFC 3339. */
  deadline: string
  unit_ids: number[]
}

export interface ReceiptInput {
  /** Only when the contact answers for several addressed units. */
  unit_id?: number
  leader_name: string
  contact_name: string
  contact_position: string
  contact_phone: string
  contact_email: string
}

export interface Receipt {
  notice_id: number
  unit_id: number
  leader_name: string
  contact_name: string
  contact_position: string
  /** Masked. */
  contact_phone: string
  contact_email: string
  submitted_at: string
  updated_at: string
}

export const RECEIPT_STATUSES = ['answered', 'answered_late', 'pending', 'late'] as const
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number]

export interface ReceiptStanding {
  unit_id: number
  unit_name: string
  region_name: string
  status: ReceiptStatus
  receipt: Receipt | null
}

/** GET /notices/{id}/receipts (city admin): who answered on time, late, or not yet. */
export interface ReceiptBoard {
  notice: Notice
  /** Answered, on time or late. */
  answered: number
  /** Late: answered late, or not answered past the deadline. */
  late: number
  /** Not answered, deadline not yet passed. */
  pending: number
  items: ReceiptStanding[]
}

/** POST /notices/{id}/reminders: units reminded (not answered yet) and contacts notified. */
export interface ReminderResult {
  units: number
  contacts: number
}

// ---- 批量导入志愿者 and 账号激活 (docs/api.md "Organisations", "Identity") ----------------------------------------

/** POST /organizations/{id}/volunteer-imports: what the file did, and every refused row by its line. */
export interface VolunteerImportResult {
  /** Data rows read (the header not counted). */
  rows: number
  /** New volunteers registered; each gets an SMS with an activation link. */
  created: number
  /** Already registered: added to the organisation. */
  joined: number
  /** Already members. */
  unchanged: number
  rejected: number
  errors: VolunteerImportError[]
}

export interface VolunteerImportError {
  /** The line in the file (the header is line 1). */
  line: number
  field: string
  code: string
  message: string
}

/** GET /account-activations/{token}: whom the link is for (the phone masked). */
export interface AccountActivation {
  name: string
  phone: string
}

// ---- publicity 宣传 (docs/api.md "Publicity") ---------------------------------------------------------------
/** 典型经验 · 优秀志愿者 · 优秀组织. */
export const STORY_KINDS = ['practice', 'volunteer', 'organization'] as const
export type StoryKind = (typeof STORY_KINDS)[number]
export const STORY_STATUSES = ['draft', 'published', 'withdrawn'] as const
export type StoryStatus = (typeof STORY_STATUSES)[number]

/** A story as listed (GET /stories): no body. */
export interface StorySummary {
  id: number
  title: string
  kind: StoryKind
  summary: string
  /** 441400 for the city itself (市本级), else a county. */
  region_code: string
  region_name: string
  status: StoryStatus
  author_name: string
  /** The first publication (kept through a withdrawal and a new publication); null for a draft never published. */
  published_at: string | null
  updated_at: string
}

/** GET /stories/{id}: with the body (plain text, paragraphs separated by blank lines — never HTML). */
export interface Story extends StorySummary {
  body: string
}

export interface StoryInput {
  title: string
  kind: StoryKind | ''
  /** Empty: the server takes the body's first 80 characters. */
  summary: string
  body: string
  region_code: string
}

/** GET /portal/figures: the city's headline figures for the home page. */
export interface PortalFigures {
  year: number
  as_of: string
  registered_volunteers: number
  /** Registered volunteers ÷ resident population (a fraction); null without a population figure. */
  registration_rate: number | null
  registration_target: number
  organizations: number
  /** Activities published this year. */
  activities_published: number
  /** Confirmed service hours this year. */
  year_service_hours: number
  certificate_holders: number
  card_holders: number
}
