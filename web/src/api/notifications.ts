// In-app notifications 站内通知 — docs/api.md "The hours record" (GET /me/notifications, newest 50).
import { apiPath, http } from './http'
import type { AppNotification } from './types'

/** `background`: a 401 does not send the user to the log-in page (the header's bell refreshes on its own). */
export async function listMyNotifications(opts: { background?: boolean } = {}): Promise<AppNotification[]> {
  const res = await http.get<{ items: AppNotification[] }>(apiPath('me', 'notifications'), undefined, {
    skipAuthRedirect: opts.background ?? false,
  })
  return res?.items ?? []
}
