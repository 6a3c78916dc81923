// The log-in page's second step: administrators (city, county, auditor) also give the 6-digit code of their
// authenticator app (动态口令, RFC 6238). The server says when it is needed: 401 `totp_required`.

/** The problem codes of the second factor (docs/api.md "Sessions"). */
export const TOTP_REQUIRED = 'totp_required'
export const TOTP_INVALID = 'totp_invalid'
export const TOTP_NOT_ENROLLED = 'totp_not_enrolled'

/** What a typed code must be once normalised. */
export const TOTP_PATTERN = /^\d{6}$/

/**
 * The code as the server takes it: full-width digits (a Chinese input method's １２３) made ASCII, and spaces or
 * dashes (authenticators show "123 456") dropped. Anything else is kept, for the validator to refuse.
 */
export function normalizeTotp(raw: string): string {
  return raw
    .replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\s\-\u3000]/g, '')
}

export function isTotp(raw: string): boolean {
  return TOTP_PATTERN.test(normalizeTotp(raw))
}

/**
 * Whether the code field is shown after the server refused a log-in with `code`: it appears on
 * totp_required and stays for a wrong or used code (type the next one); it goes when the account has no
 * authenticator (a code cannot help: an administrator must enrol one). Other refusals (a wrong password, a
 * lock) leave it as it was: the account still needs a code.
 */
export function showsTotpAfter(code: string, shown: boolean): boolean {
  if (code === TOTP_REQUIRED || code === TOTP_INVALID) return true
  if (code === TOTP_NOT_ENROLLED) return false
  return shown
}

/** The POST /sessions body: `totp` only once the server has asked for it. */
export function loginBody(
  phone: string,
  password: string,
  totp?: string,
): { phone: string; password: string; totp?: string } {
  const body: { phone: string; password: string; totp?: string } = { phone: phone.trim(), password }
  if (totp !== undefined && totp !== '') body.totp = normalizeTotp(totp)
  return body
}
