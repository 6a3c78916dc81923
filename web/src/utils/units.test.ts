import { describe, expect, it } from 'vitest'
import {
  CSV_TYPE,
  ROSTER_MAX_BYTES,
  XLSX_TYPE,
  checkRosterFile,
  rejectedLines,
  rosterContentType,
  rosterStatusTagType,
  rosterTemplateCsv,
  sortUnits,
  sortedRowErrors,
  svgDataUri,
  unitRegionChoices,
} from './units'
import { rosterFieldLabel, rosterStatusLabel, unitKindLabel } from './labels'

describe('the roster template', () => {
  it('is the Chinese header row, UTF-8 with a BOM, CRLF-terminated', () => {
    const csv = rosterTemplateCsv()
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv.slice(1)).toBe('姓名,身份证号码,政治面貌,手机号码,部门\r\n')
    // As bytes: EF BB BF, then the header.
    const bytes = new TextEncoder().encode(csv)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('姓名,身份证号码,政治面貌,手机号码,部门\r\n')
  })
})

describe('roster files', () => {
  it('picks the Content-Type from the extension', () => {
    expect(rosterContentType('花名册.csv')).toBe(CSV_TYPE)
    expect(rosterContentType('ROSTER.CSV')).toBe(CSV_TYPE)
    expect(rosterContentType('团员名单2026.xlsx')).toBe(XLSX_TYPE)
    expect(rosterContentType('a.b.XLSX')).toBe(XLSX_TYPE)
    expect(XLSX_TYPE).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(rosterContentType('old.xls')).toBeNull()
    expect(rosterContentType('roster.csv.exe')).toBeNull()
    expect(rosterContentType('csv')).toBeNull()
    expect(rosterContentType('')).toBeNull()
  })
  it('refuses other types, empty files and files above 5 MiB before uploading', () => {
    expect(checkRosterFile({ name: 'a.csv', size: 10 })).toEqual({ ok: true, contentType: CSV_TYPE })
    expect(checkRosterFile({ name: 'a.xlsx', size: ROSTER_MAX_BYTES })).toEqual({ ok: true, contentType: XLSX_TYPE })
    expect(checkRosterFile({ name: 'a.xlsx', size: ROSTER_MAX_BYTES + 1 })).toEqual({ ok: false, reason: 'size' })
    expect(checkRosterFile({ name: 'a.csv', size: 0 })).toEqual({ ok: false, reason: 'empty' })
    expect(checkRosterFile({ name: 'a.pdf', size: 10 })).toEqual({ ok: false, reason: 'type' })
  })
  it('lists row errors in file order and counts the refused lines once', () => {
    const errors = [
      { line: 7, field: 'name', code: 'required', message: '请填写姓名' },
      { line: 3, field: 'id_number', code: 'invalid_check_digit', message: '身份证号码校验位不正确' },
      { line: 7, field: 'political_status', code: 'invalid', message: '政治面貌应为共青团员、中共党员或中共预备党员' },
    ]
    expect(sortedRowErrors(errors).map((e) => `${e.line}:${e.field}`)).toEqual(['3:id_number', '7:name', '7:political_status'])
    expect(rejectedLines(errors)).toEqual([3, 7])
    expect(sortedRowErrors(undefined)).toEqual([])
  })
  it('names the roster fields and statuses in Chinese', () => {
    expect(rosterFieldLabel('id_number')).toBe('身份证号码')
    expect(rosterFieldLabel('political_status')).toBe('政治面貌')
    expect(rosterFieldLabel('something_else')).toBe('something_else')
    expect(rosterFieldLabel('')).toBe('—')
    expect(rosterStatusLabel('unregistered')).toBe('未注册')
    expect(rosterStatusLabel('under_20h')).toBe('不足20小时')
    expect(rosterStatusTagType('unregistered')).toBe('danger')
    expect(rosterStatusTagType('under_20h')).toBe('warning')
    expect(rosterStatusTagType('ok')).toBe('success')
    expect(unitKindLabel('school')).toBe('学校')
    expect(unitKindLabel('government')).toBe('机关')
  })
})

describe('units', () => {
  const counties = [
    { code: '441402', name: '梅江区' },
    { code: '441424', name: '五华县' },
  ]
  it('offers a county admin their county only, the city admin the city and every county', () => {
    expect(unitRegionChoices(counties, { isCityAdmin: false, countyAdminOf: ['441424'], cityName: '梅州市（市直单位）' })).toEqual([
      { code: '441424', name: '五华县' },
    ])
    expect(unitRegionChoices(counties, { isCityAdmin: true, countyAdminOf: [], cityName: '梅州市（市直单位）' }).map((r) => r.code)).toEqual([
      '441400',
      '441402',
      '441424',
    ])
  })
  it('sorts by region, then name', () => {
    const sorted = sortUnits([
      { region_code: '441424', name: '五华县教育局' },
      { region_code: '441402', name: '梅江区团委' },
      { region_code: '441400', name: '市教育局' },
    ])
    expect(sorted.map((u) => u.region_code)).toEqual(['441400', '441402', '441424'])
  })
  it('turns the server’s SVG into an image source, never markup', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/><script>alert(1)</script></svg>'
    const uri = svgDataUri(svg)
    expect(uri.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true)
    expect(uri).not.toMatch(/[<>"]/)
    expect(decodeURIComponent(uri.slice('data:image/svg+xml;charset=utf-8,'.length))).toBe(svg)
  })
})
