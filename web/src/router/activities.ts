import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/activities',
    name: 'activities',
    component: () => import('@/views/activities/ActivityListView.vue'),
    meta: { title: 'nav.activities' },
  },
  {
    path: '/activities/:id(\\d+)',
    name: 'activity',
    component: () => import('@/views/activities/ActivityDetailView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'act.detailTitle' },
  },
  {
    path: '/me/activities',
    name: 'my-activities',
    component: () => import('@/views/activities/MyActivitiesView.vue'),
    meta: { title: 'nav.myActivities', requiresAuth: true },
  },
  {
    path: '/me/hours',
    name: 'my-hours',
    component: () => import('@/views/activities/MyHoursView.vue'),
    meta: { title: 'nav.myHours', requiresAuth: true },
  },
  {
    path: '/me/pass',
    name: 'my-pass',
    component: () => import('@/views/activities/MyPassView.vue'),
    meta: { title: 'nav.myPass', requiresAuth: true },
  },
  {
    // Opened by scanning the QR code on site; the guard sends a visitor to /login?redirect=<this URL>.
    path: '/checkin/:id(\\d+)',
    name: 'checkin',
    component: () => import('@/views/activities/CheckinView.vue'),
    props: (route) => ({
      id: Number(route.params.id),
      token: typeof route.query.token === 'string' ? route.query.token : '',
    }),
    meta: { title: 'nav.checkin', requiresAuth: true },
  },
]
export default routes
