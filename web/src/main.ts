import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessage } from 'element-plus'
import 'element-plus/dist/index.css'
import './styles/main.css'
import App from './App.vue'
import router from './router'
import { configureHttp } from './api/http'
import { useSessionStore } from './stores/session'
import { t, locale } from './i18n'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)
app.use(ElementPlus)

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

document.documentElement.lang = locale.value
app.mount('#app')
