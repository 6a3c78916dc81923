import { afterEach, describe, expect, it } from 'vitest'
import { filenameFromDisposition, filenameFromPath, sanitizeFilename } from './download'
import {
  entryReasonText,
  isCorrectable,
  isWithin,
  latestAppealByEntry,
  localDay,
  openAppealCount,
  retroDateBounds,
  sumMemberHours,
  yearOptions,
} from './ledger'
import { badgeText, internalLink, unreadCount } from './notifications'
import { appealStatusLabel, appealStatusTagType, reasonCodeLabel } from './labels'
import { attendanceExportPath, organizationHoursExportPath } from '@/api/ledger'
import { configureHttp, requestFile } from '@/api/http'
import type { Appeal } from '@/api/types'
import { setLocale } from '@/i18n'

describe('file name from Content-Disposition', () => {
  it('reads the quoted name the server sends', () => {
    expect(filenameFromDisposition('attachment; filename="attendance-12.csv"', 'x.csv')).toBe('attendance-12.csv')
    expect(filenameFromDisposition('attachment; filename="hours-3-2026.xlsx"', 'x')).toBe('hours-3-2026.xlsx')
  })
  it('accepts a token value, any case and spacing', () => {
    expect(filenameFromDisposition('Attachment;FILENAME=report.csv', 'x')).toBe('report.csv')
    expect(filenameFromDisposition('attachment ;  filename = "a b.csv" ', 'x')).toBe('a b.csv')
  })
  it('prefers RFC 5987 filename* (UTF-8, percent-encoded) over filename', () => {
    const h = `attachment; filename="kaoqin.csv"; filename*=UTF-8''%E8%80%83%E5%8B%A4%E8%A1%A8.csv`
    expect(filenameFromDisposition(h, 'x')).toBe('考勤表.csv')
    expect(filenameFromDisposition(`attachment; filename*=utf-8'zh-CN'%E6%97%B6%E9%95%BF.xlsx`, 'x')).toBe('时长.xlsx')
    expect(filenameFromDisposition(`attachment; filename*=iso-8859-1''caf%E9.csv`, 'x')).toBe('café.csv')
  })
  it('falls back to filename when filename* cannot be decoded', () => {
    expect(filenameFromDisposition(`attachment; filename*=UTF-8''%E8%ZZ.csv; filename="plain.csv"`, 'x')).toBe('plain.csv')
  })
  it('keeps semicolons and escaped quotes inside a quoted name', () => {
    expect(filenameFromDisposition('attachment; filename="a;b.csv"', 'x')).toBe('a;b.csv')
    expect(filenameFromDisposition('attachment; filename="say \\"hi\\".csv"', 'x')).toBe('say "hi".csv')
  })
  it('drops directories and hidden-file dots, and falls back when nothing is left', () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd')
    expect(filenameFromDisposition('attachment; filename="C:\\\\temp\\\\h.csv"', 'x')).toBe('h.csv')
    expect(filenameFromDisposition('attachment; filename=".."', 'fallback.csv')).toBe('fallback.csv')
    expect(filenameFromDisposition('attachment', 'fallback.csv')).toBe('fallback.csv')
    expect(filenameFromDisposition(null, 'fallback.csv')).toBe('fallback.csv')
    expect(filenameFromDisposition('', 'fallback.csv')).toBe('fallback.csv')
    expect(sanitizeFilename('a\u0000b\n.csv')).toBe('ab.csv')
  })
  it('names a download after the path when the header has no name', () => {
    expect(filenameFromPath('/api/v1/activities/3/attendance.csv')).toBe('attendance.csv')
    expect(filenameFromPath('/api/v1/organizations/7/hours.xlsx?year=2026')).toBe('hours.xlsx')
    expect(filenameFromPath('')).toBe('download')
  })
  it('builds the export paths of docs/api.md', () => {
    expect(attendanceExportPath(12, 'csv')).toBe('/api/v1/activities/12/attendance.csv')
    expect(attendanceExportPath(12, 'xlsx')).toBe('/api/v1/activities/12/attendance.xlsx')
    expect(organizationHoursExportPath(3, 2026, 'xlsx')).toBe('/api/v1/organizations/3/hours.xlsx?year=2026')
  })
})

