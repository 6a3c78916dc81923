// The volunteer's QR pass 志愿者码 as the organiser's scanner reads it (docs/api.md "Attendance 考勤").
import { certificateToken } from './credentials'

/**
 * The pass token in a scanned text, or '' when it is not one: scanners may add spaces or a line break, and a
 * pass token starts with "P" (`P<id>.<window>.<mac>`). The electronic certificate's QR code (its verify link,
 * …/verify/e-certificate/<token>) carries the same token, so the organiser may scan that too. Anything else (a
 * volunteer number typed by hand, an activity's check-in link) is not a pass.
 */
export function scannedPass(text: string | null | undefined): string {
  const s = (text ?? '').trim()
  if (/\/verify\/e-certificate\//i.test(s)) {
    const token = certificateToken(s)
    return token.startsWith('P') ? token : ''
  }
  if (!s.startsWith('P') || /\s/.test(s)) return ''
  return s
}
