import { afterEach, describe, expect, it } from 'vitest'
import type { TargetFigures } from '@/api/types'
import {
  belowTarget,
  rateAxisStep,
  figureOf,
  formatRate,
  formatTarget,
  gapText,
  passCount,
  pickYear,
  rankCounties,
  rateAxisMax,
  staleNote,
  statusTagType,
  targetStatus,
  targetYears,
} from './targets'
import { chartAnimation, FAIL_COLOR, PASS_COLOR, rankChartHeight, rankChartOption } from './targetChart'
import { getTargets, putMemberCount, targetsExportPath } from '@/api/targets'
import { configureHttp } from '@/api/http'
import { setLocale } from '@/i18n'

/** 梅江区 of the demo data in 2026 (GET /targets). */
function county(over: Partial<TargetFigures> = {}): TargetFigures {
  return {
    county_code: '441402',
    name: '梅江区',
    population: 437800,
    population_year: 2022,
    registered: 18,
    registration_rate: 18 / 437800,
    registration_target: 0.1,
    registration_gap: 43762,
    league_members: null,
    league_members_year: null,
    league_registered: 13,
    league_rate: null,
    league_target: 0.8,
    league_gap: 0,
    party_members: null,
    party_members_year: null,
    certificate_holders: 0,
    certificate_rate: 0,
    certificate_target: 0.3,
    certificate_gap: 6,
    card_holders: 0,
    card_rate: 0,
    card_target: 0.15,
    card_gap: 3,
    year_minutes: 83820,
    avg_annual_minutes: 4656.67,
    activities_published: 3,
    organizations: 3,
    members_20h: 10,
    members_20h_rate: null,
    members_20h_target: 1,
    members_20h_gap: 0,
    ...over,
  }
}

afterEach(() => setLocale('zh-CN'))

describe('formatRate', () => {
  it('shows rates as percentages with at most two decimals', () => {
    expect(formatRate(0.11)).toBe('11%')
    expect(formatRate(0.1)).toBe('10%')
    expect(formatRate(0.1234)).toBe('12.34%')
    expect(formatRate(0.125)).toBe('12.5%')
    expect(formatRate(1)).toBe('100%')
    expect(formatRate(1.25)).toBe('125%')
    expect(formatRate(0)).toBe('0%')
  })
  it('keeps two significant digits of tiny rates instead of 0.00%', () => {
    expect(formatRate(18 / 437800)).toBe('0.0041%')
    expect(formatRate(144 / 3858000)).toBe('0.0037%')
    expect(formatRate(0.0001)).toBe('0.01%')
    expect(formatRate(0.00005)).toBe('0.005%')
  })
  it('never rounds a rate up to its target', () => {
    expect(formatRate(0.09999)).toBe('9.99%')
    expect(formatRate(0.79999)).toBe('79.99%')
    expect(formatRate(0.29)).toBe('29%') // 0.29 × 100 = 28.999999999999996 in binary
    expect(formatRate(0.57)).toBe('57%')
  })
  it('says — without a rate', () => {
    expect(formatRate(null)).toBe('—')
    expect(formatRate(undefined)).toBe('—')
    expect(formatRate(Number.NaN)).toBe('—')
  })
})

describe('formatTarget', () => {
  it('shows targets without trailing zeros', () => {
    expect(formatTarget(0.1)).toBe('10%')
    expect(formatTarget(0.8)).toBe('80%')
    expect(formatTarget(0.15)).toBe('15%')
    expect(formatTarget(1)).toBe('100%')
    expect(formatTarget(0.155)).toBe('15.5%')
  })
})

describe('targetStatus', () => {
  it('passes when nobody more is needed, fails while people are, unknown without a denominator', () => {
    expect(targetStatus({ rate: 0.11, gap: 0 })).toBe('pass')
    expect(targetStatus({ rate: 0.1, gap: 0 })).toBe('pass')
    expect(targetStatus({ rate: 0.0999, gap: 1 })).toBe('fail')
    expect(targetStatus({ rate: 0, gap: 6 })).toBe('fail')
    expect(targetStatus({ rate: null, gap: 0 })).toBe('unknown')
  })
  it('colours them green, red and grey', () => {
    expect(statusTagType('pass')).toBe('success')
    expect(statusTagType('fail')).toBe('danger')
    expect(statusTagType('unknown')).toBe('info')
  })
})

