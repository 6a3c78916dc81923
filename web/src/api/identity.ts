// Volunteers (registration, profile) and sessions/account — docs/api.md "Volunteers" and "Sessions".
import { apiPath, http, rememberCsrfToken, requestFile, type FileResponse } from './http'
import type {
  AccountClosure,
  LoginRequest,
  LoginResponse,
  Me,
  Page,
  PageQuery,
  PasswordChange,
  Volunteer,
  VolunteerPatch,
  VolunteerRegistration,
} from './types'

export function registerVolunteer(body: VolunteerRegistration): Promise<Volunteer> {
  return http.post<Volunteer>(apiPath('volunteers'), body, { skipAuthRedirect: true })
}

export async function login(body: LoginRequest): Promise<LoginResponse> {
  const res = await http.post<LoginResponse>(apiPath('sessions'), body, { skipAuthRedirect: true })
  rememberCsrfToken(res?.csrf_token)
  return res
}

export async function logout(): Promise<void> {
  try {
    await http.del<void>(apiPath('sessions', 'current'), { skipAuthRedirect: true })
  } finally {
    rememberCsrfToken(undefined)
  }
}

/** The current account; `skipAuthRedirect` so that probing while logged out does not navigate. */
export function fetchMe(opts: { skipAuthRedirect?: boolean } = {}): Promise<Me> {
  return http.get<Me>(apiPath('me'), undefined, opts)
}

export function changePassword(body: PasswordChange): Promise<void> {
  return http.put<void>(apiPath('me', 'password'), body)
}

// ---- PIPL rights (《个人信息保护法》第四十五条、第四十七条) ---------------------------------------------

/** GET /me/personal-data: the path of the volunteer's own data as a JSON file. */
export const PERSONAL_DATA_PATH = apiPath('me', 'personal-data')

/**
 * A copy of all the volunteer's data (full phone and ID number): a JSON file whose name
 * (`我的志愿者数据-<volunteer number>.json`) comes in Content-Disposition. The server audits each download.
 */
export function downloadPersonalData(): Promise<FileResponse> {
  return requestFile(PERSONAL_DATA_PATH)
}

/**
 * 注销账号 (204): the server anonymises the volunteer and clears the session cookies; the remembered CSRF
 * token is dropped like on log-out. The caller then clears the session store (`session.clear()`).
 * 422 field `password` wrong_password, 409 sole_org_admin, 429 rate_limited are ApiErrors.
 */
export async function closeAccount(body: AccountClosure): Promise<void> {
  await http.post<void>(apiPath('me', 'account-closure'), body)
  rememberCsrfToken(undefined)
}

export function updateMyVolunteer(body: VolunteerPatch): Promise<Volunteer> {
  return http.patch<Volunteer>(apiPath('me', 'volunteer'), body)
}

export interface VolunteerQuery extends PageQuery {
  county_code?: string
  q?: string
}

export function listVolunteers(query: VolunteerQuery = {}): Promise<Page<Volunteer>> {
  return http.get<Page<Volunteer>>(apiPath('volunteers'), { ...query })
}

export function getVolunteer(id: number): Promise<Volunteer> {
  return http.get<Volunteer>(apiPath('volunteers', id))
}
