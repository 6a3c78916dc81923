// GB 11643-1999 citizen identity numbers: check digit, birth date, gender, age.
// Client-side helpers only: the server is authoritative.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'

/** The check character for the first 17 digits, or null if they are not 17 digits. */
export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

export interface IsoDate {
  year: number
  month: number
  day: number
}

export function parseIsoDate(s: string): IsoDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1) return null
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day > dim) return null
  return { year, month, day }
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

export function formatIsoDate(d: IsoDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`
}

/** Today's date in Asia/Shanghai (UTC+8, no DST) as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  const t = new Date(now.getTime() + 8 * 3600 * 1000)
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

/**
 * The birth date encoded in characters 7–14 of a resident ID, as YYYY-MM-DD, if they form a real date.
 * Works on a partially typed number as soon as 14 characters are present.
 */
export function birthDateFromResidentId(id: string): string | null {
  const s = id.trim()
  if (s.length < 14 || !/^\d{14}/.test(s)) return null
  const d = parseIsoDate(`${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`)
  return d ? formatIsoDate(d) : null
}

/** 'male' if the 17th character is odd, 'female' if even. */
export function genderFromResidentId(id: string): 'male' | 'female' | null {
  const s = id.trim()
  if (s.length < 17 || !/^\d$/.test(s[16]!)) return null
  return Number(s[16]) % 2 === 1 ? 'male' : 'female'
}

/** Completed years of age on `onDate` (YYYY-MM-DD), or null for malformed input. */
export function ageOn(birthDate: string, onDate: string): number | null {
  const b = parseIsoDate(birthDate)
  const o = parseIsoDate(onDate)
  if (!b || !o) return null
  let age = o.year - b.year
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age -= 1
  return age
}

/** True when the person born on `birthDate` is under 18 on `onDate` (default: today in China). */
export function isMinor(birthDate: string | null | undefined, onDate: string = todayInChina()): boolean {
  if (!birthDate) return false
  const age = ageOn(birthDate, onDate)
  return age !== null && age >= 0 && age < 18
}

export type ResidentIdProblem = 'length' | 'format' | 'birth_date' | 'future_birth_date' | 'check_digit'

/** Validates a full resident ID; returns null when valid, otherwise the first problem found. */
export function residentIdProblem(id: string, today: string = todayInChina()): ResidentIdProblem | null {
  const s = id.trim().toUpperCase()
  if (s.length !== 18) return 'length'
  if (!/^\d{17}[\dX]$/.test(s)) return 'format'
  const birth = birthDateFromResidentId(s)
  if (!birth) return 'birth_date'
  if (birth > today) return 'future_birth_date'
  if (residentIdCheckChar(s.slice(0, 17)) !== s[17]) return 'check_digit'
  return null
}

/** Mask an ID number the way the API does: first 6 and last 4 visible. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return id
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4)
}
