import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage } from 'element-plus'
import './styles/element-plus.css'
import './styles/main.css'
import App from './App.vue'
import router from './router'
import { configureHttp } from './api/http'
import { useSessionStore } from './stores/session'
import { t, setLocale, storedLocale } from './i18n'
import { preloadShell } from './layouts/shellWidgets'
import { MOBILE_QUERY } from './composables/useIsMobile'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)

// Central 401 handling: the session is gone (expired, ended elsewhere) → clear it and log in again.
configureHttp({
  onUnauthorized(err) {
    const session = useSessionStore(pinia)
    session.clear()
    const current = router.currentRoute.value
    if (current.name === 'login') return
    ElMessage({ type: 'warning', message: err.code === 'session_expired' ? err.detail || t('auth.expired') : t('auth.expired'), grouping: true })
    void router.replace({ path: '/login', query: { redirect: current.fullPath } })
  },
})

// The router's first navigation sets the page title and the first render shows text: both wait for the chosen
// language's dictionary (at once for zh-CN; English is a small chunk of its own, and zh-CN if it fails to load).
// On wide screens the app is mounted once that navigation has resolved (the page's chunk is in) and the bar is in,
// so that the bar shows the page's item from the first paint. On phones (no bar) the layout is mounted at once and
// paints while the page's chunk loads, the page then mounting on its own (a shorter task); until the first
// navigation has resolved the footer is hidden (html.zy-first-route, styles/main.css), so that it does not show
// under the header and then jump down (a layout shift).
const shell = preloadShell()
const mountEarly = window.matchMedia(MOBILE_QUERY).matches
if (mountEarly) document.documentElement.classList.add('zy-first-route')
void setLocale(storedLocale(), { remember: false })
  .catch(() => undefined)
  .then(() => {
    app.use(router)
    return mountEarly ? undefined : Promise.all([router.isReady(), shell])
  })
  .catch(() => undefined)
  .finally(() => {
    app.mount('#app')
    if (mountEarly) {
      void router
        .isReady()
        .catch(() => undefined)
        .finally(() => document.documentElement.classList.remove('zy-first-route'))
    }
  })
