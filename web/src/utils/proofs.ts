// Proofs of service 志愿服务记录证明: numbers, periods and the public verification path.
import { t } from '@/i18n'

/** A proof number as people type or paste it: spaces dropped, upper case; a pasted verify URL gives its number. */
export function normalizeProofNumber(input: string | null | undefined): string {
  let s = (input ?? '').trim()
  const m = /\/verify\/proofs\/([^/?#\s]+)/i.exec(s)
  if (m) {
    try {
      s = decodeURIComponent(m[1]!)
    } catch {
      s = m[1]!
    }
  }
  s = s.replace(/[\s\u3000-]+/g, '').toUpperCase()
  return /^[A-Z0-9]{4,40}$/.test(s) ? s : ''
}

/** The in-app path of a proof's public page (what the PDF's QR code opens). */
export function verifyPath(number: string): string {
  return `/verify/proofs/${encodeURIComponent(number)}`
}

export interface PeriodWords {
  /** Both ends open: all the volunteer's confirmed hours up to the issue date. */
  all: string
  /** `{from}` 起 (up to the issue date). */
  since: string
  /** 截至 `{to}`. */
  until: string
  /** `{from}` 至 `{to}`. */
  range: string
}

/** The period a proof covers, in words ("全部服务时长", "2026-01-01 至 2026-03-31", …). */
export function proofPeriodText(from: string | null | undefined, to: string | null | undefined, words: PeriodWords): string {
  const fill = (tpl: string) => tpl.replace('{from}', from ?? '').replace('{to}', to ?? '')
  if (from && to) return fill(words.range)
  if (from) return fill(words.since)
  if (to) return fill(words.until)
  return words.all
}

/** The period of a proof in the dictionary's words (the pages' and the facts' wording). */
export function proofPeriodLabel(from: string | null | undefined, to: string | null | undefined): string {
  return proofPeriodText(from, to, {
    all: t('proof.periodAll'),
    since: t('proof.periodSince'),
    until: t('proof.periodUntil'),
    range: t('proof.periodRange'),
  })
}

export interface ProofCounts {
  all: number
  genuine: number
  superseded: number
  revoked: number
}

/** How many proofs there are of each status. */
export function proofCounts(proofs: readonly { status: string }[]): ProofCounts {
  const c: ProofCounts = { all: proofs.length, genuine: 0, superseded: 0, revoked: 0 }
  for (const p of proofs) if (p.status === 'genuine' || p.status === 'superseded' || p.status === 'revoked') c[p.status]++
  return c
}

/**
 * The proofs of a status ('' for all) whose number, volunteer name or volunteer number contains `query`
 * (case-insensitive; a pasted verify link finds its proof).
 */
export function filterProofs<P extends { number: string; status: string; volunteer_name: string; volunteer_number: string }>(
  proofs: readonly P[],
  status: string,
  query: string,
): P[] {
  const q = query.trim().toUpperCase()
  const number = normalizeProofNumber(query)
  return proofs.filter((p) => {
    if (status && p.status !== status) return false
    if (!q) return true
    return (
      (!!number && p.number.includes(number)) ||
      p.number.includes(q) ||
      p.volunteer_name.toUpperCase().includes(q) ||
      p.volunteer_number.toUpperCase().includes(q)
    )
  })
}

export type RangeProblem = '' | 'required' | 'endsBeforeStart' | 'inFuture'

/** Client-side check of a requested period (`YYYY-MM-DD`, China `today`); the server checks it again. */
export function checkProofRange(from: string, to: string, today: string): RangeProblem {
  if (!from || !to) return 'required'
  if (from > today || to > today) return 'inFuture'
  if (to < from) return 'endsBeforeStart'
  return ''
}
