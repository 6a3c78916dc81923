import type { RouteRecordRaw } from 'vue-router'

// Recipients' needs 点单 → 派单 → 接单 → 活动 → 确认评价.
const routes: RouteRecordRaw[] = [
  {
    path: '/needs/new',
    name: 'need-new',
    component: () => import('@/views/needs/NeedNewView.vue'),
    meta: { title: 'nav.needNew', requiresAuth: true },
  },
  {
    path: '/me/needs',
    name: 'my-needs',
    component: () => import('@/views/needs/MyNeedsView.vue'),
    meta: { title: 'nav.myNeeds', requiresAuth: true },
  },
  {
    path: '/admin/needs',
    name: 'admin-needs',
    component: () => import('@/views/needs/AdminNeedsView.vue'),
    meta: { title: 'nav.adminNeeds', requiresAuth: true, roles: ['county_admin', 'city_admin'] },
  },
  {
    path: '/org/:orgId(\\d+)/needs',
    name: 'org-needs',
    component: () => import('@/views/needs/OrgNeedsView.vue'),
    props: (route) => ({ orgId: Number(route.params.orgId) }),
    meta: { title: 'nav.orgNeeds', roles: ['org_admin'] },
  },
]
export default routes
