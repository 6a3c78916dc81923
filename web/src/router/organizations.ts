import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/organizations',
    name: 'organizations',
    component: () => import('@/views/organizations/OrgListView.vue'),
    meta: { title: 'nav.organizations' },
  },
  {
    path: '/organizations/apply',
    name: 'organization-apply',
    component: () => import('@/views/organizations/OrgApplyView.vue'),
    meta: { title: 'nav.orgApply', requiresAuth: true },
  },
  {
    path: '/organizations/:id(\\d+)',
    name: 'organization',
    component: () => import('@/views/organizations/OrgDetailView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'org.detailTitle' },
  },
]
export default routes
