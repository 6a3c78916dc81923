// The ranking charts of the target desk as ECharts options (horizontal bars, highest first, each target a
// vertical markLine). Pure: only echarts' option types are imported here; the library itself is loaded by
// components/targets/RankChart.vue when the page shows a chart.
import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption } from 'echarts/charts'
import type { GridComponentOption, MarkLineComponentOption } from 'echarts/components'
import { formatRate, formatTarget, rateAxisMax, rateAxisStep, type RankItem } from './targets'

/** Bars on a grid with target lines: no tooltip (the bars carry their values) and no legend (RankChart's is HTML). */
export type RankChartOption = ComposeOption<BarSeriesOption | GridComponentOption | MarkLineComponentOption>

/** One figure of a chart: its bars (in the chart's order) and its target line. */
export interface RankSeries {
  name: string
  target: number
  /** The bar colour; with `passFail` the bars are green at or above the target and red below. */
  color: string
  /** Rates by county code. */
  rates: Map<string, number | null>
}

export interface RankChartInput {
  /** The counties, top to bottom (the first series' ranking). */
  order: readonly RankItem[]
  series: readonly RankSeries[]
  passFail?: boolean
  /** Target line label: "目标 10%". */
  targetLabel: (target: string) => string
  /** Off in browser tests (`navigator.webdriver`, screenshots) and for reduced motion. */
  animation: boolean
}

export const PASS_COLOR = '#2e9e44'
export const FAIL_COLOR = '#d93025'
const LINE_COLOR = '#c8161d'

/** Bars animate unless a test drives the browser or the visitor asked for less motion. */
export function chartAnimation(nav: { webdriver?: boolean } | undefined = globalThis.navigator, reducedMotion = false): boolean {
  return !(nav?.webdriver ?? false) && !reducedMotion
}

export function rankChartOption(input: RankChartInput): RankChartOption {
  const names = input.order.map((i) => i.name)
  const all = input.series.flatMap((s) => [...s.rates.values()])
  const max = rateAxisMax(all, input.series.map((s) => s.target))
  const several = input.series.length > 1
  const series: BarSeriesOption[] = input.series.map((s) => ({
    type: 'bar',
    name: s.name,
    barMaxWidth: 22,
    barGap: '20%',
    itemStyle: { color: s.color, borderRadius: [0, 3, 3, 0] },
    label: {
      show: true,
      position: 'right',
      fontSize: 11,
      color: '#303133',
      formatter: (p) => formatRate(typeof p.value === 'number' ? p.value : null),
    },
    data: input.order.map((item) => {
      const rate = s.rates.get(item.code) ?? null
      if (!input.passFail || rate === null) return rate
      const color = rate >= s.target ? PASS_COLOR : FAIL_COLOR
      return { value: rate, itemStyle: { color }, label: { color } }
    }),
    markLine: {
      silent: true,
      symbol: 'none',
      animation: input.animation,
      lineStyle: { color: several ? s.color : LINE_COLOR, type: 'dashed', width: 1.5 },
      label: {
        // The category axis runs top-down (inverse), so the line's start is at the top of the grid.
        position: 'start',
        formatter: input.targetLabel(formatTarget(s.target)),
        color: several ? s.color : LINE_COLOR,
        fontSize: 11,
      },
      data: [{ xAxis: s.target }],
    },
  }))
  return {
    animation: input.animation,
    grid: {
      left: 8,
      right: 64,
      top: 28,
      bottom: 8,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: {
      type: 'value',
      min: 0,
      max,
      interval: rateAxisStep(max),
      axisLabel: { formatter: (v: number) => formatTarget(v), fontSize: 11 },
    },
    yAxis: {
      type: 'category',
      data: names,
      inverse: true,
      axisTick: { show: false },
      axisLabel: { fontSize: 12 },
    },
    series,
  }
}

/** The chart's height for `rows` counties and `bars` bars per county. */
export function rankChartHeight(rows: number, bars = 1): number {
  return Math.max(140, rows * (bars > 1 ? 44 : 32) + 50)
}
