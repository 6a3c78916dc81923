import { describe, expect, it } from 'vitest'
import type { VolunteerImportError } from '@/api/types'
import {
  IMPORT_TEMPLATE_HEADER,
  activationProblems,
  activationToken,
  importErrorLines,
  importOutcome,
  importTemplateCsv,
  isImportField,
  sortedImportErrors,
} from './volunteerImports'
import { checkRosterFile } from './units'

const err = (line: number, field: string, code = 'x'): VolunteerImportError => ({ line, field, code, message: `第${line}行` })

describe('the import template', () => {
  it('is the header row only, UTF-8 with a BOM and CRLF', () => {
    const csv = importTemplateCsv()
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv.slice(1)).toBe('姓名,身份证号码,手机号码,政治面貌,所在县区\r\n')
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
    expect(IMPORT_TEMPLATE_HEADER).toHaveLength(5)
  })

  it('goes up as CSV or XLSX only, at most 5 MiB', () => {
    expect(checkRosterFile({ name: '志愿者名单.CSV', size: 10 })).toEqual({ ok: true, contentType: 'text/csv' })
    expect(checkRosterFile({ name: 'list.xlsx', size: 10 })).toMatchObject({ ok: true })
    expect(checkRosterFile({ name: 'list.xls', size: 10 })).toEqual({ ok: false, reason: 'type' })
    expect(checkRosterFile({ name: 'list.csv', size: 5 * 1024 * 1024 + 1 })).toEqual({ ok: false, reason: 'size' })
  })
})

describe('the import result', () => {
  it('lists errors in file order and each refused line once', () => {
    const errors = [err(9, 'phone'), err(3, 'id_number'), err(9, 'name'), err(3, 'county')]
    expect(sortedImportErrors(errors).map((e) => [e.line, e.field])).toEqual([
      [3, 'id_number'],
      [3, 'county'],
      [9, 'phone'],
      [9, 'name'],
    ])
    expect(importErrorLines(errors)).toEqual([3, 9])
    expect(sortedImportErrors(undefined)).toEqual([])
    expect(importErrorLines(null)).toEqual([])
  })

  it('tells a clean import from a partial one and from one that did nothing', () => {
    expect(importOutcome({ rows: 3, rejected: 0 })).toBe('ok')
    expect(importOutcome({ rows: 3, rejected: 1 })).toBe('partial')
    expect(importOutcome({ rows: 3, rejected: 3 })).toBe('none')
    expect(importOutcome({ rows: 0, rejected: 0 })).toBe('none')
  })

  it('knows the fields a row can be refused for', () => {
    for (const f of ['name', 'id_number', 'phone', 'political_status', 'county']) expect(isImportField(f)).toBe(true)
    expect(isImportField('department')).toBe(false)
  })
})

describe('the activation form', () => {
  it('asks for a strong password typed twice', () => {
    expect(activationProblems('', '')).toEqual({ password: 'required', confirm: 'confirm_required' })
    expect(activationProblems('abc12345', 'abc12345')).toEqual({ password: 'weak' })
    expect(activationProblems('Abc#1', 'Abc#1')).toEqual({ password: 'weak' })
    expect(activationProblems('Huodong#2026', 'Huodong#2025')).toEqual({ confirm: 'mismatch' })
    expect(activationProblems('Huodong#2026', '')).toEqual({ confirm: 'confirm_required' })
    expect(activationProblems('Huodong#2026', 'Huodong#2026')).toEqual({})
    expect(activationProblems('huodong#2026', 'huodong#2026')).toEqual({}) // lower, digit, symbol: three classes
  })

  it('takes the token from the route', () => {
    expect(activationToken(' abc_DEF-123 ')).toBe('abc_DEF-123')
    expect(activationToken(['first', 'second'])).toBe('first')
    expect(activationToken(undefined)).toBe('')
  })
})