describe('gapText', () => {
  it('says how many people are still needed, with thousands separators', () => {
    const c = county()
    expect(gapText(figureOf(c, 'registration'))).toBe('还需 43,762 人注册达到 10%')
    expect(gapText(figureOf(c, 'certificate'))).toBe('还需 6 人持证达到 30%')
    expect(gapText(figureOf(c, 'card'))).toBe('还需 3 人持卡达到 15%')
    const withLeague = county({ league_members: 24, league_members_year: 2026, league_rate: 13 / 24, league_gap: 7 })
    expect(gapText(figureOf(withLeague, 'league'))).toBe('还需 7 名团员注册达到 80%')
    const withMembers = county({
      league_members: 24,
      party_members: 6,
      members_20h_rate: 10 / 30,
      members_20h_gap: 20,
    })
    expect(gapText(figureOf(withMembers, 'members_20h'))).toBe('还需 20 名党员、团员服务满20小时达到 100%')
  })
  it('says when the target is met', () => {
    const c = county({ league_members: 15, league_rate: 13 / 15, league_gap: 0 })
    expect(gapText(figureOf(c, 'league'))).toBe('已达到 80% 的目标')
  })
  it('says what is missing when the rate cannot be computed', () => {
    const c = county({ population: null, population_year: null, registration_rate: null, registration_gap: 0 })
    expect(gapText(figureOf(c, 'registration'))).toBe('缺少常住人口数据，暂无法计算')
    expect(gapText(figureOf(c, 'league'))).toBe('尚未录入团员人数，暂无法计算')
    expect(gapText(figureOf(c, 'members_20h'))).toBe('尚未录入党员和团员人数，暂无法计算')
    const empty = county({ registered: 0, certificate_rate: null, certificate_gap: 0 })
    expect(gapText(figureOf(empty, 'certificate'))).toBe('尚无注册志愿者，暂无法计算')
  })
  it('speaks English too', () => {
    setLocale('en')
    expect(gapText(figureOf(county(), 'registration'))).toBe('43,762 more registrations needed to reach 10%')
    expect(gapText(figureOf(county({ league_members: 24, league_rate: 0.54, league_gap: 6 }), 'league'))).toBe(
      '6 more League members need to register to reach 80%',
    )
  })
})

describe('figureOf', () => {
  it('pairs each rate with its numerator and denominator', () => {
    const c = county({ league_members: 24, league_members_year: 2025, party_members: 6, party_members_year: 2026 })
    expect(figureOf(c, 'registration')).toMatchObject({ numerator: 18, denominator: 437800, denominatorYear: 2022 })
    expect(figureOf(c, 'league')).toMatchObject({ numerator: 13, denominator: 24, denominatorYear: 2025 })
    expect(figureOf(c, 'certificate')).toMatchObject({ numerator: 0, denominator: 18, denominatorYear: null })
    // Party plus League members, as old as the older of the two.
    expect(figureOf(c, 'members_20h')).toMatchObject({ numerator: 10, denominator: 30, denominatorYear: 2025 })
    // Both are needed, as on the server.
    expect(figureOf(county({ league_members: 24 }), 'members_20h').denominator).toBeNull()
  })
})

describe('staleNote', () => {
  it('names the year of a denominator older than the year asked', () => {
    const c = county()
    expect(staleNote(figureOf(c, 'registration'), 2026)).toBe('人口数据为2022年')
    expect(staleNote(figureOf(c, 'registration'), 2022)).toBe('')
    expect(staleNote(figureOf(county({ league_members: 24, league_members_year: 2025 }), 'league'), 2026)).toBe('团员人数为2025年数据')
    expect(staleNote(figureOf(c, 'league'), 2026)).toBe('')
    expect(staleNote(figureOf(c, 'certificate'), 2026)).toBe('')
  })
})

describe('years', () => {
  it('offers this year (China time) back to 2017', () => {
    const ys = targetYears(new Date('2026-12-31T17:00:00Z')) // 2027-01-01 01:00 in Beijing
    expect(ys[0]).toBe(2027)
    expect(ys.at(-1)).toBe(2017)
    expect(ys).toHaveLength(11)
  })
  it('takes ?year= only when offered', () => {
    const ys = [2026, 2025, 2024]
    expect(pickYear('2025', ys)).toBe(2025)
    expect(pickYear('2016', ys)).toBe(2026)
    expect(pickYear('abc', ys)).toBe(2026)
    expect(pickYear(undefined, ys)).toBe(2026)
    expect(pickYear(['2025'], ys)).toBe(2026)
  })
})

