// The signed-in account: the GET /api/v1/me result and role helpers.
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as identity from '@/api/identity'
import { csrfToken, isApiError } from '@/api/http'
import type { Me, Role, Volunteer } from '@/api/types'
import * as roles from '@/utils/roles'
import { loginBody } from '@/utils/login'

const REMINDER_KEY = 'zy_password_reminder_closed'

function readDismissed(): boolean {
  try {
    return globalThis.sessionStorage?.getItem(REMINDER_KEY) === '1'
  } catch {
    return false
  }
}

export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  /** True once the first GET /me has answered (either way). */
  const loaded = ref(false)
  let inflight: Promise<Me | null> | null = null

  const account = computed(() => me.value?.account ?? null)
  const volunteer = computed<Volunteer | null>(() => me.value?.volunteer ?? null)
  const roleList = computed<Role[]>(() => me.value?.account.roles ?? [])
  const isLoggedIn = computed(() => me.value !== null)
  const isCityAdmin = computed(() => roles.isCityAdmin(roleList.value))
  const isAuditor = computed(() => roles.isAuditor(roleList.value))
  const isSecurityAdmin = computed(() => roles.isSecurityAdmin(roleList.value))
  const isVolunteer = computed(() => volunteer.value !== null || roles.isVolunteer(roleList.value))
  const countyAdminOf = computed(() => roles.countyAdminOf(roleList.value))
  const orgAdminOf = computed(() => roles.orgAdminOf(roleList.value))
  const canReviewOrganizations = computed(() => roles.canReviewOrganizations(roleList.value))
  const canReviewLedger = computed(() => roles.canReviewLedger(roleList.value))
  const adminOrganizations = computed(() => roles.orgAdminRoles(roleList.value))
  /** The bank code of a bank operator ('' otherwise). */
  const bankCode = computed(() => roles.bankOf(roleList.value))
  /** The merchant code of a merchant's staff ('' otherwise). */
  const merchantCode = computed(() => roles.merchantOf(roleList.value))
  /** Star level from the confirmed hours (GET /me `star_level`, 0 while barred or for non-volunteers). */
  const starLevel = computed(() => me.value?.star_level ?? 0)
  const certifiedStarLevel = computed(() => me.value?.certified_star_level ?? 0)
  /** GET /me `password_change_due`: the server says the password is past its maximum age. */
  const passwordChangeDue = computed(() => me.value?.password_change_due === true)
  /** The reminder was closed: hidden for this tab's session, until the next log-in (sessionStorage, not the server). */
  const passwordReminderDismissed = ref(readDismissed())

  function isOrgAdmin(orgId: number): boolean {
    return roles.isOrgAdmin(roleList.value, orgId)
  }
  function canAdministerCounty(code: string): boolean {
    return roles.canAdministerCounty(roleList.value, code)
  }

  async function load(): Promise<Me | null> {
    try {
      // zy_csrf is set and cleared together with the HttpOnly session cookie: without it there is no
      // cookie session, so skip the request (no 401 noise on every anonymous visit).
      if (!csrfToken()) me.value = null
      else me.value = await identity.fetchMe({ skipAuthRedirect: true })
    } catch (e) {
      if (isApiError(e) && (e.status === 401 || e.status === 403)) me.value = null
      else if (!loaded.value) me.value = null
      else throw e
    } finally {
      loaded.value = true
    }
    return me.value
  }

  /** GET /me; a 401 means "not logged in" (no redirect). Concurrent callers share one request. */
  function refresh(): Promise<Me | null> {
    if (!inflight) {
      inflight = load().finally(() => {
        inflight = null
      })
    }
    return inflight
  }

  async function ensureLoaded(): Promise<Me | null> {
    if (loaded.value) return me.value
    return refresh()
  }

  /** `totp`: the authenticator code, once the server answered 401 totp_required (administrators). */
  async function login(phone: string, password: string, totp?: string): Promise<Me | null> {
    await identity.login(loginBody(phone, password, totp))
    // A probe started before the log-in would answer "anonymous": wait for it, then ask again.
    if (inflight) await inflight.catch(() => null)
    loaded.value = false
    setPasswordReminderDismissed(false)
    return refresh()
  }

  async function logout(): Promise<void> {
    try {
      await identity.logout()
    } finally {
      clear()
    }
  }

  function clear(): void {
    me.value = null
    loaded.value = true
    setPasswordReminderDismissed(false)
  }

  function setPasswordReminderDismissed(closed: boolean): void {
    passwordReminderDismissed.value = closed
    try {
      if (closed) globalThis.sessionStorage?.setItem(REMINDER_KEY, '1')
      else globalThis.sessionStorage?.removeItem(REMINDER_KEY)
    } catch {
      /* storage unavailable: the page's memory is enough */
    }
  }

  function setVolunteer(v: Volunteer): void {
    if (me.value) me.value = { ...me.value, volunteer: v }
  }

  return {
    me,
    loaded,
    account,
    volunteer,
    roleList,
    isLoggedIn,
    isCityAdmin,
    isAuditor,
    isSecurityAdmin,
    isVolunteer,
    countyAdminOf,
    orgAdminOf,
    canReviewOrganizations,
    canReviewLedger,
    adminOrganizations,
    bankCode,
    merchantCode,
    starLevel,
    certifiedStarLevel,
    passwordChangeDue,
    passwordReminderDismissed,
    setPasswordReminderDismissed,
    isOrgAdmin,
    canAdministerCounty,
    refresh,
    ensureLoaded,
    login,
    logout,
    clear,
    setVolunteer,
  }
})
