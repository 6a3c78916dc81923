import { describe, expect, it } from 'vitest'
import type { Notice, Receipt } from '@/api/types'
import {
  contactStandings,
  defaultDeadline,
  isPastDeadline,
  receiptCounts,
  receiptStatusTagType,
  sortStandings,
  statusOfReceipt,
  worstStanding,
} from './notices'
import { contactStatusLabel, receiptStatusLabel } from './labels'

const notice = (over: Partial<Notice> = {}): Notice => ({
  id: 1,
  title: '关于报送志愿服务工作联系人的通知',
  body: '请各单位报送',
  deadline: '2026-12-10T17:00:00+08:00',
  published_at: '2026-12-01T09:00:00+08:00',
  unit_ids: [11, 12],
  answered: 0,
  ...over,
})
const receipt = (unit: number, at: string): Receipt => ({
  notice_id: 1,
  unit_id: unit,
  leader_name: '李明',
  contact_name: '王芳',
  contact_position: '办公室主任',
  contact_phone: '139****5678',
  contact_email: 'wf@example.cn',
  submitted_at: at,
  updated_at: at,
})
const BEFORE = Date.parse('2026-12-05T00:00:00+08:00')
const AFTER = Date.parse('2026-12-11T00:00:00+08:00')

describe('receipt statuses', () => {
  it('labels and colours the four standings', () => {
    expect(receiptStatusLabel('answered')).toBe('按时回执')
    expect(receiptStatusLabel('answered_late')).toBe('逾期回执')
    expect(receiptStatusLabel('pending')).toBe('未回执')
    expect(receiptStatusLabel('late')).toBe('已逾期')
    expect(receiptStatusTagType('answered')).toBe('success')
    expect(receiptStatusTagType('late')).toBe('danger')
    expect(receiptStatusTagType('pending')).toBe('info')
  })
  it('counts the board and puts the late units first', () => {
    const items = [
      { status: 'answered' as const, unit_name: '乙' },
      { status: 'late' as const, unit_name: '甲' },
      { status: 'pending' as const, unit_name: '丙' },
      { status: 'answered' as const, unit_name: '丁' },
    ]
    expect(receiptCounts(items)).toEqual({ answered: 2, answered_late: 0, pending: 1, late: 1 })
    expect(sortStandings(items).map((i) => i.status)).toEqual(['late', 'pending', 'answered', 'answered'])
  })
  it('tells on time from late by the deadline (to the second)', () => {
    const n = notice()
    expect(statusOfReceipt(receipt(11, '2026-12-10T17:00:00+08:00'), n)).toBe('answered')
    expect(statusOfReceipt(receipt(11, '2026-12-10T09:00:01Z'), n)).toBe('answered_late')
    expect(isPastDeadline(n, BEFORE)).toBe(false)
    expect(isPastDeadline(n, AFTER)).toBe(true)
  })
})

describe('a contact’s own standing', () => {
  const mine = [
    { id: 11, name: '梅江区教育局' },
    { id: 99, name: '不在通知范围的单位' },
  ]
  it('only lists their units the notice is addressed to', () => {
    expect(contactStandings(notice(), mine, new Map(), BEFORE).map((s) => s.unit_id)).toEqual([11])
  })
  it('knows nobody answered: 未回执, and 已逾期 after the deadline', () => {
    expect(contactStandings(notice(), mine, new Map(), BEFORE)[0]!.status).toBe('pending')
    expect(contactStandings(notice(), mine, new Map(), AFTER)[0]!.status).toBe('late')
  })
  it('knows every unit answered, but not whether on time', () => {
    expect(contactStandings(notice({ answered: 2 }), mine, new Map(), BEFORE)[0]!.status).toBe('answered_unknown')
    expect(contactStatusLabel('answered_unknown')).toBe('已回执')
  })
  it('cannot tell when only some units answered', () => {
    expect(contactStandings(notice({ answered: 1 }), mine, new Map(), BEFORE)[0]!.status).toBe('unknown')
  })
  it('uses a receipt submitted on the page, and the server’s own standing when given', () => {
    const fresh = new Map([[11, receipt(11, '2026-12-02T10:00:00+08:00')]])
    const s = contactStandings(notice({ answered: 1 }), mine, fresh, BEFORE)[0]!
    expect(s.status).toBe('answered')
    expect(s.receipt?.leader_name).toBe('李明')
    const withMine = notice({
      answered: 1,
      mine: [{ unit_id: 11, unit_name: '梅江区教育局', region_name: '梅江区', status: 'answered_late', receipt: receipt(11, '2026-12-11T08:00:00+08:00') }],
    })
    expect(contactStandings(withMine, mine, new Map(), AFTER)[0]!.status).toBe('answered_late')
  })
  it('takes the server’s `mine` as the whole list, even before the contact’s units are known', () => {
    const withMine = notice({
      answered: 1,
      mine: [
        { unit_id: 11, unit_name: '梅江区教育局', region_name: '梅江区', status: 'answered', receipt: receipt(11, '2026-12-02T10:00:00+08:00') },
        { unit_id: 12, unit_name: '', region_name: '梅江区', status: 'pending', receipt: null },
      ],
    })
    const s = contactStandings(withMine, [{ id: 12, name: '梅江区实验学校' }], new Map(), BEFORE)
    expect(s.map((x) => [x.unit_id, x.unit_name, x.status])).toEqual([
      [11, '梅江区教育局', 'answered'],
      [12, '梅江区实验学校', 'pending'],
    ])
    const fresh = new Map([[12, receipt(12, '2026-12-11T08:00:00+08:00')]])
    expect(contactStandings(withMine, [], fresh, AFTER)[1]!.status).toBe('answered_late')
    expect(contactStandings(notice({ mine: [] }), mine, new Map(), BEFORE)).toEqual([])
  })
  it('summarises several units by the worst standing', () => {
    expect(
      worstStanding([
        { unit_id: 1, unit_name: 'a', status: 'answered', receipt: null },
        { unit_id: 2, unit_name: 'b', status: 'late', receipt: null },
      ]),
    ).toBe('late')
    expect(worstStanding([])).toBeNull()
  })
})

describe('the publish form', () => {
  it('starts with a deadline a week away at 17:00 China time', () => {
    // 2026-12-31 20:00 in Beijing is 12:00 UTC.
    expect(defaultDeadline(new Date('2026-12-31T12:00:00Z'))).toBe('2027-01-07 17:00:00')
    // 2026-06-01 07:00 in Beijing is the previous day 23:00 UTC.
    expect(defaultDeadline(new Date('2026-05-31T23:00:00Z'))).toBe('2026-06-08 17:00:00')
  })
})
