import { describe, expect, it } from 'vitest'
import { scannedPass } from './pass'

describe('scannedPass', () => {
  it('accepts a pass token, trimming what scanners add', () => {
    expect(scannedPass('P12.5812345.abcDEF_-')).toBe('P12.5812345.abcDEF_-')
    expect(scannedPass('  P7.1.x\r\n')).toBe('P7.1.x')
  })
  it('takes the token out of the electronic certificate’s verify link (the same token)', () => {
    expect(scannedPass('https://zy.example/verify/e-certificate/P3.59863780.eba0868bbf5c68e8de33d81a\n')).toBe(
      'P3.59863780.eba0868bbf5c68e8de33d81a',
    )
    expect(scannedPass('https://zy.example/verify/e-certificate/X3.1.abcdef')).toBe('')
  })
  it('refuses anything else', () => {
    expect(scannedPass('')).toBe('')
    expect(scannedPass(undefined)).toBe('')
    expect(scannedPass('MZ441402000123')).toBe('')
    expect(scannedPass('p12.1.x')).toBe('')
    expect(scannedPass('https://example.org/checkin/3?token=P1')).toBe('')
    expect(scannedPass('P1 2')).toBe('')
  })
})
