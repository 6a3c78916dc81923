// 测评考核: the target desk's figures in words — rates as percentages, pass/fail against the target, the gap as a
// sentence ("还需 43,762 人注册达到 10%"), denominators reported for an earlier year, the counties ranked for the
// charts. Pure; the server computes every figure (docs/api.md "Targets").
import type { TargetDesk, TargetFigures } from '@/api/types'
import { formatNumber } from './format'
import { chinaDate } from './datetime'
import { t, type MessageKey } from '@/i18n'

/** The figures measured against a target, in the order the desk shows them. */
export const TARGET_KINDS = ['registration', 'league', 'certificate', 'card', 'members_20h'] as const
export type TargetKind = (typeof TARGET_KINDS)[number]

/** `unknown`: the denominator is missing (no population / member count on record, nobody registered). */
export type TargetStatus = 'pass' | 'fail' | 'unknown'

/** The first year the server answers (422 `invalid_year` before it). */
export const FIRST_TARGET_YEAR = 2017

/** One figure of a county: its rate against the target, and its numerator and denominator. */
export interface TargetFigure {
  kind: TargetKind
  rate: number | null
  target: number
  gap: number
  numerator: number
  denominator: number | null
  /** The year the denominator was reported for (population, League/party members), when it has one. */
  denominatorYear: number | null
}

/** The key of `formulas` (GET /targets) that explains a figure. */
export const FORMULA_KEYS: Record<TargetKind, string> = {
  registration: 'registration_rate',
  league: 'league_rate',
  certificate: 'certificate_rate',
  card: 'card_rate',
  members_20h: 'members_20h_rate',
}

/** Party plus League members, when both are known (the server's denominator of `members_20h`). */
function partyAndLeague(f: TargetFigures): number | null {
  if (f.party_members === null || f.league_members === null) return null
  return f.party_members + f.league_members
}

/** The older of two reported years (a sum is as old as its oldest part). */
function olderYear(a: number | null, b: number | null): number | null {
  if (a === null) return b
  if (b === null) return a
  return Math.min(a, b)
}

export function figureOf(f: TargetFigures, kind: TargetKind): TargetFigure {
  switch (kind) {
    case 'registration':
      return {
        kind,
        rate: f.registration_rate,
        target: f.registration_target,
        gap: f.registration_gap,
        numerator: f.registered,
        denominator: f.population,
        denominatorYear: f.population_year,
      }
    case 'league':
      return {
        kind,
        rate: f.league_rate,
        target: f.league_target,
        gap: f.league_gap,
        numerator: f.league_registered,
        denominator: f.league_members,
        denominatorYear: f.league_members_year,
      }
    case 'certificate':
      return {
        kind,
        rate: f.certificate_rate,
        target: f.certificate_target,
        gap: f.certificate_gap,
        numerator: f.certificate_holders,
        denominator: f.registered,
        denominatorYear: null,
      }
    case 'card':
      return {
        kind,
        rate: f.card_rate,
        target: f.card_target,
        gap: f.card_gap,
        numerator: f.card_holders,
        denominator: f.registered,
        denominatorYear: null,
      }
    case 'members_20h':
      return {
        kind,
        rate: f.members_20h_rate,
        target: f.members_20h_target,
        gap: f.members_20h_gap,
        numerator: f.members_20h,
        denominator: partyAndLeague(f),
        denominatorYear: olderYear(f.party_members_year, f.league_members_year),
      }
  }
}

export function figuresOf(f: TargetFigures): TargetFigure[] {
  return TARGET_KINDS.map((k) => figureOf(f, k))
}

/**
 * Pass once nobody more is needed (the server's gap, computed in whole persons), fail while people are still
 * needed, unknown without a denominator.
 */
export function targetStatus(fig: Pick<TargetFigure, 'rate' | 'gap'>): TargetStatus {
  if (fig.rate === null || !Number.isFinite(fig.rate)) return 'unknown'
  return fig.gap > 0 ? 'fail' : 'pass'
}

/** Element Plus type of the status (green / red / grey). */
export function statusTagType(s: TargetStatus): 'success' | 'danger' | 'info' {
  return s === 'pass' ? 'success' : s === 'fail' ? 'danger' : 'info'
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s
}

/**
 * A rate as a percentage: 0.11 → "11%", 0.1234 → "12.34%", 4.1115e-5 → "0.0041%" (two significant digits below
 * 0.01%), 0 → "0%", null → "—". Cut, never rounded up, so a rate just below its target never reads as the target
 * (0.09999 → "9.99%").
 */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—'
  const pct = rate * 100
  if (pct === 0) return '0%'
  const abs = Math.abs(pct)
  const decimals = abs >= 0.01 ? 2 : Math.min(10, 1 - Math.floor(Math.log10(abs)))
  const scale = 10 ** decimals
  // The epsilon undoes binary noise (0.29 × 100 = 28.999999999999996) before cutting.
  const cut = (Math.sign(pct) * Math.floor(abs * scale + 1e-6)) / scale
  return `${trimZeros(cut.toFixed(decimals))}%`
}

