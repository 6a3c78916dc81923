// Account security 账号安全 (security admin only) — docs/openapi.yaml, tag `security`.
import { apiPath, http } from './http'
import type { AuditEvent, Page, SecurityEventQuery, StaffAccount, StaffQuery } from './types'

/** Staff accounts (holding a role), newest first; `q` is a whole phone number or part of a name. */
export function listStaffAccounts(query: StaffQuery = {}): Promise<Page<StaffAccount>> {
  return http.get<Page<StaffAccount>>(apiPath('security', 'accounts'), {
    q: query.q?.trim() || undefined,
    role: query.role || undefined,
    status: query.status || undefined,
    page: query.page,
    page_size: query.page_size,
  })
}

/** 停用: the account can no longer log in, and its sessions end. */
export function disableAccount(id: number): Promise<StaffAccount> {
  return http.post<StaffAccount>(apiPath('security', 'accounts', id, 'disable'))
}

/** 启用 a disabled account. */
export function enableAccount(id: number): Promise<StaffAccount> {
  return http.post<StaffAccount>(apiPath('security', 'accounts', id, 'enable'))
}

/** 解除锁定: clears the failed log-ins and the lock. */
export function unlockAccount(id: number): Promise<StaffAccount> {
  return http.post<StaffAccount>(apiPath('security', 'accounts', id, 'unlock'))
}

/** 强制下线: ends every session of the account. */
export function endSessions(id: number): Promise<StaffAccount> {
  return http.del<StaffAccount>(apiPath('security', 'accounts', id, 'sessions'))
}

/** 重置动态口令: the new authenticator secret as an otpauth:// URI, shown once. */
export function resetSecondFactor(id: number): Promise<{ otpauth_uri: string }> {
  return http.post<{ otpauth_uri: string }>(apiPath('security', 'accounts', id, 'second-factor-reset'))
}

/** Security events of one kind (refused log-ins by default), newest first. */
export function listSecurityEvents(query: SecurityEventQuery = {}): Promise<Page<AuditEvent>> {
  return http.get<Page<AuditEvent>>(apiPath('security', 'events'), {
    kind: query.kind || undefined,
    from: query.from || undefined,
    to: query.to || undefined,
    page: query.page,
    page_size: query.page_size,
  })
}
