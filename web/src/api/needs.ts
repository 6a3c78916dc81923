// Recipients' needs 点单 → 派单 → 接单 — docs/api.md "Recipients' needs".
import { apiPath, http } from './http'
import type { Activity, Need, NeedActivityInput, NeedConfirmation, NeedDispatch, NeedInput, NeedQuery, Page } from './types'

/** 点单: any logged-in account. */
export function postNeed(body: NeedInput): Promise<Need> {
  return http.post<Need>(apiPath('needs'), body)
}

/** The caller's scope (or only its own with `mine`). */
export function listNeeds(query: NeedQuery = {}): Promise<Page<Need>> {
  const { mine, status, ...rest } = query
  return http.get<Page<Need>>(apiPath('needs'), {
    ...rest,
    status: status || undefined,
    mine: mine ? 'true' : undefined,
  })
}

export function getNeed(id: number): Promise<Need> {
  return http.get<Need>(apiPath('needs', id))
}

/** 派单 (county admin of the need's county, or the city admin). */
export function dispatchNeed(id: number, body: NeedDispatch): Promise<Need> {
  return http.post<Need>(apiPath('needs', id, 'dispatch'), body)
}

/** 接单 (the organisation's admin). */
export function acceptNeed(id: number): Promise<Need> {
  return http.post<Need>(apiPath('needs', id, 'accept'), {})
}

/** 退回: back to `open` for the county. */
export function declineNeed(id: number, reason: string): Promise<Need> {
  return http.post<Need>(apiPath('needs', id, 'decline'), { reason })
}

/** A draft activity prefilled from the accepted need; the need becomes `scheduled`. */
export function createActivityFromNeed(id: number, body: NeedActivityInput): Promise<Activity> {
  return http.post<Activity>(apiPath('needs', id, 'activity'), body)
}

/** 确认评价 (the poster, once scheduled). */
export function confirmNeed(id: number, body: NeedConfirmation): Promise<Need> {
  return http.post<Need>(apiPath('needs', id, 'confirmation'), body)
}

/** 撤回 (the poster, before it is accepted). */
export function cancelNeed(id: number): Promise<Need> {
  return http.post<Need>(apiPath('needs', id, 'cancel'), {})
}
