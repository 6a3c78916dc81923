import { describe, expect, it } from 'vitest'
import { baseField, mapFieldErrors } from './form-errors'
import { safeRedirect } from './redirect'
import { isMobile, isStrongPassword } from './validators'
import { toWan } from './format'

describe('mapFieldErrors', () => {
  it('maps server fields onto form items and keeps the rest aside', () => {
    const { byField, unmatched } = mapFieldErrors(
      [
        { field: 'id_number', code: 'invalid_check_digit', message: '身份证号码校验位不正确' },
        { field: 'skills[1]', code: 'too_long', message: '技能过长' },
        { field: 'skills[2]', code: 'too_long', message: '技能过长2' },
        { field: 'unknown_field', code: 'x', message: '其他错误' },
        { field: '', code: 'y', message: '整体错误' },
      ],
      ['id_number', 'skills'],
    )
    expect(byField).toEqual({ id_number: '身份证号码校验位不正确', skills: '技能过长；技能过长2' })
    expect(unmatched.map((e) => e.message)).toEqual(['其他错误', '整体错误'])
  })
  it('strips indices and sub-fields', () => {
    expect(baseField('guardian.phone')).toBe('guardian')
    expect(baseField('skills[0]')).toBe('skills')
  })
})

describe('safeRedirect', () => {
  it('follows same-site paths only', () => {
    expect(safeRedirect('/organizations/3')).toBe('/organizations/3')
    expect(safeRedirect('//evil.example/')).toBe('/me')
    expect(safeRedirect('https://evil.example/')).toBe('/me')
    expect(safeRedirect('/login?redirect=/me')).toBe('/me')
    expect(safeRedirect(undefined)).toBe('/me')
  })
})

describe('validators and format', () => {
  it('checks mobiles and password strength', () => {
    expect(isMobile('13812345678')).toBe(true)
    expect(isMobile('12812345678')).toBe(false)
    expect(isStrongPassword('Zhiyuan#2026')).toBe(true)
    expect(isStrongPassword('zhiyuan2026')).toBe(false)
    expect(isStrongPassword('Zy#1')).toBe(false)
  })
  it('formats populations in 10k', () => {
    expect(toWan(437800)).toBe('43.78')
    expect(toWan(null)).toBe('—')
  })
})
