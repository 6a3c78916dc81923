import type { Router } from 'vue-router'
import { ElMessage } from 'element-plus'
import { useSessionStore } from '@/stores/session'
import { satisfiesAny } from '@/utils/roles'
import { t } from '@/i18n'
import { safeRedirect } from '@/utils/redirect'

export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    try {
      await session.ensureLoaded()
    } catch {
      /* network trouble: treat as logged out for the guard */
    }
    const needsAuth = to.meta.requiresAuth || (to.meta.roles?.length ?? 0) > 0
    if (needsAuth && !session.isLoggedIn) {
      return { path: '/login', query: { redirect: to.fullPath } }
    }
    if (to.meta.roles && !satisfiesAny(session.roleList, to.meta.roles)) {
      ElMessage.warning(t('common.forbidden'))
      return { path: '/' }
    }
    if (to.meta.guestOnly && session.isLoggedIn) {
      const redirect = typeof to.query.redirect === 'string' ? to.query.redirect : '/me'
      return safeRedirect(redirect)
    }
    return true
  })

  router.afterEach((to) => {
    const title = to.meta.title ? t(to.meta.title) : ''
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name')
  })
}