describe('ranking', () => {
  const counties = [
    county(),
    county({ county_code: '441424', name: '五华县', registration_rate: 0.12, registration_gap: 0 }),
    county({ county_code: '441426', name: '平远县', registration_rate: null }),
    county({ county_code: '441403', name: '梅县区', registration_rate: 0.05, registration_gap: 9 }),
  ]
  it('ranks the counties by rate, unknown last', () => {
    expect(rankCounties(counties, 'registration').map((i) => i.name)).toEqual(['五华县', '梅县区', '梅江区', '平远县'])
  })
  it('lists those below the target', () => {
    expect(belowTarget(rankCounties(counties, 'registration'), 0.1).map((i) => i.name)).toEqual(['梅县区', '梅江区'])
  })
  it('counts the targets met of those measured', () => {
    expect(passCount(county())).toEqual({ passed: 0, measured: 3 })
    expect(passCount(county({ card_rate: 0.2, card_gap: 0, league_rate: 0.9, league_members: 10 }))).toEqual({ passed: 2, measured: 4 })
  })
})

describe('rank charts', () => {
  it('ends the axis past the highest target and rate', () => {
    expect(rateAxisMax([0.00004], [0.1])).toBeCloseTo(0.15)
    expect(rateAxisMax([0.2], [0.1])).toBeCloseTo(0.25)
    expect(rateAxisMax([0.01, null], [0.3, 0.15])).toBeCloseTo(0.4)
    expect(rateAxisMax([0.95], [0.8])).toBeCloseTo(1.1)
    expect(rateAxisMax([], [])).toBeCloseTo(0.05)
    expect(rateAxisStep(0.15)).toBe(0.05)
    expect(rateAxisStep(0.4)).toBe(0.1)
  })
  it('draws the target as a line and colours bars by pass/fail, highest first', () => {
    const order = rankCounties(
      [county(), county({ county_code: '441424', name: '五华县', registration_rate: 0.12 })],
      'registration',
    )
    const opt = rankChartOption({
      order,
      series: [{ name: '志愿者注册率', target: 0.1, color: '#000', rates: new Map(order.map((i) => [i.code, i.rate])) }],
      passFail: true,
      targetLabel: (t) => `目标 ${t}`,
      animation: false,
    })
    expect(opt.animation).toBe(false)
    const yAxis = opt.yAxis as { data: string[]; inverse: boolean }
    expect(yAxis.data).toEqual(['五华县', '梅江区'])
    expect(yAxis.inverse).toBe(true)
    const series = opt.series as { data: { value: number; itemStyle: { color: string } }[]; markLine: { data: { xAxis: number }[]; label: { formatter: string } } }[]
    expect(series[0]!.markLine.data).toEqual([{ xAxis: 0.1 }])
    expect(series[0]!.markLine.label.formatter).toBe('目标 10%')
    expect(series[0]!.data.map((d) => d.itemStyle.color)).toEqual([PASS_COLOR, FAIL_COLOR])
    expect(series[0]!.data.map((d) => (d as unknown as { label: { color: string } }).label.color)).toEqual([PASS_COLOR, FAIL_COLOR])
    expect((opt.xAxis as { max: number }).max).toBeCloseTo(0.15)
    expect((opt.xAxis as { interval: number }).interval).toBe(0.05)
  })
  it('does not animate when a test drives the browser or motion is reduced', () => {
    expect(chartAnimation({ webdriver: true })).toBe(false)
    expect(chartAnimation({ webdriver: false })).toBe(true)
    expect(chartAnimation({ webdriver: false }, true)).toBe(false)
    expect(chartAnimation(undefined)).toBe(true)
  })
  it('grows with the counties', () => {
    expect(rankChartHeight(1)).toBe(140)
    expect(rankChartHeight(8)).toBe(306)
    expect(rankChartHeight(8, 2)).toBe(402)
  })
})

describe('api/targets', () => {
  it('asks for a year, exports it, and sends the member count without an empty note', async () => {
    const calls: { url: string; init: RequestInit }[] = []
    configureHttp({
      cookies: () => 'zy_csrf=tok',
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init ?? {} })
        if (init?.method === 'PUT') return new Response(null, { status: 204 })
        return new Response(JSON.stringify({ year: 2025, counties: [] }), { status: 200, headers: { 'content-type': 'application/json' } })
      },
    })
    expect((await getTargets(2025)).year).toBe(2025)
    expect(calls[0]!.url).toBe('/api/v1/targets?year=2025')
    expect(targetsExportPath(2025)).toBe('/api/v1/targets/export.xlsx?year=2025')
    await putMemberCount({ county_code: '441424', year: 2026, kind: 'league_members', members: 1200, note: '  ' })
    expect(calls[1]!.url).toBe('/api/v1/targets/member-counts')
    expect(calls[1]!.init.method).toBe('PUT')
    expect(JSON.parse(String(calls[1]!.init.body))).toEqual({ county_code: '441424', year: 2026, kind: 'league_members', members: 1200 })
    expect((calls[1]!.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
  })
})
