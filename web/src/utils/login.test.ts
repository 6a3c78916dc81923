import { describe, expect, it } from 'vitest'
import { isTotp, loginBody, normalizeTotp, showsTotpAfter } from './login'

describe('normalizeTotp', () => {
  it('keeps six ASCII digits as they are', () => {
    expect(normalizeTotp('012345')).toBe('012345')
  })
  it('drops the space or dash authenticators show, and makes full-width digits ASCII', () => {
    expect(normalizeTotp('123 456')).toBe('123456')
    expect(normalizeTotp(' 123-456 ')).toBe('123456')
    expect(normalizeTotp('１２３４５６')).toBe('123456')
    expect(normalizeTotp('１２３\u3000４５６')).toBe('123456')
  })
  it('keeps anything else for the validator to refuse', () => {
    expect(normalizeTotp('12a456')).toBe('12a456')
  })
})

describe('isTotp', () => {
  it('takes exactly six digits', () => {
    expect(isTotp('000000')).toBe(true)
    expect(isTotp('123 456')).toBe(true)
    expect(isTotp('12345')).toBe(false)
    expect(isTotp('1234567')).toBe(false)
    expect(isTotp('12345a')).toBe(false)
    expect(isTotp('')).toBe(false)
  })
})

describe('showsTotpAfter', () => {
  it('asks for the code on totp_required and keeps asking after a wrong or used code', () => {
    expect(showsTotpAfter('totp_required', false)).toBe(true)
    expect(showsTotpAfter('totp_invalid', true)).toBe(true)
    expect(showsTotpAfter('totp_invalid', false)).toBe(true)
  })
  it('hides it for an account with no authenticator: no code can help', () => {
    expect(showsTotpAfter('totp_not_enrolled', true)).toBe(false)
  })
  it('leaves it as it was after other refusals (a wrong password, a lock, a network error)', () => {
    for (const code of ['invalid_credentials', 'account_locked', 'network_error']) {
      expect(showsTotpAfter(code, true)).toBe(true)
      expect(showsTotpAfter(code, false)).toBe(false)
    }
  })
})

describe('loginBody', () => {
  it('sends no totp until there is one', () => {
    expect(loginBody(' 13800000001 ', 'Zhiyuan@2026')).toEqual({ phone: '13800000001', password: 'Zhiyuan@2026' })
    expect(loginBody('13800000001', 'Zhiyuan@2026', '')).toEqual({ phone: '13800000001', password: 'Zhiyuan@2026' })
  })
  it('sends the code normalised', () => {
    expect(loginBody('13800000001', 'Zhiyuan@2026', '１２３ ４５６')).toEqual({
      phone: '13800000001',
      password: 'Zhiyuan@2026',
      totp: '123456',
    })
  })
  it('keeps the password exactly as typed', () => {
    expect(loginBody('13800000001', ' pass word ').password).toBe(' pass word ')
  })
})
