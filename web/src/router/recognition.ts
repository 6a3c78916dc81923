import type { RouteRecordRaw } from 'vue-router'

// Star volunteers 星级志愿者: my stars, the public publicity (公示) pages, and the city's certification page.
const routes: RouteRecordRaw[] = [
  {
    path: '/me/stars',
    name: 'my-stars',
    component: () => import('@/views/stars/MyStarsView.vue'),
    meta: { title: 'nav.myStars', requiresAuth: true },
  },
  {
    path: '/stars/publicities',
    name: 'star-publicities',
    component: () => import('@/views/stars/PublicityListView.vue'),
    meta: { title: 'nav.starPublicities' },
  },
  {
    path: '/stars/publicities/:id(\\d+)',
    name: 'star-publicity',
    component: () => import('@/views/stars/PublicityDetailView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'nav.starPublicities' },
  },
  {
    path: '/admin/stars',
    name: 'admin-stars',
    component: () => import('@/views/stars/AdminStarsView.vue'),
    meta: { title: 'nav.adminStars', requiresAuth: true, roles: ['city_admin'] },
  },
]
export default routes
