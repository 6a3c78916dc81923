// The password change reminder, rendered server-side (the node test environment has no DOM).
import { beforeEach, describe, expect, it } from 'vitest'
import { createSSRApp } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import type { Me } from '@/api/types'
import { setLocale } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import PasswordDueAlert from './PasswordDueAlert.vue'

function me(due: boolean | undefined): Me {
  return {
    account: { id: 1, name: '李梅芳', phone: '138****5678', roles: [{ role: 'volunteer' }], created_at: '2026-01-01T00:00:00+08:00' },
    volunteer: null,
    password_changed_at: '2026-01-01T00:00:00+08:00',
    ...(due === undefined ? {} : { password_change_due: due }),
  }
}

async function render(pinia: Pinia): Promise<string> {
  const app = createSSRApp(PasswordDueAlert)
  app.use(pinia)
  app.use(createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] }))
  app.use(ElementPlus)
  return renderToString(app)
}

describe('PasswordDueAlert', () => {
  let pinia: Pinia

  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    setLocale('zh-CN')
  })

  it('shows the reminder with a change-password link when the password is due', async () => {
    useSessionStore().me = me(true)
    const html = await render(pinia)
    expect(html).toContain('data-testid="password-due-alert"')
    expect(html).toContain('您的密码已超过90天未更换，为保护账号安全请尽快修改。')
    expect(html).toContain('data-testid="password-due-change"')
    expect(html).toContain('修改密码')
  })

  it('uses the English locale', async () => {
    setLocale('en')
    useSessionStore().me = me(true)
    const html = await render(pinia)
    expect(html).toContain('Your password has not been changed for more than 90 days.')
    expect(html).toContain('Change password')
  })

  it('shows nothing when the password is not due, the field is absent, or no one is logged in', async () => {
    const session = useSessionStore()
    session.me = me(false)
    expect(await render(pinia)).not.toContain('password-due-alert')
    session.me = me(undefined)
    expect(await render(pinia)).not.toContain('password-due-alert')
    session.me = null
    expect(await render(pinia)).not.toContain('password-due-alert')
  })

  it('stays hidden once closed, until the next log-in', async () => {
    const session = useSessionStore()
    session.me = me(true)
    session.setPasswordReminderDismissed(true)
    expect(await render(pinia)).not.toContain('password-due-alert')
    session.clear()
    expect(session.passwordReminderDismissed).toBe(false)
  })
})