/** A target as a percentage: 0.1 → "10%", 0.155 → "15.5%". */
export function formatTarget(target: number): string {
  if (!Number.isFinite(target)) return '—'
  return `${trimZeros((Math.round(target * 10000) / 100).toFixed(2))}%`
}

const GAP_KEYS: Record<TargetKind, MessageKey> = {
  registration: 'targets.gap.registration',
  league: 'targets.gap.league',
  certificate: 'targets.gap.certificate',
  card: 'targets.gap.card',
  members_20h: 'targets.gap.members_20h',
}

const UNKNOWN_KEYS: Record<TargetKind, MessageKey> = {
  registration: 'targets.unknown.registration',
  league: 'targets.unknown.league',
  certificate: 'targets.unknown.certificate',
  card: 'targets.unknown.card',
  members_20h: 'targets.unknown.members_20h',
}

/**
 * The gap in words: "还需 43,762 人注册达到 10%", "还需 6 名团员注册达到 80%", "还需 12 人持证达到 30%"; "已达到 10% 的目标"
 * once met; what is missing when the rate cannot be computed ("未录入团员人数").
 */
export function gapText(fig: Pick<TargetFigure, 'kind' | 'rate' | 'gap' | 'target'>): string {
  const status = targetStatus(fig)
  if (status === 'unknown') return t(UNKNOWN_KEYS[fig.kind])
  const target = formatTarget(fig.target)
  if (status === 'pass') return t('targets.passed', { target })
  return t(GAP_KEYS[fig.kind], { n: formatNumber(fig.gap), target })
}

/** "人口数据为2022年" when the denominator was reported for a year before the one asked; '' otherwise. */
export function staleNote(fig: Pick<TargetFigure, 'kind' | 'denominatorYear'>, year: number): string {
  if (fig.denominatorYear === null || fig.denominatorYear >= year) return ''
  const key: MessageKey | null =
    fig.kind === 'registration'
      ? 'targets.stale.population'
      : fig.kind === 'league'
        ? 'targets.stale.league'
        : fig.kind === 'members_20h'
          ? 'targets.stale.members'
          : null
  return key ? t(key, { year: fig.denominatorYear }) : ''
}

/** Years the desk can show, newest first: this year (China time) back to 2017. */
export function targetYears(now: Date = new Date()): number[] {
  const current = Number(chinaDate(now).slice(0, 4))
  const out: number[] = []
  for (let y = current; y >= FIRST_TARGET_YEAR; y--) out.push(y)
  return out
}

/** A `?year=` query value if it is one of `years`, else the newest. */
export function pickYear(query: unknown, years: readonly number[]): number {
  const y = typeof query === 'string' && /^\d{4}$/.test(query) ? Number(query) : NaN
  return years.includes(y) ? y : years[0]!
}

/** One bar of a ranking chart. */
export interface RankItem {
  code: string
  name: string
  rate: number | null
}

/**
 * The counties by one figure, highest rate first; unknown rates last (by name, so the order is stable).
 */
export function rankCounties(counties: readonly TargetFigures[], kind: TargetKind): RankItem[] {
  const items = counties.map((c) => ({ code: c.county_code, name: c.name, rate: figureOf(c, kind).rate }))
  return items.sort((a, b) => {
    if (a.rate === null || b.rate === null) {
      if (a.rate === b.rate) return a.name.localeCompare(b.name, 'zh-CN')
      return a.rate === null ? 1 : -1
    }
    return b.rate - a.rate || a.name.localeCompare(b.name, 'zh-CN')
  })
}

/** The counties whose rate is below the target (known rates only), in ranking order. */
export function belowTarget(items: readonly RankItem[], target: number): RankItem[] {
  return items.filter((i) => i.rate !== null && i.rate < target)
}

/** The tick step of a rate axis ending near `top`: 5% up to 30%, 10% above (at most about eight ticks). */
export function rateAxisStep(top: number): number {
  return top > 0.3 ? 0.1 : 0.05
}

/**
 * The end of a rate axis: past the highest target (so its line shows) and the highest rate, rounded up to the
 * axis step (`rateAxisStep`).
 */
export function rateAxisMax(rates: readonly (number | null)[], targets: readonly number[]): number {
  const top = Math.max(0, ...targets, ...rates.filter((r): r is number => r !== null && Number.isFinite(r)))
  const withRoom = top * 1.1
  const step = rateAxisStep(withRoom)
  return Math.max(step, Math.ceil(withRoom / step - 1e-9) * step)
}

/** How many targets a county meets, of those it can be measured on. */
export function passCount(f: TargetFigures): { passed: number; measured: number } {
  let passed = 0
  let measured = 0
  for (const fig of figuresOf(f)) {
    const s = targetStatus(fig)
    if (s === 'unknown') continue
    measured++
    if (s === 'pass') passed++
  }
  return { passed, measured }
}

/** The counties to show: a county admin's own (the API already limits them), the city admin's all, by code. */
export function deskCounties(desk: Pick<TargetDesk, 'counties'>): TargetFigures[] {
  return [...desk.counties].sort((a, b) => a.county_code.localeCompare(b.county_code))
}
