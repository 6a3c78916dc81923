import { describe, expect, it } from 'vitest'
import { clampLevel, starGlyphs, starText } from './stars'
import { defaultPublicityTitle, isBarred, OBJECTION_MIN_CHARS, starProgress, textLength } from './recognition'
import { candidateStatusLabel, objectionStatusTagType, publicityStatusLabel, starReasonLabel } from './labels'
import { setLocale } from '@/i18n'

describe('star levels as ★', () => {
  it('draws filled stars, and open ones up to five', () => {
    expect(starText(2)).toBe('★★')
    expect(starText(0)).toBe('')
    expect(starGlyphs(2)).toBe('★★☆☆☆')
    expect(starGlyphs(5)).toBe('★★★★★')
    expect(starGlyphs(0)).toBe('☆☆☆☆☆')
  })
  it('keeps levels within 0–5 whatever the input', () => {
    expect(clampLevel(7)).toBe(5)
    expect(clampLevel(-1)).toBe(0)
    expect(clampLevel(2.9)).toBe(2)
    expect(clampLevel(null)).toBe(0)
    expect(clampLevel(undefined)).toBe(0)
    expect(clampLevel(Number.NaN)).toBe(0)
    expect(starText(9)).toBe('★★★★★')
  })
})

describe('progress to the next level', () => {
  it('runs from the current level’s threshold to the next (320 h: 2★ at 300 h, 3★ at 600 h)', () => {
    const p = starProgress({ confirmed_minutes: 320 * 60, next_level: 3, minutes_to_next: 280 * 60 })
    expect(p.hoursLevel).toBe(2)
    expect(p.fromMinutes).toBe(300 * 60)
    expect(p.toMinutes).toBe(600 * 60)
    expect(p.minutesToNext).toBe(280 * 60)
    expect(p.percent).toBe(6) // 20 of 300 hours
  })
  it('starts at zero below one star', () => {
    const p = starProgress({ confirmed_minutes: 45 * 60, next_level: 1, minutes_to_next: 55 * 60 })
    expect(p.fromMinutes).toBe(0)
    expect(p.toMinutes).toBe(100 * 60)
    expect(p.percent).toBe(45)
  })
  it('never shows a full bar while minutes remain, and a full one at the top', () => {
    expect(starProgress({ confirmed_minutes: 599 * 60 + 59, next_level: 3, minutes_to_next: 1 }).percent).toBe(99)
    const top = starProgress({ confirmed_minutes: 1600 * 60, next_level: null, minutes_to_next: 0 })
    expect(top).toMatchObject({ nextLevel: null, percent: 100, minutesToNext: 0, hoursLevel: 5 })
  })
  it('follows the server’s next level when the thresholds there differ from the defaults', () => {
    // A barred volunteer: star_level 0, but the hours (640 h) are past 3★; next is 4★ at 1000 h.
    const p = starProgress({ confirmed_minutes: 640 * 60, next_level: 4, minutes_to_next: 360 * 60 })
    expect(p.hoursLevel).toBe(3)
    expect(p.fromMinutes).toBe(600 * 60)
    expect(p.percent).toBe(10)
    // A threshold above the hours (data changed on the server): the bar starts at the hours, not past them.
    const q = starProgress({ confirmed_minutes: 50 * 60, next_level: 2, minutes_to_next: 10 * 60 })
    expect(q.fromMinutes).toBe(50 * 60)
    expect(q.percent).toBe(0)
  })
})

describe('bars and objections', () => {
  it('is barred up to and including the bar’s last day', () => {
    expect(isBarred('2028-11-29', '2026-11-29')).toBe(true)
    expect(isBarred('2026-11-29', '2026-11-29')).toBe(true)
    expect(isBarred('2026-11-28', '2026-11-29')).toBe(false)
    expect(isBarred(null, '2026-11-29')).toBe(false)
  })
  it('counts Chinese characters and emoji as one, ignoring surrounding spaces', () => {
    expect(textLength('  该志愿者时长有重复  ')).toBe(9)
    expect(textLength('该志愿者时长存在重复')).toBe(OBJECTION_MIN_CHARS)
    expect(textLength('👍👍')).toBe(2)
    expect(textLength(null)).toBe(0)
  })
  it('numbers the default publicity title by the batches of the year', () => {
    expect(defaultPublicityTitle(2026, [])).toBe('2026年第1批星级志愿者认定公示')
    expect(defaultPublicityTitle(2026, [{ starts_on: '2026-03-02' }, { starts_on: '2025-11-03' }])).toBe('2026年第2批星级志愿者认定公示')
  })
  it('labels the statuses in Chinese and English', () => {
    setLocale('zh-CN')
    expect(publicityStatusLabel('open')).toBe('公示中')
    expect(candidateStatusLabel('withdrawn')).toBe('已撤回')
    expect(starReasonLabel('falsified')).toBe('服务时长造假')
    expect(objectionStatusTagType('upheld')).toBe('danger')
    setLocale('en')
    expect(candidateStatusLabel('certified')).toBe('Certified')
    setLocale('zh-CN')
  })
})
