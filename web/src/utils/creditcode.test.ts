import { describe, expect, it } from 'vitest'
import { creditCodeCheckChar, isValidCreditCode } from './creditcode'

describe('GB 32100 credit codes', () => {
  it('accepts a published valid code and rejects a changed check character', () => {
    // 91350100M000100Y43 is the standard's own worked example.
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true)
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false)
  })
  it('computes a check character for any 17 legal characters', () => {
    const first = '52441400MJ0000000'
    const code = first + creditCodeCheckChar(first)
    expect(isValidCreditCode(code)).toBe(true)
    expect(creditCodeCheckChar('52441400MJ000000I')).toBeNull() // I is not in the set
    expect(isValidCreditCode('123')).toBe(false)
  })
})
