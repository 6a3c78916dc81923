// 嘉许回馈 — partner merchants, their benefits, the merchant's scan-and-redeem, the volunteer's benefits, and the
// city's credit list 守信联合激励名单 (module "rewards").
import { API_BASE, apiPath, buildQuery, http } from './http'
import type {
  Benefit,
  BenefitCreate,
  BenefitEligibility,
  GoodStandingList,
  Merchant,
  MerchantCreate,
  MerchantVerification,
  Redemption,
} from './types'

// ---- merchants and benefits (public lists; city admins and merchants write) ---------------------------------
export async function listMerchants(): Promise<Merchant[]> {
  const res = await http.get<{ items: Merchant[] }>(apiPath('merchants'))
  return res?.items ?? []
}

/** City admin; 409 merchant_exists (field code). */
export function createMerchant(body: MerchantCreate): Promise<Merchant> {
  return http.post<Merchant>(apiPath('merchants'), body)
}

/** The benefits valid today. */
export async function listBenefits(): Promise<Benefit[]> {
  const res = await http.get<{ items: Benefit[] }>(apiPath('benefits'))
  return res?.items ?? []
}

/**
 * What the management pages list: a merchant's own benefits, or every benefit for a city admin — withdrawn
 * and not-yet-valid ones included, newest first (403 for others).
 */
export async function listManagedBenefits(): Promise<Benefit[]> {
  const res = await http.get<{ items: Benefit[] }>(apiPath('merchant', 'benefits'))
  return res?.items ?? []
}

/** A merchant (its own) or a city admin (with `merchant`). */
export function createBenefit(body: BenefitCreate): Promise<Benefit> {
  return http.post<Benefit>(apiPath('benefits'), body)
}

/** The owning merchant or a city admin. */
export function withdrawBenefit(id: number): Promise<Benefit> {
  return http.post<Benefit>(apiPath('benefits', id, 'withdraw'))
}

// ---- the volunteer ------------------------------------------------------------------------------------
/** Every benefit with the caller's eligibility (and the reason when not), and how often used. */
export async function listMyBenefits(): Promise<BenefitEligibility[]> {
  const res = await http.get<{ items: BenefitEligibility[] }>(apiPath('me', 'benefits'))
  return res?.items ?? []
}

export async function listMyRedemptions(): Promise<Redemption[]> {
  const res = await http.get<{ items: Redemption[] }>(apiPath('me', 'redemptions'))
  return res?.items ?? []
}

// ---- the merchant -------------------------------------------------------------------------------------
/** The certificate behind a scanned token and this merchant's benefits for it; 422 (field token) when expired. */
export function verifyForMerchant(token: string): Promise<MerchantVerification> {
  return http.post<MerchantVerification>(apiPath('merchant', 'verifications'), { token })
}

/** Records a redemption; 409 not_eligible (detail says why) / limit_reached; 404 another merchant's benefit. */
export function redeemBenefit(token: string, benefitId: number): Promise<Redemption> {
  return http.post<Redemption>(apiPath('merchant', 'redemptions'), { token, benefit_id: benefitId })
}

export async function listMerchantRedemptions(): Promise<Redemption[]> {
  const res = await http.get<{ items: Redemption[] }>(apiPath('merchant', 'redemptions'))
  return res?.items ?? []
}

// ---- 守信联合激励名单 (city admin) -------------------------------------------------------------------------
export interface GoodStandingQuery {
  min_star: number
  min_hours: number
}

/** The rule and a preview (first 200, masked ID numbers); 422 for an invalid min_star / min_hours. */
export function getGoodStanding(q: GoodStandingQuery): Promise<GoodStandingList> {
  return http.get<GoodStandingList>(apiPath('credit', 'good-standing'), { ...q })
}

/** The full list as a file (full ID numbers; the export is logged). */
export function goodStandingExportPath(q: GoodStandingQuery, format: 'csv' | 'xlsx'): string {
  return `${API_BASE}/credit/good-standing${buildQuery({ ...q, format })}`
}
