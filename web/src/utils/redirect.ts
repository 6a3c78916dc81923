/** Only same-site absolute paths are followed after log-in; anything else goes to /me. */
export function safeRedirect(target: unknown, fallback = '/me'): string {
  if (typeof target !== 'string') return fallback
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback
  if (target.startsWith('/login') || target.startsWith('/register')) return fallback
  return target
}
