import { describe, expect, it } from 'vitest'
import type { ApplicationEvent, ApplicationStatus, CredentialApplication } from '@/api/types'
import {
  activeStep,
  actorKind,
  applicationSteps,
  certificateToken,
  eCertificateVerifyPath,
  isCancellable,
  isLiveApplication,
  offerKey,
  reportableStatuses,
} from './credentials'
import { secondsLeft } from './datetime'

const ev = (status: ApplicationStatus, at: string, actor = 'platform', reason = ''): ApplicationEvent => ({ status, actor, reason, at })
const T = (m: number) => `2026-11-29T08:${String(m).padStart(2, '0')}:00+08:00`

function app(status: ApplicationStatus, events: ApplicationEvent[], reason = ''): Pick<CredentialApplication, 'status' | 'reason' | 'updated_at' | 'events'> {
  return { status, reason, updated_at: T(59), events }
}

const sent = [ev('applied', T(1), 'volunteer'), ev('checked', T(1)), ev('sent_to_bank', T(1), 'platform', '中国银行')]

describe('applicationSteps', () => {
  it('marks the steps reached as finished and the next one as in progress', () => {
    const steps = applicationSteps(app('sent_to_bank', sent))
    expect(steps.map((s) => [s.key, s.state])).toEqual([
      ['applied', 'finish'],
      ['checked', 'finish'],
      ['sent_to_bank', 'finish'],
      ['issued', 'process'],
      ['activated', 'wait'],
    ])
    expect(steps[2]!.at).toBe(T(1))
    expect(steps[3]!.at).toBeUndefined()
    // The bank name in the sent_to_bank event is not a "reason".
    expect(steps[2]!.reason).toBeUndefined()
    expect(activeStep(steps)).toBe(3)
  })

  it('finishes every step once activated, with the bank’s times', () => {
    const steps = applicationSteps(app('activated', [...sent, ev('issued', T(5), 'bank:boc'), ev('activated', T(9), 'account:12')]))
    expect(steps.every((s) => s.state === 'finish')).toBe(true)
    expect(steps.map((s) => s.at)).toEqual([T(1), T(1), T(1), T(5), T(9)])
    expect(activeStep(steps)).toBe(5)
  })

  it('ends a rejection by the platform right after the application, with the reason', () => {
    const steps = applicationSteps(
      app('rejected', [ev('applied', T(1), 'volunteer'), ev('rejected', T(2), 'platform', '请先完成实名认证')], '请先完成实名认证'),
    )
    expect(steps.map((s) => [s.key, s.state])).toEqual([
      ['applied', 'finish'],
      ['rejected', 'error'],
    ])
    expect(steps[1]).toMatchObject({ at: T(2), reason: '请先完成实名认证' })
    expect(activeStep(steps)).toBe(2)
  })

  it('ends a bank’s rejection after the step the bank had reached', () => {
    const steps = applicationSteps(
      app('rejected', [...sent, ev('issued', T(5), 'bank:boc'), ev('rejected', T(7), 'bank:boc', '资料不全')], '资料不全'),
    )
    expect(steps.map((s) => s.key)).toEqual(['applied', 'checked', 'sent_to_bank', 'issued', 'rejected'])
    expect(steps.at(-1)).toMatchObject({ state: 'error', reason: '资料不全' })
  })

  it('ends a withdrawal with its note', () => {
    const steps = applicationSteps(app('cancelled', [...sent, ev('cancelled', T(3), 'volunteer', '申请人撤回')], '申请人撤回'))
    expect(steps.map((s) => s.key)).toEqual(['applied', 'checked', 'sent_to_bank', 'cancelled'])
    expect(steps.at(-1)).toMatchObject({ state: 'error', at: T(3), reason: '申请人撤回' })
  })

  it('works without events (the bank lists carry none)', () => {
    expect(applicationSteps({ status: 'issued', reason: '', updated_at: T(5) }).map((s) => s.state)).toEqual([
      'finish',
      'finish',
      'finish',
      'finish',
      'process',
    ])
    const rejected = applicationSteps({ status: 'rejected', reason: '未满16周岁', updated_at: T(5) })
    expect(rejected.map((s) => s.key)).toEqual(['applied', 'rejected'])
    expect(rejected[1]).toMatchObject({ at: T(5), reason: '未满16周岁' })
  })
})

