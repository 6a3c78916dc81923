import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/regions',
    name: 'regions',
    component: () => import('@/views/regions/RegionsView.vue'),
    meta: { title: 'nav.regions' },
  },
]
export default routes
