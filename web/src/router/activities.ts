import type { RouteRecordRaw } from 'vue-router'
import { MOBILE_QUERY } from '@/composables/useIsMobile'
import { prefetchActivityList } from '@/views/activities/listQuery'

const routes: RouteRecordRaw[] = [
  {
    path: '/activities',
    name: 'activities',
    // Wide screens show the filters and the table at once: their widgets come with the page (phones fetch them
    // when they first show, views/activities/listWidgets.ts).
    component: () =>
      Promise.all([
        import('@/views/activities/ActivityListView.vue'),
        window.matchMedia(MOBILE_QUERY).matches ? null : import('@/views/activities/listWidgets').then((m) => m.preloadListWidgets()),
      ]).then(([view]) => view),
    // The first page of the list is asked for while the page's code loads (views/activities/listQuery.ts).
    beforeEnter: (to) => {
      prefetchActivityList(to.query)
    },
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