describe('requestFile', () => {
  afterEach(() => configureHttp({ onUnauthorized: null, cookies: () => '', fetch: (...a) => globalThis.fetch(...a) }))

  it('returns the blob and the disposition, with the session cookie', async () => {
    let init: RequestInit | undefined
    configureHttp({
      fetch: (async (_url: string, i: RequestInit) => {
        init = i
        return new Response('\ufeff志愿者编号,姓名\n', {
          status: 200,
          headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="attendance-1.csv"' },
        })
      }) as typeof fetch,
    })
    const f = await requestFile('/api/v1/activities/1/attendance.csv')
    expect(init?.credentials).toBe('same-origin')
    expect(f.disposition).toBe('attachment; filename="attendance-1.csv"')
    expect(f.contentType).toMatch(/^text\/csv/)
    expect(await f.blob.text()).toContain('志愿者编号')
  })

  it('turns a refusal into an ApiError with the server detail', async () => {
    configureHttp({
      fetch: (async () =>
        new Response(JSON.stringify({ code: 'not_found', detail: '组织不存在' }), {
          status: 404,
          headers: { 'Content-Type': 'application/problem+json' },
        })) as typeof fetch,
    })
    await expect(requestFile('/api/v1/organizations/9/hours.csv')).rejects.toMatchObject({ status: 404, detail: '组织不存在' })
  })
})

const appeal = (over: Partial<Appeal>): Appeal => ({
  id: 1,
  entry_id: 10,
  volunteer_id: 2,
  volunteer_name: '李晓梅',
  organization_id: 1,
  activity_title: 'T',
  service_date: '2026-11-29',
  entry_minutes: 15,
  reason: 'r',
  status: 'open',
  decision_reason: '',
  correction_entry_id: null,
  created_at: '2026-11-29T06:13:59+08:00',
  decided_at: null,
  ...over,
})

describe('appeals', () => {
  it('labels the statuses in Chinese (and English)', () => {
    expect(appealStatusLabel('open')).toBe('待处理')
    expect(appealStatusLabel('accepted')).toBe('已采纳')
    expect(appealStatusLabel('rejected')).toBe('未采纳')
    expect(appealStatusLabel('weird')).toBe('weird')
    setLocale('en')
    try {
      expect(appealStatusLabel('accepted')).toBe('Accepted')
    } finally {
      setLocale('zh-CN')
    }
  })
  it('colours them', () => {
    expect(appealStatusTagType('open')).toBe('warning')
    expect(appealStatusTagType('accepted')).toBe('success')
    expect(appealStatusTagType('rejected')).toBe('danger')
    expect(appealStatusTagType('x')).toBe('info')
  })
  it('keeps the newest appeal of each entry and counts the open ones', () => {
    const list = [
      appeal({ id: 1, entry_id: 10, status: 'rejected' }),
      appeal({ id: 3, entry_id: 10, status: 'open' }),
      appeal({ id: 2, entry_id: 11, status: 'accepted' }),
    ]
    const m = latestAppealByEntry(list)
    expect(m.get(10)?.id).toBe(3)
    expect(m.get(11)?.status).toBe('accepted')
    expect(m.get(12)).toBeUndefined()
    expect(openAppealCount(list)).toBe(1)
  })
  it('labels the 补录 reason code', () => {
    expect(reasonCodeLabel('retro')).toBe('补录')
  })
})

