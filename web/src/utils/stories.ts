// 宣传: labels and colours of a story's kind and status, the character counts of the editor (the server counts
// characters — Unicode code points — of the trimmed text), the summary the server will default to, which actions a
// story's status allows, and the home page's headline figures in words. Pure (docs/api.md "Publicity").
import type { PortalFigures, StoryKind, StoryStatus } from '@/api/types'
import { t, type MessageKey } from '@/i18n'
import { chinaDate } from './datetime'
import { formatNumber } from './format'
import { formatRate, formatTarget } from './targets'

function safe(key: string, fallback: string): string {
  const v = t(key as MessageKey)
  return v === key ? fallback : v
}

export const storyKindLabel = (k: StoryKind | string) => safe(`storyKind.${k}`, k)
export const storyStatusLabel = (s: StoryStatus | string) => safe(`storyStatus.${s}`, s)

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export function storyKindTagType(k: StoryKind | string): TagType {
  return k === 'practice' ? 'primary' : k === 'volunteer' ? 'danger' : k === 'organization' ? 'success' : 'info'
}

export function storyStatusTagType(s: StoryStatus | string): TagType {
  return s === 'published' ? 'success' : s === 'withdrawn' ? 'warning' : 'info'
}

/** The server's limits, in characters. */
export const STORY_LIMITS = { title: 60, summary: 200, body: 20000 } as const
/** How much of the body the server takes for a summary left empty. */
export const SUMMARY_DEFAULT_CHARS = 80

const WS = /^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g

/** Characters as the server counts them: code points of the text without leading and trailing white space. */
export function charCount(text: string | null | undefined): number {
  if (!text) return 0
  let n = 0
  for (const _ of text.replace(WS, '')) n++
  return n
}

/** "12 / 60", and whether it is over the limit. */
export function charCounter(text: string | null | undefined, limit: number): { count: number; over: boolean; text: string } {
  const count = charCount(text)
  return { count, over: count > limit, text: `${formatNumber(count)} / ${formatNumber(limit)}` }
}

/**
 * The summary the server writes when none is given: the trimmed body's first 80 characters (a "\r" counts) without
 * "\r" and with each "\n" as a space, and "…" when the body is longer.
 */
export function defaultSummary(body: string): string {
  const chars = [...body.replace(WS, '')]
  const head = chars.slice(0, SUMMARY_DEFAULT_CHARS).join('').replace(/\r/g, '').replace(/\n/g, ' ')
  return chars.length > SUMMARY_DEFAULT_CHARS ? `${head}…` : head
}

export type StoryAction = 'publish' | 'withdraw'

/** The status buttons of the admin list: a draft or withdrawn story can be published, a published one withdrawn. */
export function storyActions(status: StoryStatus | string): StoryAction[] {
  if (status === 'published') return ['withdraw']
  if (status === 'draft' || status === 'withdrawn') return ['publish']
  return []
}

export const ACTION_STATUS: Record<StoryAction, StoryStatus> = { publish: 'published', withdraw: 'withdrawn' }

/** The date under a story: its publication, else its last change (drafts). China date, "2026-11-29". */
export function storyDate(s: { published_at: string | null; updated_at: string }): string {
  const at = s.published_at ?? s.updated_at
  return at ? chinaDate(at) : '—'
}

/** Body text for display: the server's text with Windows line ends made plain (shown with white-space: pre-line). */
export function storyText(body: string | null | undefined): string {
  return (body ?? '').replace(/\r\n?/g, '\n')
}

/** Hours for the headline: whole hours from 100 on (186502.5 → "186,503"), else at most one decimal (12.25 → "12.3"). */
export function formatHoursFigure(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return '—'
  if (Math.abs(hours) >= 100) return Math.round(hours).toLocaleString('zh-CN')
  return (Math.round(hours * 10) / 10).toLocaleString('zh-CN', { maximumFractionDigits: 1 })
}

export type FigureKey =
  | 'registered_volunteers'
  | 'registration_rate'
  | 'organizations'
  | 'year_service_hours'
  | 'activities_published'
  | 'certificate_holders'
  | 'card_holders'

export interface HeadlineFigure {
  key: FigureKey
  label: string
  value: string
  unit: string
  /** A line under the value (the target beside the registration rate). */
  note?: string
  /** Registration rate only: against the 10% target ('unknown' without a population figure). */
  status?: 'pass' | 'fail' | 'unknown'
}

/** The band of the home page, in its order. */
export function headlineFigures(f: PortalFigures): HeadlineFigure[] {
  const rateStatus = f.registration_rate === null ? 'unknown' : f.registration_rate >= f.registration_target ? 'pass' : 'fail'
  return [
    { key: 'registered_volunteers', label: t('figures.registered'), value: formatNumber(f.registered_volunteers), unit: t('figures.persons') },
    {
      key: 'registration_rate',
      label: t('figures.rate'),
      value: formatRate(f.registration_rate),
      unit: '',
      note: t('figures.target', { target: formatTarget(f.registration_target) }),
      status: rateStatus,
    },
    { key: 'organizations', label: t('figures.organizations'), value: formatNumber(f.organizations), unit: t('figures.orgUnit') },
    {
      key: 'year_service_hours',
      label: t('figures.hours', { year: f.year }),
      value: formatHoursFigure(f.year_service_hours),
      unit: t('figures.hoursUnit'),
    },
    {
      key: 'activities_published',
      label: t('figures.activities', { year: f.year }),
      value: formatNumber(f.activities_published),
      unit: t('figures.activityUnit'),
    },
    { key: 'certificate_holders', label: t('figures.certificates'), value: formatNumber(f.certificate_holders), unit: t('figures.persons') },
    { key: 'card_holders', label: t('figures.cards'), value: formatNumber(f.card_holders), unit: t('figures.persons') },
  ]
}

/** Reads a `?kind=` query value: one of the kinds, else '' (all). */
export function kindFromQuery(v: unknown): StoryKind | '' {
  return v === 'practice' || v === 'volunteer' || v === 'organization' ? v : ''
}

/** Reads a `?page=` query value: a whole number ≥ 1, else 1. */
export function pageFromQuery(v: unknown): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN
  return Number.isSafeInteger(n) && n >= 1 ? n : 1
}
