// Trends 趋势 and drill-down 下钻 of the target desk, as data: the registration rate of each year for the city (and
// one county), the line chart's ECharts option with the target as a dashed line, and hours with one decimal. Pure:
// only echarts' option types are imported; the library itself is loaded by RankChart.vue (echarts.ts).
import type { ComposeOption } from 'echarts/core'
import type { LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, MarkLineComponentOption } from 'echarts/components'
import type { TargetTrend } from '@/api/types'
import { formatRate, formatTarget, rateAxisMax, rateAxisStep } from '@/utils/targets'

export type TrendChartOption = ComposeOption<LineSeriesOption | GridComponentOption | MarkLineComponentOption>

export interface TrendLine {
  /** The county code, or the city's. */
  code: string
  name: string
  /** The registration rate of each year of `years` (null: unknown population). */
  rates: (number | null)[]
}

export interface TrendSeries {
  years: number[]
  city: TrendLine
  /** The county overlaid, when one is picked and the trend has it. */
  county: TrendLine | null
  /** The registration target of the latest year (10% unless the goals say otherwise). */
  target: number
}

/** The trend's years in order, the city's line and (if `countyCode` is in it) the county's. */
export function trendSeries(trend: TargetTrend | null | undefined, countyCode: string | null = null): TrendSeries {
  const items = [...(trend?.items ?? [])].sort((a, b) => a.year - b.year)
  const years = items.map((i) => i.year)
  const last = items[items.length - 1]
  const city: TrendLine = {
    code: last?.city.county_code ?? '',
    name: last?.city.name ?? '',
    rates: items.map((i) => rate(i.city.registration_rate)),
  }
  let county: TrendLine | null = null
  if (countyCode) {
    const figures = items.map((i) => i.counties.find((c) => c.county_code === countyCode) ?? null)
    const named = [...figures].reverse().find((f) => f !== null)
    if (named) county = { code: countyCode, name: named.name, rates: figures.map((f) => rate(f?.registration_rate)) }
  }
  return { years, city, county, target: last?.city.registration_target ?? 0.1 }
}

function rate(r: number | null | undefined): number | null {
  return r === null || r === undefined || !Number.isFinite(r) ? null : r
}

/** The counties a trend covers (those of its latest year), for the overlay select. */
export function trendCounties(trend: TargetTrend | null | undefined): { code: string; name: string }[] {
  const items = trend?.items ?? []
  const latest = items.reduce<TargetTrend['items'][number] | null>((a, b) => (a && a.year >= b.year ? a : b), null)
  return (latest?.counties ?? []).map((c) => ({ code: c.county_code, name: c.name }))
}

export const TREND_CITY_COLOR = '#3b6fd8'
export const TREND_COUNTY_COLOR = '#e08a1e'
const LINE_COLOR = '#c8161d'

export interface TrendChartInput {
  series: TrendSeries
  /** "2026年" — the label of a year on the axis. */
  yearLabel: (year: number) => string
  /** "目标 10%". */
  targetLabel: (target: string) => string
  animation: boolean
}

/** The legend of the chart: each line's name and colour (HTML, as RankChart shows it). */
export function trendLegend(s: TrendSeries): { name: string; color: string }[] {
  const out = [{ name: s.city.name, color: TREND_CITY_COLOR }]
  if (s.county) out.push({ name: s.county.name, color: TREND_COUNTY_COLOR })
  return out
}

/** A line per place (years across, rates up), labelled with its rates, and the target as a dashed line. */
export function trendChartOption(input: TrendChartInput): TrendChartOption {
  const s = input.series
  const lines = [
    { line: s.city, color: TREND_CITY_COLOR },
    ...(s.county ? [{ line: s.county, color: TREND_COUNTY_COLOR }] : []),
  ]
  const max = rateAxisMax(
    lines.flatMap((l) => l.line.rates),
    [s.target],
  )
  const series: LineSeriesOption[] = lines.map(({ line, color }, index) => ({
    type: 'line',
    name: line.name,
    data: line.rates,
    connectNulls: false,
    symbolSize: 7,
    itemStyle: { color },
    lineStyle: { color, width: 2 },
    label: {
      show: true,
      position: 'top',
      fontSize: 11,
      color,
      formatter: (p) => formatRate(typeof p.value === 'number' ? p.value : null),
    },
    ...(index === 0
      ? {
          markLine: {
            silent: true,
            symbol: 'none',
            animation: input.animation,
            lineStyle: { color: LINE_COLOR, type: 'dashed', width: 1.5 },
            label: { position: 'insideEndTop', formatter: input.targetLabel(formatTarget(s.target)), color: LINE_COLOR, fontSize: 11 },
            data: [{ yAxis: s.target }],
          },
        }
      : {}),
  }))
  return {
    animation: input.animation,
    grid: { left: 8, right: 24, top: 24, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category',
      data: s.years.map(input.yearLabel),
      boundaryGap: true,
      axisTick: { alignWithLabel: true },
      axisLabel: { fontSize: 12 },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max,
      interval: rateAxisStep(max),
      axisLabel: { formatter: (v: number) => formatTarget(v), fontSize: 11 },
    },
    series,
  }
}

/** A sentence for screen readers: "梅州市 2022年 1.23%，2023年 …；目标 10%". */
export function trendSummary(input: Pick<TrendChartInput, 'series' | 'yearLabel' | 'targetLabel'>): string {
  const s = input.series
  const line = (l: TrendLine) => `${l.name} ${s.years.map((y, i) => `${input.yearLabel(y)} ${formatRate(l.rates[i])}`).join('，')}`
  return [line(s.city), ...(s.county ? [line(s.county)] : [])].join('；') + `；${input.targetLabel(formatTarget(s.target))}`
}

/** Minutes as hours with one decimal: 90 → "1.5", 100 → "1.7", 0 → "0.0", 600000 → "10,000.0". */
export function hoursOneDecimal(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—'
  const tenths = Math.round((Math.abs(minutes) * 10) / 60)
  const sign = minutes < 0 && tenths > 0 ? '-' : ''
  const whole = Math.floor(tenths / 10).toLocaleString('en-US')
  return `${sign}${whole}.${tenths % 10}`
}
