import { afterEach, describe, expect, it } from 'vitest'
import type { TargetSnapshot } from '@/api/types'
import { setLocale } from '@/i18n'
import {
  deskQuery,
  deskRef,
  pickSnapshot,
  snapshotBanner,
  snapshotDetail,
  sortSnapshots,
  suggestSnapshotLabel,
  withSnapshot,
} from './snapshots'

const snap = (over: Partial<TargetSnapshot> = {}): TargetSnapshot => ({
  id: 1,
  year: 2026,
  label: '2026年度考核',
  frozen_at: '2026-11-29T12:17:15+08:00',
  frozen_by: '市团委管理员',
  ...over,
})

afterEach(() => setLocale('zh-CN'))

describe('pickSnapshot', () => {
  it('takes a positive whole number', () => {
    expect(pickSnapshot('7')).toBe(7)
    expect(pickSnapshot(['12', '3'])).toBe(12)
  })
  it('anything else is the live desk', () => {
    for (const q of [undefined, null, '', '0', '-1', '1.5', 'abc', '07', ' 7', 7, '99999999999999999'])
      expect(pickSnapshot(q)).toBeNull()
  })
})

describe('deskRef and deskQuery', () => {
  it('asks for the snapshot when one is chosen, else the year', () => {
    expect(deskRef(3, 2026)).toEqual({ snapshot: 3 })
    expect(deskRef(null, 2025)).toEqual({ year: 2025 })
  })
  it('puts one of snapshot and year in the query and keeps the rest', () => {
    expect(deskQuery({ year: '2025', tab: 'x' }, 4, 2025)).toEqual({ tab: 'x', snapshot: '4' })
    expect(deskQuery({ snapshot: '4', tab: 'x' }, null, 2024)).toEqual({ tab: 'x', year: '2024' })
  })
})

describe('the list', () => {
  it('is newest year first, then newest first', () => {
    const list = [snap({ id: 1, year: 2025 }), snap({ id: 2, year: 2026 }), snap({ id: 5, year: 2025 }), snap({ id: 3, year: 2026 })]
    expect(sortSnapshots(list).map((s) => s.id)).toEqual([3, 2, 5, 1])
  })
  it('takes a new snapshot in its place, once', () => {
    const list = [snap({ id: 2 }), snap({ id: 1, year: 2025 })]
    expect(withSnapshot(list, snap({ id: 4 })).map((s) => s.id)).toEqual([4, 2, 1])
    expect(withSnapshot(list, snap({ id: 2, label: '改名' })).map((s) => [s.id, s.label])).toEqual([
      [2, '改名'],
      [1, '2026年度考核'],
    ])
  })
})

describe('suggestSnapshotLabel', () => {
  it('names the year', () => {
    expect(suggestSnapshotLabel(2026, [])).toBe('2026年度考核')
    // Another year's snapshot of the same name does not count.
    expect(suggestSnapshotLabel(2025, [snap({ label: '2025年度考核', year: 2024 })])).toBe('2025年度考核')
  })
  it('numbers it when the year already has one of that name', () => {
    expect(suggestSnapshotLabel(2026, [snap()])).toBe('2026年度考核（2）')
    expect(suggestSnapshotLabel(2026, [snap(), snap({ id: 2, label: '2026年度考核（2）' })])).toBe('2026年度考核（3）')
  })
  it('follows the language', () => {
    setLocale('en')
    expect(suggestSnapshotLabel(2026, [])).toBe('2026 annual assessment')
  })
})

describe('the words', () => {
  it('the banner says what is shown, when it was frozen, and that it no longer changes', () => {
    expect(snapshotBanner(snap())).toBe('快照：2026年度考核，冻结于 2026-11-29 12:17，数据不再变化')
    // China time, whatever the offset of the timestamp.
    expect(snapshotBanner(snap({ frozen_at: '2026-12-31T16:30:00Z' }))).toBe('快照：2026年度考核，冻结于 2027-01-01 00:30，数据不再变化')
  })
  it('the list shows the year and the time', () => {
    expect(snapshotDetail(snap())).toBe('2026年 · 冻结于 2026-11-29 12:17')
  })
})
