import type { MessageKey } from '@/i18n'
import type { RoleName } from '@/api/types'

declare module 'vue-router' {
  interface RouteMeta {
    /** Dictionary key of the page title. */
    title?: MessageKey
    /** Needs a logged-in account. */
    requiresAuth?: boolean
    /** Needs one of these roles (implies requiresAuth). */
    roles?: RoleName[]
    /** Only for visitors who are not logged in (log-in, registration). */
    guestOnly?: boolean
  }
}

export {}
