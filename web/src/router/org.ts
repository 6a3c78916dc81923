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
    path: '/org/:orgId(\\d+)/hours',
    name: 'org-hours',
    component: () => import('@/views/org/OrgHoursView.vue'),
    props: (route) => ({ orgId: Number(route.params.orgId) }),
    meta: { title: 'nav.orgHours', roles: ['org_admin'] },
  },
  {
    path: '/org/:orgId(\\d+)/appeals',
    name: 'org-appeals',
    component: () => import('@/views/org/OrgAppealsView.vue'),
    props: (route) => ({ orgId: Number(route.params.orgId) }),
    meta: { title: 'nav.orgAppeals', roles: ['org_admin'] },
  },
  {
    path: '/org/:orgId(\\d+)/proofs',
    name: 'org-proofs',
    component: () => import('@/views/org/OrgProofsView.vue'),
    props: (route) => ({ orgId: Number(route.params.orgId) }),
    meta: { title: 'nav.orgProofs', roles: ['org_admin'] },
  },
  {
    path: '/org/:orgId(\\d+)/volunteer-imports',
    name: 'org-volunteer-imports',
    component: () => import('@/views/org/OrgVolunteerImportsView.vue'),
    props: (route) => ({ orgId: Number(route.params.orgId) }),
    meta: { title: 'nav.orgImports', roles: ['org_admin'] },
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
