// Proofs of service 志愿服务记录证明: numbers, periods and the public verification path.

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

export type RangeProblem = '' | 'required' | 'endsBeforeStart' | 'inFuture'

/** Client-side check of a requested period (`YYYY-MM-DD`, China `today`); the server checks it again. */
export function checkProofRange(from: string, to: string, today: string): RangeProblem {
  if (!from || !to) return 'required'
  if (from > today || to > today) return 'inFuture'
  if (to < from) return 'endsBeforeStart'
  return ''
}