describe('corrections and 补录', () => {
  it('corrects only confirmed, not reversed, non-reversal entries', () => {
    expect(isCorrectable({ status: 'confirmed', kind: 'attendance', reversed: false })).toBe(true)
    expect(isCorrectable({ status: 'confirmed', kind: 'correction' })).toBe(true)
    expect(isCorrectable({ status: 'confirmed', kind: 'attendance', reversed: true })).toBe(false)
    expect(isCorrectable({ status: 'confirmed', kind: 'reversal', reversed: false })).toBe(false)
    expect(isCorrectable({ status: 'awaiting_county', kind: 'retro', reversed: false })).toBe(false)
  })
  it('bounds 补录 dates by the activity (China dates) and today', () => {
    const act = { starts_at: '2026-11-20T23:30:00+08:00', ends_at: '2026-11-22T01:00:00+08:00' }
    // Past activity: its whole span.
    expect(retroDateBounds(act, new Date('2026-12-01T00:00:00+08:00'))).toEqual({ min: '2026-11-20', max: '2026-11-22' })
    // Running: up to today's China date (17:00 UTC on the 21st is 01:00 on the 22nd in Meizhou).
    expect(retroDateBounds(act, new Date('2026-11-21T10:00:00+08:00'))).toEqual({ min: '2026-11-20', max: '2026-11-21' })
    expect(retroDateBounds(act, new Date('2026-11-21T17:00:00Z'))).toEqual({ min: '2026-11-20', max: '2026-11-22' })
    // Not started yet: none.
    expect(retroDateBounds(act, new Date('2026-11-19T12:00:00+08:00'))).toBeNull()
    // A start given in UTC is read in China time.
    expect(retroDateBounds({ starts_at: '2026-11-19T16:30:00Z', ends_at: '2026-11-20T02:00:00Z' }, new Date('2026-12-01T00:00:00Z'))).toEqual({
      min: '2026-11-20',
      max: '2026-11-20',
    })
  })
  it('checks a picked date against the bounds', () => {
    const b = { min: '2026-11-20', max: '2026-11-22' }
    expect(isWithin('2026-11-20', b)).toBe(true)
    expect(isWithin('2026-11-22', b)).toBe(true)
    expect(isWithin('2026-11-23', b)).toBe(false)
    expect(isWithin('2026-11-19', b)).toBe(false)
    expect(isWithin('2026-11-2', b)).toBe(false)
    expect(isWithin('2026-11-21', null)).toBe(false)
    expect(localDay(new Date(2026, 0, 5))).toBe('2026-01-05')
  })
})

describe('the reason of an entry', () => {
  it('joins the code label and the text, leaving out 其他/补录 when the text says it', () => {
    expect(entryReasonText({ reason_code: 'wrong_time', reason: '签到时间登记有误' }, reasonCodeLabel)).toBe('时间有误：签到时间登记有误')
    expect(entryReasonText({ reason_code: 'other', reason: '申诉处理：核实后更正' }, reasonCodeLabel)).toBe('申诉处理：核实后更正')
    expect(entryReasonText({ reason_code: 'retro', reason: '手机没电' }, reasonCodeLabel)).toBe('手机没电')
    expect(entryReasonText({ reason_code: 'other', reason: '' }, reasonCodeLabel)).toBe('其他')
    expect(entryReasonText({ reason_code: 'duplicate', reason: null }, reasonCodeLabel)).toBe('重复记录')
    expect(entryReasonText({ reason_code: '', reason: '' }, reasonCodeLabel)).toBe('')
    expect(entryReasonText({ reason_code: null, reason: ' x ' }, reasonCodeLabel, ': ')).toBe('x')
  })
})

describe('organisation hours', () => {
  it('offers this year (China time) and the ones before', () => {
    expect(yearOptions(new Date('2026-12-31T17:00:00Z'), 3)).toEqual([2027, 2026, 2025])
    expect(yearOptions(new Date('2026-06-01T00:00:00+08:00'), 4)).toEqual([2026, 2025, 2024, 2023])
    expect(yearOptions(new Date('2001-06-01T00:00:00+08:00'), 5, 2000)).toEqual([2001, 2000])
  })
  it('sums the table', () => {
    expect(
      sumMemberHours([
        { confirmed_minutes: 30, pending_minutes: 20 },
        { confirmed_minutes: 90, pending_minutes: 0 },
      ]),
    ).toEqual({ confirmed: 120, pending: 20 })
    expect(sumMemberHours([])).toEqual({ confirmed: 0, pending: 0 })
  })
})

describe('notifications', () => {
  it('counts the unread ones (read_at null)', () => {
    expect(unreadCount([{ read_at: null }, { read_at: '2026-11-29T06:13:59+08:00' }, { read_at: null }])).toBe(2)
    expect(unreadCount([])).toBe(0)
  })
  it('shows a short badge', () => {
    expect(badgeText(0)).toBe('')
    expect(badgeText(3)).toBe('3')
    expect(badgeText(120)).toBe('99+')
    expect(badgeText(Number.NaN)).toBe('')
  })
  it('follows only links inside the web app', () => {
    expect(internalLink('/me/hours')).toBe('/me/hours')
    expect(internalLink(' /activities/12 ')).toBe('/activities/12')
    expect(internalLink('https://evil.example/')).toBeNull()
    expect(internalLink('//evil.example/')).toBeNull()
    expect(internalLink('/\\evil.example')).toBeNull()
    expect(internalLink('javascript:alert(1)')).toBeNull()
    expect(internalLink('/api/v1/me')).toBeNull()
    expect(internalLink('')).toBeNull()
    expect(internalLink(null)).toBeNull()
  })
})
