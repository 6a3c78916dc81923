import type { RouteRecordRaw } from 'vue-router'

// 通知 and 回执: the city admin publishes notices to units and sees who answered; a unit's contact answers.
// (The in-app notifications of a new notice and of a reminder link to /notices/<id>.)
const routes: RouteRecordRaw[] = [
  {
    path: '/notices',
    name: 'notices',
    component: () => import('@/views/notices/NoticeListView.vue'),
    meta: { title: 'nav.notices', requiresAuth: true },
  },
  {
    path: '/notices/:id(\\d+)',
    name: 'notice',
    component: () => import('@/views/notices/NoticeDetailView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'notices.detailTitle', requiresAuth: true },
  },
]
export default routes
