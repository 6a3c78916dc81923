import { describe, expect, it } from 'vitest'
import type { BenefitCreate } from '@/api/types'
import { BENEFIT_STATES, benefitConditions, benefitState, checkBenefitForm, isMerchantCode, usesLeft, usesText } from './rewards'
import { benefitStateLabel, benefitStateTagType } from './labels'
import { listManagedBenefits } from '@/api/rewards'
import { configureHttp } from '@/api/http'

const base = { min_star_level: 0, requires_credential: '', county_code: '', limit_per_volunteer: 0 }

describe('benefitConditions', () => {
  it('reads each condition of a benefit', () => {
    expect(benefitConditions({ ...base, min_star_level: 3, limit_per_volunteer: 2 })).toEqual(['3星级及以上', '每人限2次'])
    expect(benefitConditions({ ...base, requires_credential: 'either' })).toEqual(['持证或持卡'])
    expect(benefitConditions({ ...base, requires_credential: 'card', county_code: '441402' }, () => '梅江区')).toEqual([
      '持梅州志愿者卡',
      '限梅江区',
    ])
    expect(benefitConditions({ ...base, county_code: '441481' })).toEqual(['限441481'])
  })
  it('says when anyone registered may use it', () => {
    expect(benefitConditions(base)).toEqual(['注册志愿者均可'])
  })
})

describe('uses', () => {
  it('counts against the limit, or plainly when unlimited', () => {
    expect(usesText({ used: 1, limit_per_volunteer: 2 })).toBe('已使用 1/2 次')
    expect(usesText({ used: 0, limit_per_volunteer: 2 })).toBe('已使用 0/2 次')
    expect(usesText({ used: 3, limit_per_volunteer: 0 })).toBe('已使用 3 次')
    expect(usesText({ used: 0, limit_per_volunteer: 0 })).toBe('')
    expect(usesLeft({ used: 1, limit_per_volunteer: 2 })).toBe(1)
    expect(usesLeft({ used: 5, limit_per_volunteer: 2 })).toBe(0)
    expect(usesLeft({ used: 5, limit_per_volunteer: 0 })).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('forms', () => {
  const good: BenefitCreate = {
    merchant: 'kedu-books',
    title: '购书八折',
    description: '凭电子志愿者证购书八折',
    category: 'discount',
    min_star_level: 3,
    requires_credential: '',
    county_code: '',
    valid_from: '2026-01-01',
    valid_to: '2026-12-31',
    limit_per_volunteer: 2,
  }
  it('accepts a complete benefit', () => {
    expect(checkBenefitForm(good, true)).toEqual({})
    expect(checkBenefitForm({ ...good, merchant: undefined }, false)).toEqual({})
  })
  it('names each problem', () => {
    const e = checkBenefitForm(
      { ...good, merchant: '', title: ' ', description: '', min_star_level: 6, limit_per_volunteer: -1, valid_to: '2025-12-31' },
      true,
    )
    expect(Object.keys(e).sort()).toEqual(['description', 'limit_per_volunteer', 'merchant', 'min_star_level', 'title', 'valid_to'])
    expect(e.valid_to).toBe('截止日期不能早于生效日期')
    expect(checkBenefitForm({ ...good, valid_from: '', valid_to: '' }, false)).toEqual({
      valid_from: '请选择日期',
      valid_to: '请选择日期',
    })
  })
  it('checks merchant codes as the server does', () => {
    expect(isMerchantCode('kedu-books')).toBe(true)
    expect(isMerchantCode('mz-bus2')).toBe(true)
    expect(isMerchantCode('Kedu')).toBe(false)
    expect(isMerchantCode('bad code')).toBe(false)
    expect(isMerchantCode('')).toBe(false)
    expect(isMerchantCode('a'.repeat(33))).toBe(false)
  })
})

describe('benefitState', () => {
  const b = { status: 'active' as const, valid_from: '2026-01-01', valid_to: '2026-12-31' }
  it('tells withdrawn, not yet valid, expired and in force apart (the dates are inclusive)', () => {
    expect(benefitState(b, '2026-06-01')).toBe('active')
    expect(benefitState(b, '2026-01-01')).toBe('active')
    expect(benefitState(b, '2026-12-31')).toBe('active')
    expect(benefitState(b, '2025-12-31')).toBe('upcoming')
    expect(benefitState(b, '2027-01-01')).toBe('expired')
    expect(benefitState({ ...b, status: 'withdrawn' }, '2026-06-01')).toBe('withdrawn')
    expect(benefitState({ ...b, status: 'withdrawn' }, '2025-06-01')).toBe('withdrawn')
  })
  it('labels every state', () => {
    expect(BENEFIT_STATES.map((s) => benefitStateLabel(s))).toEqual(['生效中', '未生效', '已过期', '已撤回'])
    expect(benefitStateTagType('active')).toBe('success')
    expect(benefitStateTagType('upcoming')).toBe('warning')
    expect(benefitStateTagType('withdrawn')).toBe('danger')
    expect(benefitStateTagType('expired')).toBe('info')
  })
  it('lists the managed benefits from GET /merchant/benefits', async () => {
    const calls: string[] = []
    configureHttp({
      fetch: async (input) => {
        calls.push(String(input))
        return new Response(JSON.stringify({ items: [{ id: 7, status: 'withdrawn' }] }), { status: 200, headers: { 'Content-Type': 'application/json' } })
      },
    })
    expect(await listManagedBenefits()).toEqual([{ id: 7, status: 'withdrawn' }])
    expect(calls).toEqual(['/api/v1/merchant/benefits'])
    configureHttp({ fetch: (...args) => globalThis.fetch(...args) })
  })
})
