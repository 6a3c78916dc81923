// Pure helpers over the `roles` array of GET /api/v1/me.
import type { Role, RoleName } from '@/api/types'

export function hasRole(roles: readonly Role[], name: RoleName): boolean {
  return roles.some((r) => r.role === name)
}

export function isCityAdmin(roles: readonly Role[]): boolean {
  return hasRole(roles, 'city_admin')
}

export function isAuditor(roles: readonly Role[]): boolean {
  return hasRole(roles, 'auditor')
}

/** 安全管理员: manages staff accounts and reads the security events (no business data). */
export function isSecurityAdmin(roles: readonly Role[]): boolean {
  return hasRole(roles, 'security_admin')
}

export function isVolunteer(roles: readonly Role[]): boolean {
  return hasRole(roles, 'volunteer')
}

/** County codes the account administers as a county admin (not including the city admin's reach). */
export function countyAdminOf(roles: readonly Role[]): string[] {
  const out: string[] = []
  for (const r of roles) if (r.role === 'county_admin' && !out.includes(r.county_code)) out.push(r.county_code)
  return out
}

/** Organisation ids the account administers. */
export function orgAdminOf(roles: readonly Role[]): number[] {
  const out: number[] = []
  for (const r of roles) {
    if (r.role === 'org_admin' && !out.includes(r.organization_id)) out.push(r.organization_id)
  }
  return out
}

export function isOrgAdmin(roles: readonly Role[], orgId: number): boolean {
  return orgAdminOf(roles).includes(orgId)
}

/** County or city admins may review organisations. */
export function canReviewOrganizations(roles: readonly Role[]): boolean {
  return isCityAdmin(roles) || countyAdminOf(roles).length > 0
}

/** A county admin of `countyCode`, or a city admin. */
export function canAdministerCounty(roles: readonly Role[], countyCode: string): boolean {
  return isCityAdmin(roles) || countyAdminOf(roles).includes(countyCode)
}

/** Route guard check: `required` empty means any logged-in account. */
export function satisfiesAny(roles: readonly Role[], required: readonly RoleName[] | undefined): boolean {
  if (!required || required.length === 0) return true
  return required.some((name) => hasRole(roles, name))
}

/** The organisations the account administers, with their names when GET /me gives them. */
export function orgAdminRoles(roles: readonly Role[]): { organization_id: number; organization_name: string }[] {
  const out: { organization_id: number; organization_name: string }[] = []
  for (const r of roles) {
    if (r.role === 'org_admin' && !out.some((o) => o.organization_id === r.organization_id)) {
      out.push({ organization_id: r.organization_id, organization_name: r.organization_name ?? `#${r.organization_id}` })
    }
  }
  return out
}

/** County or city admins review hours above the organisation's tier (GET /ledger/reviews). */
export function canReviewLedger(roles: readonly Role[]): boolean {
  return canReviewOrganizations(roles)
}

/** The partner bank (code) the account operates for as a bank operator, or ''. */
export function bankOf(roles: readonly Role[]): string {
  for (const r of roles) if (r.role === 'bank_operator') return r.bank
  return ''
}

/** The partner merchant (code) the account works for, or ''. */
export function merchantOf(roles: readonly Role[]): string {
  for (const r of roles) if (r.role === 'merchant') return r.merchant
  return ''
}
