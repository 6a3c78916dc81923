import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/register',
    name: 'register',
    component: () => import('@/views/identity/RegisterView.vue'),
    meta: { title: 'nav.register', guestOnly: true },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/identity/LoginView.vue'),
    meta: { title: 'nav.login', guestOnly: true },
  },
  {
    // 账号激活: the link in the SMS to a volunteer an organisation registered (public; works logged in or not).
    path: '/activate/:token',
    name: 'activate',
    component: () => import('@/views/identity/ActivateView.vue'),
    props: (route) => ({ token: String(route.params.token) }),
    meta: { title: 'activate.title' },
  },
  {
    path: '/me',
    name: 'me',
    component: () => import('@/views/identity/MeView.vue'),
    meta: { title: 'nav.me', requiresAuth: true },
  },
]
export default routes
