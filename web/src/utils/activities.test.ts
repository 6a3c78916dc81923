import { describe, expect, it } from 'vitest'
import { formatHours, minutesToHours, splitMinutes, sumConfirmed } from './hours'
import {
  chinaDate,
  dateToPicker,
  dateToRfc3339,
  formatRange,
  pickerToRfc3339,
  rfc3339ToPicker,
  secondsUntil,
} from './datetime'
import {
  activityStatusLabel,
  activityStatusTagType,
  entryKindLabel,
  entryStatusLabel,
  flagLabel,
  isActiveSignup,
  politicalRequirementLabel,
  reasonCodeLabel,
  signupStatusLabel,
} from './labels'
import { cacheBust } from './format'
import { refusalCode, refusalText } from './problem'
import { canReviewLedger, orgAdminRoles } from './roles'
import { ApiError } from '@/api/http'

describe('minutes → hours', () => {
  it('shows integer minutes as hours with at most two decimals', () => {
    expect(minutesToHours(750)).toBe('12.5')
    expect(minutesToHours(60)).toBe('1')
    expect(minutesToHours(45)).toBe('0.75')
    expect(minutesToHours(20)).toBe('0.33')
    expect(minutesToHours(1)).toBe('0.02')
    expect(minutesToHours(0)).toBe('0')
    expect(minutesToHours(90)).toBe('1.5')
    expect(minutesToHours(100)).toBe('1.67')
  })
  it('keeps the sign of reversals', () => {
    expect(minutesToHours(-750)).toBe('-12.5')
    expect(minutesToHours(-1)).toBe('-0.02')
    expect(minutesToHours(-0)).toBe('0')
  })
  it('adds the unit and survives missing values', () => {
    expect(formatHours(750)).toBe('12.5 小时')
    expect(formatHours(-90, 'h')).toBe('-1.5 h')
    expect(formatHours(null)).toBe('—')
    expect(minutesToHours(undefined)).toBe('—')
    expect(minutesToHours(Number.NaN)).toBe('—')
  })
  it('splits and sums', () => {
    expect(splitMinutes(135)).toEqual({ hours: 2, minutes: 15 })
    expect(splitMinutes(-5)).toEqual({ hours: 0, minutes: 0 })
    expect(
      sumConfirmed([
        { minutes: 120, status: 'confirmed' },
        { minutes: -120, status: 'confirmed' },
        { minutes: 90, status: 'confirmed' },
        { minutes: 60, status: 'pending' },
      ]),
    ).toBe(90)
  })
})

describe('RFC 3339 with +08:00 from picker values', () => {
  it('builds China-time RFC 3339 from the pickers’ wall-clock strings', () => {
    expect(pickerToRfc3339('2027-01-01 09:00:00')).toBe('2027-01-01T09:00:00+08:00')
    expect(pickerToRfc3339('2027-01-01 09:30')).toBe('2027-01-01T09:30:00+08:00')
    expect(pickerToRfc3339('2027-01-01T23:59:59')).toBe('2027-01-01T23:59:59+08:00')
    expect(pickerToRfc3339('2028-02-29 08:00:00')).toBe('2028-02-29T08:00:00+08:00')
  })
  it('refuses what is not a time', () => {
    expect(pickerToRfc3339('')).toBeNull()
    expect(pickerToRfc3339(null)).toBeNull()
    expect(pickerToRfc3339('2027-02-30 09:00:00')).toBeNull()
    expect(pickerToRfc3339('2027-13-01 09:00:00')).toBeNull()
    expect(pickerToRfc3339('2027-01-01 24:00:00')).toBeNull()
    expect(pickerToRfc3339('2027-01-01')).toBeNull()
    expect(pickerToRfc3339('tomorrow')).toBeNull()
  })
  it('reads any offset back as China wall-clock time', () => {
    expect(rfc3339ToPicker('2027-01-01T09:00:00+08:00')).toBe('2027-01-01 09:00:00')
    expect(rfc3339ToPicker('2027-01-01T01:00:00Z')).toBe('2027-01-01 09:00:00')
    expect(rfc3339ToPicker('2026-12-31T20:00:00-05:00')).toBe('2027-01-01 09:00:00')
    expect(rfc3339ToPicker('')).toBe('')
    expect(rfc3339ToPicker('nonsense')).toBe('')
  })
  it('round-trips and converts dates', () => {
    const s = '2026-11-29T21:45:10+08:00'
    expect(pickerToRfc3339(rfc3339ToPicker(s))).toBe(s)
    const d = new Date(Date.UTC(2026, 10, 29, 16, 30, 0))
    expect(dateToPicker(d)).toBe('2026-11-30 00:30:00')
    expect(dateToRfc3339(d)).toBe('2026-11-30T00:30:00+08:00')
    expect(chinaDate('2026-11-29T16:30:00Z')).toBe('2026-11-30')
  })
  it('formats ranges and countdowns', () => {
    expect(formatRange('2027-01-01T09:00:00+08:00', '2027-01-01T12:00:00+08:00')).toBe('2027-01-01 09:00 – 12:00')
    expect(formatRange('2027-01-01T09:00:00+08:00', '2027-01-02T12:00:00+08:00')).toBe(
      '2027-01-01 09:00 – 2027-01-02 12:00',
    )
    expect(formatRange(null, null)).toBe('—')
    const now = Date.parse('2027-01-01T09:00:00+08:00')
    expect(secondsUntil('2027-01-01T09:00:30+08:00', now)).toBe(30)
    expect(secondsUntil('2027-01-01T08:59:00+08:00', now)).toBe(0)
    expect(secondsUntil(undefined, now)).toBe(0)
  })
})

