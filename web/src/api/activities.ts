// Activities, sign-ups and attendance — docs/api.md "Activities 活动", "Sign-ups 报名", "Attendance 考勤".
import { apiPath, http } from './http'
import type {
  Activity,
  ActivityInput,
  ActivityPatch,
  ActivityQuery,
  Attendance,
  CheckinProof,
  CheckinToken,
  ManualAttendance,
  MySignup,
  Page,
  RecommendedActivity,
  Signup,
  SignupStatus,
  VolunteerPass,
} from './types'

// ---- activities ----------------------------------------------------------
export function createActivity(body: ActivityInput): Promise<Activity> {
  return http.post<Activity>(apiPath('activities'), body)
}

export function updateActivity(id: number, body: ActivityPatch): Promise<Activity> {
  return http.patch<Activity>(apiPath('activities', id), body)
}

export function publishActivity(id: number): Promise<Activity> {
  return http.post<Activity>(apiPath('activities', id, 'publish'), {})
}

export function cancelActivity(id: number, reason: string): Promise<Activity> {
  return http.post<Activity>(apiPath('activities', id, 'cancel'), { reason })
}

export function closeActivity(id: number): Promise<Activity> {
  return http.post<Activity>(apiPath('activities', id, 'close'), {})
}

export function listActivities(query: ActivityQuery = {}): Promise<Page<Activity>> {
  return http.get<Page<Activity>>(apiPath('activities'), { ...query })
}

export async function listRecommended(): Promise<RecommendedActivity[]> {
  const res = await http.get<{ items: RecommendedActivity[] }>(apiPath('activities', 'recommended'))
  return res?.items ?? []
}

export function getActivity(id: number): Promise<Activity> {
  return http.get<Activity>(apiPath('activities', id))
}

// ---- sign-ups ------------------------------------------------------------
export function signUp(activityId: number): Promise<Signup> {
  return http.post<Signup>(apiPath('activities', activityId, 'signups'), {})
}

export function cancelMySignup(activityId: number): Promise<Signup> {
  return http.del<Signup>(apiPath('activities', activityId, 'signups', 'mine'))
}

export async function listSignups(activityId: number, status?: SignupStatus | ''): Promise<Signup[]> {
  const res = await http.get<{ items: Signup[] }>(apiPath('activities', activityId, 'signups'), {
    status: status || undefined,
  })
  return res?.items ?? []
}

export function approveSignup(activityId: number, signupId: number): Promise<Signup> {
  return http.post<Signup>(apiPath('activities', activityId, 'signups', signupId, 'approve'), {})
}

export function rejectSignup(activityId: number, signupId: number, reason: string): Promise<Signup> {
  return http.post<Signup>(apiPath('activities', activityId, 'signups', signupId, 'reject'), { reason })
}

export async function listMySignups(): Promise<MySignup[]> {
  const res = await http.get<{ items: MySignup[] }>(apiPath('me', 'signups'))
  return res?.items ?? []
}

// ---- attendance ----------------------------------------------------------
export function getCheckinToken(activityId: number): Promise<CheckinToken> {
  return http.get<CheckinToken>(apiPath('activities', activityId, 'checkin-token'))
}

/** The SVG QR code (org admin; cookie-authenticated, so an <img> can show it). */
export function checkinQrPath(activityId: number): string {
  return apiPath('activities', activityId, 'checkin-qr.svg')
}

export function checkIn(activityId: number, proof: CheckinProof): Promise<Attendance> {
  return http.post<Attendance>(apiPath('activities', activityId, 'check-ins'), proof)
}

export function checkOut(activityId: number, proof: CheckinProof): Promise<Attendance> {
  return http.post<Attendance>(apiPath('activities', activityId, 'check-outs'), proof)
}

export function recordAttendance(activityId: number, body: ManualAttendance): Promise<Attendance> {
  return http.post<Attendance>(apiPath('activities', activityId, 'attendance'), body)
}

/** The volunteer's own QR pass 志愿者码; `qr_url` is its SVG (cookie-authenticated, for an <img>). */
export function getMyPass(): Promise<VolunteerPass> {
  return http.get<VolunteerPass>(apiPath('me', 'pass'))
}

export async function listAttendance(activityId: number): Promise<Attendance[]> {
  const res = await http.get<{ items: Attendance[] }>(apiPath('activities', activityId, 'attendance'))
  return res?.items ?? []
}
