// Small client-side checks mirroring docs/api.md. Conveniences only: the server is authoritative.

export const MOBILE_RE = /^1[3-9]\d{9}$/

export function isMobile(phone: string): boolean {
  return MOBILE_RE.test(phone.trim())
}

/** ≥ 8 characters and at least 3 of: lower case, upper case, digit, symbol. */
export function passwordClasses(pw: string): number {
  let n = 0
  if (/[a-z]/.test(pw)) n++
  if (/[A-Z]/.test(pw)) n++
  if (/\d/.test(pw)) n++
  if (/[^A-Za-z0-9]/.test(pw)) n++
  return n
}

export function isStrongPassword(pw: string): boolean {
  return pw.length >= 8 && passwordClasses(pw) >= 3
}

/** Format checks for the non-resident ID types (the server checks again). */
export function nonResidentIdLooksValid(idType: string, id: string): boolean {
  const s = id.trim().toUpperCase()
  switch (idType) {
    case 'hk_macao_permit':
      return /^[HM]\d{8,10}$/.test(s)
    case 'taiwan_permit':
      return /^\d{8}$|^\d{10}$|^[A-Z0-9]{8,10}$/.test(s)
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(s)
    default:
      return s.length > 0
  }
}
