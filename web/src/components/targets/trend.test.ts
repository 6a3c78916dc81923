import { describe, expect, it } from 'vitest'
import type { TargetFigures, TargetTrend } from '@/api/types'
import { hoursOneDecimal, trendChartOption, trendCounties, trendLegend, trendSeries, trendSummary } from './trend'

function fig(code: string, name: string, rate: number | null, target = 0.1): TargetFigures {
  return { county_code: code, name, registration_rate: rate, registration_target: target } as TargetFigures
}

const TREND: TargetTrend = {
  from: 2024,
  to: 2026,
  // Out of order on purpose: the chart runs oldest to newest.
  items: [
    { year: 2026, city: fig('441400', '梅州市', 0.05), counties: [fig('441402', '梅江区', 0.08), fig('441424', '五华县', 0.02)] },
    { year: 2024, city: fig('441400', '梅州市', null), counties: [fig('441402', '梅江区', null)] },
    { year: 2025, city: fig('441400', '梅州市', 0.04), counties: [fig('441402', '梅江区', 0.07), fig('441424', '五华县', 0.015)] },
  ],
}

describe('trendSeries', () => {
  it('orders the years and gives the city its rates (null where unknown)', () => {
    const s = trendSeries(TREND)
    expect(s.years).toEqual([2024, 2025, 2026])
    expect(s.city).toEqual({ code: '441400', name: '梅州市', rates: [null, 0.04, 0.05] })
    expect(s.county).toBeNull()
    expect(s.target).toBe(0.1)
  })

  it('overlays a county, null for a year it is missing from', () => {
    const s = trendSeries(TREND, '441424')
    expect(s.county).toEqual({ code: '441424', name: '五华县', rates: [null, 0.015, 0.02] })
  })

  it('ignores an unknown county and an empty trend', () => {
    expect(trendSeries(TREND, '999999').county).toBeNull()
    const empty = trendSeries({ from: 2026, to: 2026, items: [] }, '441424')
    expect(empty).toEqual({ years: [], city: { code: '', name: '', rates: [] }, county: null, target: 0.1 })
    expect(trendSeries(null).years).toEqual([])
  })

  it('takes the target from the latest year', () => {
    const tr: TargetTrend = { from: 2025, to: 2026, items: [{ year: 2026, city: fig('441400', '梅州市', 0.05, 0.12), counties: [] }] }
    expect(trendSeries(tr).target).toBe(0.12)
  })

  it('lists the counties of the latest year for the overlay', () => {
    expect(trendCounties(TREND)).toEqual([
      { code: '441402', name: '梅江区' },
      { code: '441424', name: '五华县' },
    ])
    expect(trendCounties(null)).toEqual([])
  })
})

describe('trendChartOption', () => {
  const input = (countyCode: string | null) => ({
    series: trendSeries(TREND, countyCode),
    yearLabel: (y: number) => `${y}年`,
    targetLabel: (x: string) => `目标 ${x}`,
    animation: false,
  })

  it('draws the city line with the target as a dashed line', () => {
    const o = trendChartOption(input(null))
    expect((o.xAxis as { data: string[] }).data).toEqual(['2024年', '2025年', '2026年'])
    const series = o.series as Array<Record<string, any>>
    expect(series).toHaveLength(1)
    expect(series[0]!.type).toBe('line')
    expect(series[0]!.data).toEqual([null, 0.04, 0.05])
    expect(series[0]!.markLine.data).toEqual([{ yAxis: 0.1 }])
    expect(series[0]!.markLine.label.formatter).toBe('目标 10%')
    expect(series[0]!.markLine.lineStyle.type).toBe('dashed')
    // The axis reaches past the target so its line shows.
    expect((o.yAxis as { max: number }).max).toBeGreaterThan(0.1)
    expect(series[0]!.label.formatter({ value: 0.05 })).toBe('5%')
  })

  it('adds the county as a second line, with a legend and a summary in words', () => {
    const o = trendChartOption(input('441424'))
    const series = o.series as Array<Record<string, any>>
    expect(series.map((x) => x.name)).toEqual(['梅州市', '五华县'])
    expect(series[1]!.markLine).toBeUndefined()
    expect(trendLegend(input('441424').series).map((l) => l.name)).toEqual(['梅州市', '五华县'])
    expect(trendSummary(input('441424'))).toBe(
      '梅州市 2024年 —，2025年 4%，2026年 5%；五华县 2024年 —，2025年 1.5%，2026年 2%；目标 10%',
    )
  })
})

describe('hoursOneDecimal', () => {
  it('shows minutes as hours with one decimal', () => {
    expect(hoursOneDecimal(90)).toBe('1.5')
    expect(hoursOneDecimal(100)).toBe('1.7')
    expect(hoursOneDecimal(0)).toBe('0.0')
    expect(hoursOneDecimal(59)).toBe('1.0')
    expect(hoursOneDecimal(2)).toBe('0.0')
    expect(hoursOneDecimal(600000)).toBe('10,000.0')
    expect(hoursOneDecimal(-90)).toBe('-1.5')
    expect(hoursOneDecimal(null)).toBe('—')
    expect(hoursOneDecimal(Number.NaN)).toBe('—')
  })
})