describe('status labels', () => {
  it('names activity, sign-up and entry states in Chinese', () => {
    expect(activityStatusLabel('draft')).toBe('草稿')
    expect(activityStatusLabel('running')).toBe('进行中')
    expect(activityStatusLabel('cancelled')).toBe('已取消')
    expect(signupStatusLabel('waitlisted')).toBe('候补中')
    expect(signupStatusLabel('confirmed')).toBe('已录取')
    expect(entryStatusLabel('confirmed')).toBe('已确认')
    expect(entryStatusLabel('awaiting_city')).toBe('待市级审核')
    expect(entryKindLabel('reversal')).toBe('冲销')
    expect(entryKindLabel('correction')).toBe('更正')
    expect(reasonCodeLabel('wrong_time')).toBe('时间有误')
    expect(reasonCodeLabel('duplicate')).toBe('重复记录')
    expect(reasonCodeLabel('not_present')).toBe('未实际参加')
    expect(reasonCodeLabel('other')).toBe('其他')
    expect(politicalRequirementLabel('party_or_league')).toBe('党员或团员')
    expect(flagLabel('closed_by_organizer')).toBe('组织者补签退')
  })
  it('falls back to the raw value for an unknown state', () => {
    expect(activityStatusLabel('archived')).toBe('archived')
    expect(activityStatusTagType('archived')).toBe('info')
    expect(activityStatusTagType('cancelled')).toBe('danger')
  })
  it('knows which sign-ups hold or wait for a place', () => {
    expect(isActiveSignup('confirmed')).toBe(true)
    expect(isActiveSignup('waitlisted')).toBe(true)
    expect(isActiveSignup('pending')).toBe(true)
    expect(isActiveSignup('cancelled')).toBe(false)
    expect(isActiveSignup('rejected')).toBe(false)
    expect(isActiveSignup(null)).toBe(false)
  })
})

describe('refusals, cache busting and roles', () => {
  it('prefers the field messages of a refusal', () => {
    const e = new ApiError(422, {
      code: 'validation_failed',
      detail: '请检查标注的字段',
      errors: [{ field: 'activity', code: 'too_young', message: '本活动要求年满 18 周岁' }],
    })
    expect(refusalText(e)).toBe('本活动要求年满 18 周岁')
    expect(refusalCode(e)).toBe('too_young')
    const conflict = new ApiError(409, { code: 'already_signed_up', detail: '你已报名该活动' })
    expect(refusalText(conflict)).toBe('你已报名该活动')
    expect(refusalCode(conflict)).toBe('already_signed_up')
    expect(refusalText('boom', '失败')).toBe('失败')
  })
  it('busts the QR image cache', () => {
    expect(cacheBust('/api/v1/activities/3/checkin-qr.svg', 5)).toBe('/api/v1/activities/3/checkin-qr.svg?t=5')
    expect(cacheBust('/qr.svg?size=8', 5)).toBe('/qr.svg?size=8&t=5')
    expect(cacheBust('/qr.svg?t=1&x=2', 9)).toBe('/qr.svg?t=9&x=2')
  })
  it('lists administered organisations and ledger reviewers', () => {
    const roles = [
      { role: 'volunteer' as const },
      { role: 'org_admin' as const, organization_id: 7, organization_name: '梅江区青年志愿服务队' },
      { role: 'org_admin' as const, organization_id: 9 },
    ]
    expect(orgAdminRoles(roles)).toEqual([
      { organization_id: 7, organization_name: '梅江区青年志愿服务队' },
      { organization_id: 9, organization_name: '#9' },
    ])
    expect(canReviewLedger(roles)).toBe(false)
    expect(canReviewLedger([{ role: 'county_admin', county_code: '441402' }])).toBe(true)
    expect(canReviewLedger([{ role: 'city_admin' }])).toBe(true)
  })
})
