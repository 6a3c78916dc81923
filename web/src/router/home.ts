import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('@/views/home/HomeView.vue'), meta: { title: 'nav.home' } },
]
export default routes
