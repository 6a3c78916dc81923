// Notices 通知 and receipts 回执: deadlines, the receipt board's counts, and what a unit contact can know of their
// own units' standing.
import type { Notice, Receipt, ReceiptStanding, ReceiptStatus, Unit } from '@/api/types'
import { dateToPicker, timeOf } from './datetime'

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export function receiptStatusTagType(s: ReceiptStatus | string): TagType {
  switch (s) {
    case 'answered':
      return 'success'
    case 'answered_late':
      return 'warning'
    case 'late':
      return 'danger'
    default:
      return 'info'
  }
}

/** True once the deadline has passed. */
export function isPastDeadline(notice: Pick<Notice, 'deadline'>, now: number = Date.now()): boolean {
  const t = timeOf(notice.deadline)
  return Number.isFinite(t) && now > t
}

/** The four counts of the board (按时回执 / 逾期回执 / 未回执 / 已逾期), from its rows. */
export function receiptCounts(items: readonly Pick<ReceiptStanding, 'status'>[]): Record<ReceiptStatus, number> {
  const out: Record<ReceiptStatus, number> = { answered: 0, answered_late: 0, pending: 0, late: 0 }
  for (const i of items) if (i.status in out) out[i.status] += 1
  return out
}

/** Board rows in the order a city admin works through them: late first, then pending, answered late, on time. */
const ORDER: Record<ReceiptStatus, number> = { late: 0, pending: 1, answered_late: 2, answered: 3 }
export function sortStandings<T extends Pick<ReceiptStanding, 'status' | 'unit_name'>>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || a.unit_name.localeCompare(b.unit_name, 'zh-CN'))
}

/** The status of a receipt submitted at `submittedAt` for a notice due at `deadline`. */
export function statusOfReceipt(receipt: Pick<Receipt, 'submitted_at'>, notice: Pick<Notice, 'deadline'>): ReceiptStatus {
  return timeOf(receipt.submitted_at) <= timeOf(notice.deadline) ? 'answered' : 'answered_late'
}

/**
 * A unit contact's own standing on a notice, for each of their units it is addressed to.
 * - The server's `mine` when it gives it (then `myUnits` only fills in a missing name);
 * - a receipt submitted on this page (`submitted`, by unit id);
 * - else what `answered` proves: nobody answered → 未回执 (or 已逾期 past the deadline); every addressed unit
 *   answered → 已回执 (`answered_unknown`: on time or late cannot be told); otherwise `unknown`.
 */
export type ContactStatus = ReceiptStatus | 'answered_unknown' | 'unknown'
export interface ContactStanding {
  unit_id: number
  unit_name: string
  status: ContactStatus
  receipt: Receipt | null
}

export function contactStandings(
  notice: Notice,
  myUnits: readonly Pick<Unit, 'id' | 'name'>[],
  submitted: ReadonlyMap<number, Receipt> = new Map(),
  now: number = Date.now(),
): ContactStanding[] {
  // The server's `mine` (GET /notices/{id} for a contact) is the whole answer: every addressed unit of theirs.
  if (Array.isArray(notice.mine)) {
    return notice.mine.map((m) => {
      const fresh = submitted.get(m.unit_id)
      const unit_name = m.unit_name || myUnits.find((u) => u.id === m.unit_id)?.name || ''
      if (fresh) return { unit_id: m.unit_id, unit_name, status: statusOfReceipt(fresh, notice), receipt: fresh }
      return { unit_id: m.unit_id, unit_name, status: m.status, receipt: m.receipt }
    })
  }
  const addressed = myUnits.filter((u) => notice.unit_ids.includes(u.id))
  const past = isPastDeadline(notice, now)
  return addressed.map((u) => {
    const fresh = submitted.get(u.id)
    if (fresh) return { unit_id: u.id, unit_name: u.name, status: statusOfReceipt(fresh, notice), receipt: fresh }
    let status: ContactStatus = 'unknown'
    if (notice.answered <= 0) status = past ? 'late' : 'pending'
    else if (notice.answered >= notice.unit_ids.length) status = 'answered_unknown'
    return { unit_id: u.id, unit_name: u.name, status, receipt: null }
  })
}

/** One line for a contact's list: the worst standing among their addressed units (late before pending …). */
export function worstStanding(standings: readonly ContactStanding[]): ContactStatus | null {
  const rank: Record<ContactStatus, number> = { late: 0, pending: 1, unknown: 2, answered_late: 3, answered_unknown: 4, answered: 5 }
  let worst: ContactStatus | null = null
  for (const s of standings) if (worst === null || rank[s.status] < rank[worst]) worst = s.status
  return worst
}

export function contactStatusTagType(s: ContactStatus): TagType {
  if (s === 'answered_unknown') return 'success'
  if (s === 'unknown') return 'info'
  return receiptStatusTagType(s)
}

/** The publish form's first deadline: a week from now, 17:00 China time ("YYYY-MM-DD HH:mm:ss"). */
export function defaultDeadline(now: Date = new Date()): string {
  return `${dateToPicker(new Date(now.getTime() + 7 * 24 * 3600 * 1000)).slice(0, 10)} 17:00:00`
}
