// 一证一卡: the application's steps, what may still be done with it, and the electronic certificate's token.
import type { ApplicationEvent, ApplicationStatus, BankReportStatus, CredentialApplication, CredentialOffer } from '@/api/types'

/** The way of an application that goes well: 申请 → 平台审核 → 已送银行 → 已发放 → 已激活. */
export const APPLICATION_FLOW = ['applied', 'checked', 'sent_to_bank', 'issued', 'activated'] as const
export type FlowStatus = (typeof APPLICATION_FLOW)[number]
export type EndStatus = 'rejected' | 'cancelled'

export type StepState = 'finish' | 'process' | 'wait' | 'error'

export interface ApplicationStep {
  key: FlowStatus | EndStatus
  state: StepState
  /** When the step was reached (the event's time), if it was. */
  at?: string
  /** The reason of a rejection or withdrawal, or a bank's remark. */
  reason?: string
}

function flowIndex(status: string): number {
  return (APPLICATION_FLOW as readonly string[]).indexOf(status)
}

/** Live: not rejected or withdrawn — the server allows one live application per kind. */
export function isLiveApplication(status: ApplicationStatus | string): boolean {
  return status !== 'rejected' && status !== 'cancelled'
}

/** The volunteer may withdraw until the bank has issued (the server answers 409 not_cancellable after that). */
export function isCancellable(status: ApplicationStatus | string): boolean {
  return status === 'applied' || status === 'checked' || status === 'sent_to_bank'
}

/**
 * What a bank may report next (the server's rule): after 已送银行 — 已发放, 已激活 (issued and activated at once) or
 * 未通过; after 已发放 — 已激活 or 未通过; nothing after that.
 */
export function reportableStatuses(status: ApplicationStatus | string): BankReportStatus[] {
  if (status === 'sent_to_bank') return ['issued', 'activated', 'rejected']
  if (status === 'issued') return ['activated', 'rejected']
  return []
}

/** The last event of each status (an application may report the same status only once, but be safe). */
function lastEvents(events: readonly ApplicationEvent[]): Map<string, ApplicationEvent> {
  const m = new Map<string, ApplicationEvent>()
  for (const e of events) m.set(e.status, e)
  return m
}

/**
 * The steps to draw for an application: the flow up to where it got, with the times of its events. The next
 * step after the last one reached is `process` (waiting for the platform or the bank); a rejection or a
 * withdrawal ends the steps with an `error` step carrying the reason.
 */
export function applicationSteps(app: Pick<CredentialApplication, 'status' | 'reason' | 'updated_at' | 'events'>): ApplicationStep[] {
  const events = app.events ?? []
  const byStatus = lastEvents(events)
  const ended = app.status === 'rejected' || app.status === 'cancelled'
  // How far along the flow: the current status, or for an ended one the furthest event of the flow.
  let reached = flowIndex(app.status)
  if (ended) {
    reached = -1
    for (const e of events) reached = Math.max(reached, flowIndex(e.status))
    // A rejection always follows at least the application itself.
    if (reached < 0) reached = 0
  }
  const steps: ApplicationStep[] = []
  APPLICATION_FLOW.forEach((key, i) => {
    if (ended && i > reached) return
    const ev = byStatus.get(key)
    const step: ApplicationStep = { key, state: i <= reached ? 'finish' : i === reached + 1 ? 'process' : 'wait' }
    if (ev && i <= reached) step.at = ev.at
    if (ev?.reason && (key === 'issued' || key === 'activated')) step.reason = ev.reason
    steps.push(step)
  })
  if (ended) {
    const end = byStatus.get(app.status)
    steps.push({
      key: app.status as EndStatus,
      state: 'error',
      at: end?.at ?? app.updated_at,
      reason: end?.reason || app.reason || undefined,
    })
  }
  return steps
}

/**
 * el-steps `active`: the step in progress, or past the last step when none is (every connector coloured up to
 * there; the steps carry their own states).
 */
export function activeStep(steps: readonly ApplicationStep[]): number {
  const i = steps.findIndex((s) => s.state === 'process')
  return i >= 0 ? i : steps.length
}

export type ActorKind = 'volunteer' | 'platform' | 'bank' | 'operator' | 'other'

/** "volunteer" | "platform" | "bank:boc" (the bank's system) | "account:12" (a bank operator in the console). */
export function actorKind(actor: string): ActorKind {
  if (actor === 'volunteer') return 'volunteer'
  if (actor === 'platform') return 'platform'
  if (actor.startsWith('bank:')) return 'bank'
  if (actor.startsWith('account:')) return 'operator'
  return 'other'
}

/** A stable key of an offer (a bank may offer the card as debit or credit). */
export function offerKey(o: Pick<CredentialOffer, 'kind' | 'bank' | 'card_type'>): string {
  return o.card_type ? `${o.kind}:${o.bank}:${o.card_type}` : `${o.kind}:${o.bank}`
}

/**
 * The electronic certificate's token in what a merchant scanned, typed or pasted: the verify link
 * (…/verify/e-certificate/<token>, with or without a query) or the bare token. Spaces and line breaks a
 * scanner adds are dropped. '' when the text holds no token.
 */
export function certificateToken(text: string | null | undefined): string {
  let s = (text ?? '').trim()
  const m = /\/verify\/e-certificate\/([^/?#\s]+)/i.exec(s)
  if (m) {
    try {
      s = decodeURIComponent(m[1]!)
    } catch {
      s = m[1]!
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.includes('/')) {
    // Some other link (an activity's check-in code, a proof's page): not a certificate.
    return ''
  }
  s = s.replace(/\s+/g, '')
  return /^[A-Za-z0-9._~-]{8,200}$/.test(s) ? s : ''
}

/** The in-app path of a certificate's public page (what its QR code opens). */
export function eCertificateVerifyPath(token: string): string {
  return `/verify/e-certificate/${encodeURIComponent(token)}`
}
