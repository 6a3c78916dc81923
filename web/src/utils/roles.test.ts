import { describe, expect, it } from 'vitest'
import type { Role } from '@/api/types'
import {
  bankOf,
  merchantOf,
  canAdministerCounty,
  canReviewOrganizations,
  countyAdminOf,
  hasRole,
  isAuditor,
  isSecurityAdmin,
  isCityAdmin,
  isOrgAdmin,
  orgAdminOf,
  satisfiesAny,
} from './roles'

const volunteer: Role[] = [{ role: 'volunteer' }]
const orgAdmin: Role[] = [
  { role: 'volunteer' },
  { role: 'org_admin', organization_id: 7, organization_name: '梅江区青年志愿者协会' },
  { role: 'org_admin', organization_id: 9 },
]
const county: Role[] = [{ role: 'county_admin', county_code: '441402' }]
const city: Role[] = [{ role: 'city_admin' }]
const auditor: Role[] = [{ role: 'auditor' }]

describe('role helpers', () => {
  it('detects plain roles', () => {
    expect(hasRole(volunteer, 'volunteer')).toBe(true)
    expect(isCityAdmin(city)).toBe(true)
    expect(isCityAdmin(county)).toBe(false)
    expect(isAuditor(auditor)).toBe(true)
    expect(isAuditor([])).toBe(false)
    expect(isSecurityAdmin([{ role: 'security_admin' }])).toBe(true)
    expect(isSecurityAdmin(auditor)).toBe(false)
    expect(isSecurityAdmin(city)).toBe(false)
  })
  it('lists administered counties and organisations', () => {
    expect(countyAdminOf(county)).toEqual(['441402'])
    expect(countyAdminOf(city)).toEqual([])
    expect(orgAdminOf(orgAdmin)).toEqual([7, 9])
    expect(isOrgAdmin(orgAdmin, 7)).toBe(true)
    expect(isOrgAdmin(orgAdmin, 8)).toBe(false)
  })
  it('knows who reviews organisations of a county', () => {
    expect(canReviewOrganizations(county)).toBe(true)
    expect(canReviewOrganizations(city)).toBe(true)
    expect(canReviewOrganizations(orgAdmin)).toBe(false)
    expect(canReviewOrganizations(auditor)).toBe(false)
    expect(canAdministerCounty(county, '441402')).toBe(true)
    expect(canAdministerCounty(county, '441424')).toBe(false)
    expect(canAdministerCounty(city, '441424')).toBe(true)
  })
  it('checks route role requirements', () => {
    expect(satisfiesAny(volunteer, undefined)).toBe(true)
    expect(satisfiesAny(volunteer, [])).toBe(true)
    expect(satisfiesAny(county, ['county_admin', 'city_admin'])).toBe(true)
    expect(satisfiesAny(volunteer, ['county_admin', 'city_admin'])).toBe(false)
    expect(satisfiesAny(auditor, ['auditor'])).toBe(true)
  })
})

describe('partner roles', () => {
  it('finds the bank of a bank operator and the merchant of its staff', () => {
    const roles: Role[] = [{ role: 'bank_operator', bank: 'boc' }]
    expect(bankOf(roles)).toBe('boc')
    expect(merchantOf(roles)).toBe('')
    expect(merchantOf([{ role: 'merchant', merchant: 'kedu-books' }])).toBe('kedu-books')
    expect(satisfiesAny(roles, ['bank_operator'])).toBe(true)
    expect(satisfiesAny(roles, ['merchant', 'city_admin'])).toBe(false)
  })
})
