import { describe, expect, it } from 'vitest'
import { NEED_STATUSES } from '@/api/types'
import { needStatusLabel, needStatusTagType } from './labels'

describe('need status labels', () => {
  it('has a Chinese label for every status', () => {
    expect(NEED_STATUSES.map((s) => needStatusLabel(s))).toEqual([
      '待派单',
      '已派单',
      '已接单',
      '已安排活动',
      '已完成',
      '已撤回',
    ])
  })
  it('falls back to the code and tags open needs as pending work', () => {
    expect(needStatusLabel('unknown')).toBe('unknown')
    expect(needStatusTagType('open')).toBe('warning')
  })
})
