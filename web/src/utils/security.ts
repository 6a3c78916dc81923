// Pure helpers of the security admin's page (账号安全): which actions an account offers, its state, the secret of
// a reset authenticator.
import type { AuditEvent, StaffAccount } from '@/api/types'

export type StaffAction = 'disable' | 'enable' | 'unlock' | 'endSessions' | 'resetSecondFactor'

/** The state shown for an account: disabled first (it cannot log in at all), then a lock, else active. */
export function staffState(a: Pick<StaffAccount, 'status' | 'locked'>): 'disabled' | 'locked' | 'active' {
  if (a.status === 'disabled') return 'disabled'
  return a.locked ? 'locked' : 'active'
}

/**
 * The actions the page offers for an account. None on the caller's own account (the server refuses with 403
 * `own_account`: another security admin acts on it); ending sessions only when there are some; resetting the
 * authenticator only for roles that log in with one.
 */
export function staffActions(a: StaffAccount, selfId: number | undefined): StaffAction[] {
  if (a.id === selfId) return []
  const out: StaffAction[] = [a.status === 'disabled' ? 'enable' : 'disable']
  if (a.locked) out.push('unlock')
  if (a.sessions > 0) out.push('endSessions')
  if (a.second_factor_required) out.push('resetSecondFactor')
  return out
}

/** The base32 secret of an otpauth:// URI, grouped by four for typing into an authenticator ('' when none). */
export function otpauthSecret(uri: string): string {
  const m = /[?&]secret=([A-Za-z2-7=]+)/.exec(uri)
  if (!m) return ''
  return m[1]!.replace(/=+$/, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ')
}

/** Why a log-in was refused (`detail.reason` of session.login), '' for other events. */
export function refusalReason(e: Pick<AuditEvent, 'detail'>): string {
  const d = e.detail
  if (d && typeof d === 'object' && 'reason' in d) return String((d as { reason: unknown }).reason)
  return ''
}

/** Whether this refused log-in locked the account (`detail.locked`). */
export function lockedByThis(e: Pick<AuditEvent, 'detail'>): boolean {
  const d = e.detail
  return !!d && typeof d === 'object' && (d as { locked?: unknown }).locked === true
}
