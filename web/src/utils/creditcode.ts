// GB 32100-2015 unified social credit codes (统一社会信用代码). A hint only; the server decides.

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** The check character for the first 17 characters, or null if they use characters outside the set. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  let weight = 1
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]!)
    if (v < 0) return null
    sum += v * weight
    weight = (weight * 3) % 31
  }
  const c = 31 - (sum % 31)
  return CREDIT_CODE_CHARSET[c === 31 ? 0 : c]!
}

export function isValidCreditCode(code: string): boolean {
  const s = code.trim().toUpperCase()
  if (s.length !== 18) return false
  return creditCodeCheckChar(s.slice(0, 17)) === s[17]
}
