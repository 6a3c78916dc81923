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
    path: '/me',
    name: 'me',
    component: () => import('@/views/identity/MeView.vue'),
    meta: { title: 'nav.me', requiresAuth: true },
  },
]
export default routes
