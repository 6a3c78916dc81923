import { describe, expect, it } from 'vitest'
import type { PortalFigures } from '@/api/types'
import {
  ACTION_STATUS,
  charCount,
  charCounter,
  defaultSummary,
  formatHoursFigure,
  headlineFigures,
  kindFromQuery,
  pageFromQuery,
  storyActions,
  storyDate,
  storyKindLabel,
  storyKindTagType,
  storyStatusLabel,
  storyStatusTagType,
  storyText,
} from './stories'

describe('labels', () => {
  it('names the kinds and statuses in Chinese, unknown ones as they are', () => {
    expect(['practice', 'volunteer', 'organization'].map(storyKindLabel)).toEqual(['典型经验', '优秀志愿者', '优秀组织'])
    expect(['draft', 'published', 'withdrawn'].map(storyStatusLabel)).toEqual(['草稿', '已发布', '已撤回'])
    expect(storyKindLabel('hero')).toBe('hero')
    expect(storyStatusTagType('published')).toBe('success')
    expect(storyStatusTagType('withdrawn')).toBe('warning')
    expect(storyStatusTagType('draft')).toBe('info')
    expect(new Set(['practice', 'volunteer', 'organization'].map(storyKindTagType)).size).toBe(3)
  })
})

describe('character counts', () => {
  it('counts characters (code points) of the trimmed text, as the server does', () => {
    expect(charCount('梅州志愿者')).toBe(5)
    expect(charCount('  梅州 \n')).toBe(2)
    expect(charCount(' 梅 州 ')).toBe(3)
    expect(charCount('志愿😀')).toBe(3)
    expect(charCount('')).toBe(0)
    expect(charCount(null)).toBe(0)
    expect(charCount(' \t\r\n')).toBe(0)
  })

  it('says when a text is over its limit', () => {
    expect(charCounter('题'.repeat(60), 60)).toEqual({ count: 60, over: false, text: '60 / 60' })
    expect(charCounter(`${'题'.repeat(61)}  `, 60)).toEqual({ count: 61, over: true, text: '61 / 60' })
    expect(charCounter('正文', 20000).text).toBe('2 / 20,000')
  })
})

describe('the default summary', () => {
  it('is the whole body on one line when it fits in 80 characters', () => {
    expect(defaultSummary('短短一段。')).toBe('短短一段。')
    expect(defaultSummary('丙'.repeat(80))).toBe('丙'.repeat(80))
    expect(defaultSummary('\n  第一段\n第二段  \n')).toBe('第一段 第二段')
  })

  it('takes the first 80 characters and adds … when the body is longer (the server’s own rule)', () => {
    expect(defaultSummary(`${'甲'.repeat(40)}\n${'乙'.repeat(60)}`)).toBe(`${'甲'.repeat(40)} ${'乙'.repeat(39)}…`)
    expect(defaultSummary('😀'.repeat(81))).toBe(`${'😀'.repeat(80)}…`)
  })

  it('drops "\r" and turns each "\n" into a space, as the server does', () => {
    expect(defaultSummary('第一段\r\n第二段')).toBe('第一段 第二段')
    expect(defaultSummary('第一段。\r\n\r\n第二段。')).toBe('第一段。  第二段。')
    // The server cuts before dropping "\r": a CRLF body gives fewer visible characters.
    expect(defaultSummary(`${'甲'.repeat(39)}\r\n${'乙'.repeat(60)}`)).toBe(`${'甲'.repeat(39)} ${'乙'.repeat(39)}…`)
  })
})

describe('status actions', () => {
  it('offers 发布 for drafts and withdrawn stories, 撤回 for published ones', () => {
    expect(storyActions('draft')).toEqual(['publish'])
    expect(storyActions('withdrawn')).toEqual(['publish'])
    expect(storyActions('published')).toEqual(['withdraw'])
    expect(storyActions('archived')).toEqual([])
    expect(ACTION_STATUS.publish).toBe('published')
    expect(ACTION_STATUS.withdraw).toBe('withdrawn')
  })
})

describe('dates and text', () => {
  it('dates a story by its publication in China time, a draft by its last change', () => {
    expect(storyDate({ published_at: '2026-11-28T17:30:00Z', updated_at: '2026-11-29T09:00:00+08:00' })).toBe('2026-11-29')
    expect(storyDate({ published_at: null, updated_at: '2026-11-20T09:00:00+08:00' })).toBe('2026-11-20')
  })

  it('keeps the body as text, with Windows line ends made plain', () => {
    expect(storyText('第一段\r\n\r\n第二段')).toBe('第一段\n\n第二段')
    expect(storyText('<b>不是标记</b>')).toBe('<b>不是标记</b>')
    expect(storyText(undefined)).toBe('')
  })
})

describe('the home page figures', () => {
  const figures = (over: Partial<PortalFigures> = {}): PortalFigures => ({
    year: 2026,
    as_of: '2026-11-29T11:00:00+08:00',
    registered_volunteers: 43762,
    registration_rate: 0.0456,
    registration_target: 0.1,
    organizations: 57,
    activities_published: 120,
    year_service_hours: 18650.25,
    certificate_holders: 8000,
    card_holders: 3100,
    ...over,
  })

  it('lists every figure in the band’s order with its words', () => {
    const items = headlineFigures(figures())
    expect(items.map((f) => f.key)).toEqual([
      'registered_volunteers',
      'registration_rate',
      'organizations',
      'year_service_hours',
      'activities_published',
      'certificate_holders',
      'card_holders',
    ])
    const by = Object.fromEntries(items.map((f) => [f.key, f]))
    expect(by.registered_volunteers!.value).toBe('43,762')
    expect(by.registration_rate!.value).toBe('4.56%')
    expect(by.registration_rate!.note).toBe('目标 10%')
    expect(by.registration_rate!.status).toBe('fail')
    expect(by.year_service_hours!.value).toBe('18,650')
    expect(by.year_service_hours!.label).toBe('2026 年服务时长')
    expect(by.activities_published!.label).toBe('2026 年发布活动')
  })

  it('measures the rate against its target, and knows when there is no rate', () => {
    expect(headlineFigures(figures({ registration_rate: 0.1 }))[1]!.status).toBe('pass')
    expect(headlineFigures(figures({ registration_rate: 0.09999 }))[1]).toMatchObject({ status: 'fail', value: '9.99%' })
    expect(headlineFigures(figures({ registration_rate: null }))[1]).toMatchObject({ status: 'unknown', value: '—' })
  })

  it('writes whole hours from 100 on, at most one decimal below', () => {
    expect(formatHoursFigure(0)).toBe('0')
    expect(formatHoursFigure(12.04)).toBe('12')
    expect(formatHoursFigure(12.25)).toBe('12.3')
    expect(formatHoursFigure(99.94)).toBe('99.9')
    expect(formatHoursFigure(186502.5)).toBe('186,503')
    expect(formatHoursFigure(1234567.4)).toBe('1,234,567')
    expect(formatHoursFigure(Number.NaN)).toBe('—')
  })
})

describe('the list’s address', () => {
  it('reads the kind and the page from the query, ignoring anything else', () => {
    expect(kindFromQuery('volunteer')).toBe('volunteer')
    expect(kindFromQuery('hero')).toBe('')
    expect(kindFromQuery(['volunteer'])).toBe('')
    expect(pageFromQuery('3')).toBe(3)
    expect(pageFromQuery('0')).toBe(1)
    expect(pageFromQuery('-2')).toBe(1)
    expect(pageFromQuery('2.5')).toBe(1)
    expect(pageFromQuery(undefined)).toBe(1)
  })
})
