import type { RouteRecordRaw } from 'vue-router'

// 消息通知 of the signed-in account (the bell in the header opens it).
const routes: RouteRecordRaw[] = [
  {
    path: '/me/notifications',
    name: 'my-notifications',
    component: () => import('@/views/notifications/NotificationsView.vue'),
    meta: { title: 'nav.notifications', requiresAuth: true },
  },
]
export default routes
