import type { RouteRecordRaw } from 'vue-router'

// The organiser console (org admins; the server checks the organisation itself).
const routes: RouteRecordRaw[] = [
  {
    path: '/org/:orgId(\\d+)/activities',
    name: 'org-activities',
    component: () => import('@/views/org/OrgActivitiesView.vue'),
    props: (route) => ({ orgId: Number(route.params.orgId) }),
    meta: { title: 'nav.orgActivities', roles: ['org_admin'] },
  },
  {
    path: '/org/activities/:id(\\d+)/console',
    name: 'activity-console',
    component: () => import('@/views/org/ActivityConsoleView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'nav.console', roles: ['org_admin'] },
  },
]
export default routes
