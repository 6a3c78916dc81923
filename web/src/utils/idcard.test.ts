import { describe, expect, it } from 'vitest'
import {
  ageOn,
  birthDateFromResidentId,
  genderFromResidentId,
  isMinor,
  maskIdNumber,
  residentIdCheckChar,
  residentIdProblem,
  todayInChina,
} from './idcard'

// A well-known sample number from GB 11643 material: 11010519491231002X.
const SAMPLE = '11010519491231002X'

function withCheck(first17: string): string {
  return first17 + residentIdCheckChar(first17)
}

describe('residentIdCheckChar', () => {
  it('computes the GB 11643 check character', () => {
    expect(residentIdCheckChar(SAMPLE.slice(0, 17))).toBe('X')
    expect(residentIdCheckChar('44140219900101123')).toBe('7')
    expect(residentIdCheckChar('1234')).toBeNull()
    expect(residentIdCheckChar('4414021990010112A')).toBeNull()
  })
})

describe('residentIdProblem', () => {
  const today = '2026-06-01'
  it('accepts a valid number (lower-case x too)', () => {
    expect(residentIdProblem(SAMPLE, today)).toBeNull()
    expect(residentIdProblem(SAMPLE.toLowerCase(), today)).toBeNull()
    expect(residentIdProblem(withCheck('44140219900101123'), today)).toBeNull()
  })
  it('names the problem', () => {
    expect(residentIdProblem('4414021990', today)).toBe('length')
    expect(residentIdProblem('44140219900101123A', today)).toBe('format')
    expect(residentIdProblem(withCheck('44140219900230123'), today)).toBe('birth_date')
    expect(residentIdProblem(withCheck('44140220300101123'), today)).toBe('future_birth_date')
    const good = withCheck('44140219900101123')
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    expect(residentIdProblem(bad, today)).toBe('check_digit')
  })
})

describe('birth date and gender from the ID', () => {
  it('reads chars 7–14 as the birth date, even while typing', () => {
    expect(birthDateFromResidentId(SAMPLE)).toBe('1949-12-31')
    expect(birthDateFromResidentId('44140220100229')).toBeNull() // 2010 is not a leap year
    expect(birthDateFromResidentId('44140220120229')).toBe('2012-02-29')
    expect(birthDateFromResidentId('4414022012')).toBeNull()
  })
  it('reads the gender from char 17', () => {
    expect(genderFromResidentId(SAMPLE)).toBe('female') // 2 is even
    expect(genderFromResidentId(withCheck('44140219900101123'))).toBe('male')
    expect(genderFromResidentId('441402')).toBeNull()
  })
})

describe('age and minors', () => {
  it('counts completed years', () => {
    expect(ageOn('2008-06-02', '2026-06-01')).toBe(17)
    expect(ageOn('2008-06-01', '2026-06-01')).toBe(18)
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17)
    expect(ageOn('bad', '2026-02-28')).toBeNull()
  })
  it('is a minor under 18', () => {
    expect(isMinor('2008-06-02', '2026-06-01')).toBe(true)
    expect(isMinor('2008-06-01', '2026-06-01')).toBe(false)
    expect(isMinor('1990-01-01', '2026-06-01')).toBe(false)
    expect(isMinor(null, '2026-06-01')).toBe(false)
    expect(isMinor('2030-01-01', '2026-06-01')).toBe(false) // a future date is not an age
    expect(isMinor(birthDateFromResidentId(withCheck('44140220150101123')), '2026-06-01')).toBe(true)
  })
  it('uses China time for today', () => {
    // 2026-05-31T17:00Z is already 1 June in Beijing.
    expect(todayInChina(new Date('2026-05-31T17:00:00Z'))).toBe('2026-06-01')
  })
})

describe('maskIdNumber', () => {
  it('shows the first 6 and last 4', () => {
    expect(maskIdNumber(SAMPLE)).toBe('110105********002X')
  })
})
