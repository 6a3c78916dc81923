// 嘉许回馈: a benefit's conditions in words, uses, and the checks of the forms (the server checks again).
import type { Benefit, BenefitCreate, BenefitEligibility, RequiredCredential } from '@/api/types'
import { t } from '@/i18n'

/** The conditions of a benefit as short phrases ("3星级及以上", "持证或持卡", "限梅江区", "每人限2次"). */
export function benefitConditions(
  b: { min_star_level: number; requires_credential: RequiredCredential | string; county_code: string; limit_per_volunteer: number },
  countyName: (code: string) => string = (c) => c,
): string[] {
  const out: string[] = []
  if (b.min_star_level > 0) out.push(t('rewards.condStars', { n: b.min_star_level }))
  if (b.requires_credential) out.push(t(`rewards.cond.${b.requires_credential}` as 'rewards.cond.either'))
  if (b.county_code) out.push(t('rewards.condCounty', { county: countyName(b.county_code) || b.county_code }))
  if (b.limit_per_volunteer > 0) out.push(t('rewards.condLimit', { n: b.limit_per_volunteer }))
  if (out.length === 0) out.push(t('rewards.condNone'))
  return out
}

/** "已使用 1/2 次" (or "已使用 1 次" when unlimited); '' before the first use of an unlimited benefit. */
export function usesText(b: Pick<BenefitEligibility, 'used' | 'limit_per_volunteer'>): string {
  if (b.limit_per_volunteer > 0) return t('rewards.usedOf', { used: b.used, limit: b.limit_per_volunteer })
  return b.used > 0 ? t('rewards.used', { used: b.used }) : ''
}

/** What a management list says of a benefit: withdrawn, not valid yet, past its validity, or in force. */
export type BenefitState = 'active' | 'upcoming' | 'expired' | 'withdrawn'
export const BENEFIT_STATES: readonly BenefitState[] = ['active', 'upcoming', 'expired', 'withdrawn']

/** The state of a benefit on `today` (China date `YYYY-MM-DD`; the validity dates are inclusive). */
export function benefitState(b: Pick<Benefit, 'status' | 'valid_from' | 'valid_to'>, today: string): BenefitState {
  if (b.status === 'withdrawn') return 'withdrawn'
  if (b.valid_from && b.valid_from > today) return 'upcoming'
  if (b.valid_to && b.valid_to < today) return 'expired'
  return 'active'
}

/** Uses left (Infinity when unlimited). */
export function usesLeft(b: Pick<BenefitEligibility, 'used' | 'limit_per_volunteer'>): number {
  return b.limit_per_volunteer > 0 ? Math.max(0, b.limit_per_volunteer - b.used) : Number.POSITIVE_INFINITY
}

/** A merchant code: lower-case letters, digits and hyphens, at most 32 (the server's rule). */
export function isMerchantCode(code: string): boolean {
  return /^[a-z0-9-]{1,32}$/.test(code)
}

export type BenefitFormErrors = Partial<Record<'merchant' | 'title' | 'description' | 'valid_from' | 'valid_to' | 'min_star_level' | 'limit_per_volunteer', string>>

/** Client checks of a new benefit (`needMerchant` for the city admin's form); empty when fine. */
export function checkBenefitForm(b: BenefitCreate, needMerchant: boolean): BenefitFormErrors {
  const e: BenefitFormErrors = {}
  if (needMerchant && !b.merchant) e.merchant = t('rewards.form.merchantRequired')
  if (!b.title.trim()) e.title = t('rewards.form.titleRequired')
  if (!b.description.trim()) e.description = t('rewards.form.descriptionRequired')
  if (!Number.isInteger(b.min_star_level) || b.min_star_level < 0 || b.min_star_level > 5) e.min_star_level = t('rewards.form.starRange')
  if (!Number.isInteger(b.limit_per_volunteer) || b.limit_per_volunteer < 0) e.limit_per_volunteer = t('rewards.form.limitRange')
  if (!b.valid_from) e.valid_from = t('rewards.form.dateRequired')
  if (!b.valid_to) e.valid_to = t('rewards.form.dateRequired')
  else if (b.valid_from && b.valid_to < b.valid_from) e.valid_to = t('rewards.form.endsBeforeStart')
  return e
}
