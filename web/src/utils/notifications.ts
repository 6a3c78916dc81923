// Notifications 站内通知: unread counts and safe in-app links.
import type { AppNotification } from '@/api/types'

export function unreadCount(items: readonly Pick<AppNotification, 'read_at'>[]): number {
  return items.reduce((n, i) => (i.read_at ? n : n + 1), 0)
}

/** The badge text: '' for none, '99+' above 99. */
export function badgeText(n: number, max = 99): string {
  if (!Number.isFinite(n) || n <= 0) return ''
  return n > max ? `${max}+` : String(Math.trunc(n))
}

/** The link of a notification when it is a path of this web app (`/me/hours`); null otherwise. */
export function internalLink(link: string | null | undefined): string | null {
  if (!link || typeof link !== 'string') return null
  const l = link.trim()
  if (!l.startsWith('/') || l.startsWith('//') || l.startsWith('/\\')) return null
  if (l.startsWith('/api/')) return null
  return l
}