describe('what may still be done', () => {
  it('lets the volunteer withdraw until the bank issued', () => {
    expect(['applied', 'checked', 'sent_to_bank'].every(isCancellable)).toBe(true)
    expect(['issued', 'activated', 'rejected', 'cancelled'].some(isCancellable)).toBe(false)
  })
  it('counts rejected and withdrawn applications as over', () => {
    expect(isLiveApplication('sent_to_bank')).toBe(true)
    expect(isLiveApplication('activated')).toBe(true)
    expect(isLiveApplication('rejected')).toBe(false)
    expect(isLiveApplication('cancelled')).toBe(false)
  })
  it('offers the bank the server’s next steps only', () => {
    expect(reportableStatuses('sent_to_bank')).toEqual(['issued', 'activated', 'rejected'])
    expect(reportableStatuses('issued')).toEqual(['activated', 'rejected'])
    expect(reportableStatuses('activated')).toEqual([])
    expect(reportableStatuses('cancelled')).toEqual([])
  })
})

describe('actorKind and offerKey', () => {
  it('reads the actors of the events', () => {
    expect(actorKind('volunteer')).toBe('volunteer')
    expect(actorKind('platform')).toBe('platform')
    expect(actorKind('bank:boc')).toBe('bank')
    expect(actorKind('account:12')).toBe('operator')
    expect(actorKind('cron')).toBe('other')
  })
  it('tells a bank’s debit and credit cards apart', () => {
    expect(offerKey({ kind: 'certificate', bank: 'boc', card_type: null })).toBe('certificate:boc')
    expect(offerKey({ kind: 'card', bank: 'ccb', card_type: 'debit' })).toBe('card:ccb:debit')
  })
})

describe('certificateToken', () => {
  const tok = 'P3.59863751.9d7979f9ab24f39effeb0538'
  it('takes the token out of a scanned or pasted verify link', () => {
    expect(certificateToken(`http://127.0.0.1:8080/verify/e-certificate/${tok}`)).toBe(tok)
    expect(certificateToken(`https://zy.meizhou.gov.cn/verify/e-certificate/${tok}?from=qr#x`)).toBe(tok)
    expect(certificateToken(`/verify/e-certificate/${encodeURIComponent(tok)}/`)).toBe(tok)
    expect(certificateToken(`  https://zy.example/verify/e-certificate/${tok}\n`)).toBe(tok)
  })
  it('accepts the bare code, without the spaces a scanner or a copy adds', () => {
    expect(certificateToken(tok)).toBe(tok)
    expect(certificateToken(` ${tok.slice(0, 12)} ${tok.slice(12)}\r\n`)).toBe(tok)
  })
  it('refuses other links and junk', () => {
    expect(certificateToken('https://zy.example/verify/proofs/ZM2026ABCDEF')).toBe('')
    expect(certificateToken('https://zy.example/checkin/12?t=abc')).toBe('')
    expect(certificateToken('你好')).toBe('')
    expect(certificateToken('short')).toBe('')
    expect(certificateToken('')).toBe('')
    expect(certificateToken(null)).toBe('')
    expect(certificateToken('/verify/e-certificate/%E0%A4%A')).toBe('')
  })
  it('builds the public path back', () => {
    expect(eCertificateVerifyPath(tok)).toBe(`/verify/e-certificate/${tok}`)
    expect(certificateToken(eCertificateVerifyPath(tok))).toBe(tok)
  })
})

describe('secondsLeft (the countdowns)', () => {
  it('counts whole seconds up, never below zero', () => {
    const now = 1_000_000
    expect(secondsLeft(now + 25_000, now)).toBe(25)
    expect(secondsLeft(now + 24_001, now)).toBe(25)
    expect(secondsLeft(now + 24_000, now)).toBe(24)
    expect(secondsLeft(now + 1, now)).toBe(1)
    expect(secondsLeft(now, now)).toBe(0)
    expect(secondsLeft(now - 5_000, now)).toBe(0)
    expect(secondsLeft(Number.NaN, now)).toBe(0)
  })
})
