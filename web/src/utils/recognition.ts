// Star volunteers 星级志愿者: progress to the next level, bars, objections, publicity titles.
import type { StarSummary } from '@/api/types'
import { clampLevel, MAX_STAR_LEVEL } from './stars'

/**
 * Hours of 1★…5★ (SPEC §2 Recognition). The server keeps the thresholds as data and answers the next level
 * and the minutes to it; these are used only for where the progress bar starts.
 */
export const STAR_LEVEL_HOURS: readonly number[] = [100, 300, 600, 1000, 1500]

export interface StarProgress {
  /** The level the hours alone reach (the star level may be 0 while barred). */
  hoursLevel: number
  nextLevel: number | null
  /** Where the bar starts and ends, in minutes (the current level's threshold → the next one's). */
  fromMinutes: number
  toMinutes: number
  minutesToNext: number
  /** 0–100; 100 only when the top level is reached. */
  percent: number
}

/** The progress bar of /me/stars from the server's `next_level` and `minutes_to_next`. */
export function starProgress(s: Pick<StarSummary, 'confirmed_minutes' | 'next_level' | 'minutes_to_next'>): StarProgress {
  const confirmed = Math.max(0, s.confirmed_minutes || 0)
  if (s.next_level === null || s.next_level === undefined) {
    return { hoursLevel: MAX_STAR_LEVEL, nextLevel: null, fromMinutes: confirmed, toMinutes: confirmed, minutesToNext: 0, percent: 100 }
  }
  const toNext = Math.max(0, s.minutes_to_next || 0)
  const hoursLevel = clampLevel(s.next_level - 1)
  const target = confirmed + toNext
  const threshold = hoursLevel > 0 ? (STAR_LEVEL_HOURS[hoursLevel - 1] ?? 0) * 60 : 0
  const from = Math.min(threshold, confirmed)
  const span = target - from
  let percent = span > 0 ? Math.floor(((confirmed - from) * 100) / span) : 0
  if (toNext > 0) percent = Math.min(percent, 99)
  return { hoursLevel, nextLevel: s.next_level, fromMinutes: from, toMinutes: target, minutesToNext: toNext, percent: Math.max(0, percent) }
}

/** True while a revocation's bar runs (`barred_until` is a date, `today` the China date "YYYY-MM-DD"). */
export function isBarred(barredUntil: string | null | undefined, today: string): boolean {
  return !!barredUntil && barredUntil.slice(0, 10) >= today
}

export const OBJECTION_MIN_CHARS = 10
export const OBJECTION_MAX_CHARS = 500

/** Characters as people count them (a Chinese character or an emoji is one), after trimming. */
export function textLength(s: string | null | undefined): number {
  return [...(s ?? '').trim()].length
}

/** "2026年星级志愿者认定公示（第2批）"-style default title: the year and the batch number of that year. */
export function defaultPublicityTitle(year: number, existing: readonly { starts_on: string }[]): string {
  const batch = existing.filter((p) => p.starts_on.startsWith(`${year}-`)).length + 1
  return `${year}年第${batch}批星级志愿者认定公示`
}
