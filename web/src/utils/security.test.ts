import { describe, expect, it } from 'vitest'
import type { StaffAccount } from '@/api/types'
import { lockedByThis, otpauthSecret, refusalReason, staffActions, staffState } from './security'

const account = (over: Partial<StaffAccount> = {}): StaffAccount => ({
  id: 12,
  name: '梅江区团委管理员',
  phone: '138****0011',
  roles: [{ role: 'county_admin', county_code: '441402' }],
  status: 'active',
  locked: false,
  locked_until: null,
  failed_logins: 0,
  second_factor_required: true,
  second_factor_enrolled: true,
  sessions: 0,
  password_changed_at: '2026-11-01T09:00:00+08:00',
  created_at: '2026-11-01T09:00:00+08:00',
  ...over,
})

describe('security admin helpers', () => {
  it('shows a disabled account as disabled even while locked, then a lock, else active', () => {
    expect(staffState(account({ status: 'disabled', locked: true }))).toBe('disabled')
    expect(staffState(account({ locked: true }))).toBe('locked')
    expect(staffState(account())).toBe('active')
  })

  it('offers disable or enable, unlock when locked, ending sessions when there are some, a new authenticator for admin roles', () => {
    expect(staffActions(account(), 1)).toEqual(['disable', 'resetSecondFactor'])
    expect(staffActions(account({ status: 'disabled' }), 1)).toEqual(['enable', 'resetSecondFactor'])
    expect(staffActions(account({ locked: true, sessions: 2 }), 1)).toEqual(['disable', 'unlock', 'endSessions', 'resetSecondFactor'])
    expect(staffActions(account({ roles: [{ role: 'merchant', merchant: 'kedu-books' }], second_factor_required: false }), 1))
      .toEqual(['disable'])
  })

  it('offers nothing on the security admin’s own account', () => {
    expect(staffActions(account({ id: 7, locked: true, sessions: 1 }), 7)).toEqual([])
  })

  it('reads the secret of an otpauth URI in groups of four', () => {
    expect(otpauthSecret('otpauth://totp/%E6%A2%85:138****0011?secret=jbswy3dpehpk3pxp&issuer=x')).toBe('JBSW Y3DP EHPK 3PXP')
    expect(otpauthSecret('otpauth://totp/x?issuer=y')).toBe('')
  })

  it('reads why a log-in was refused and whether it locked the account', () => {
    expect(refusalReason({ detail: { reason: 'wrong_password', locked: true } })).toBe('wrong_password')
    expect(lockedByThis({ detail: { reason: 'wrong_password', locked: true } })).toBe(true)
    expect(refusalReason({ detail: {} })).toBe('')
    expect(lockedByThis({ detail: 'text' })).toBe(false)
  })
})
