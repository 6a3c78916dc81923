// Volunteers (registration, profile) and sessions/account — docs/api.md "Volunteers" and "Sessions".
import { apiPath, http, rememberCsrfToken } from './http'
import type {
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
