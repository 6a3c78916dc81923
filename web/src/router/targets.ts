import type { RouteRecordRaw } from 'vue-router'

// 测评考核: the target desk of county admins (their county) and the city admin (every county). The page and its
// charts (echarts) are chunks of their own, fetched only here.
const routes: RouteRecordRaw[] = [
  {
    path: '/admin/targets',
    name: 'admin-targets',
    component: () => import('@/views/targets/TargetDeskView.vue'),
    meta: { title: 'nav.targets', requiresAuth: true, roles: ['county_admin', 'city_admin'] },
  },
]
export default routes
