import type { RouteRecordRaw } from 'vue-router'

// 全面动员: units 单位 (county and city admins register them and name their contacts), a unit's page (roster 花名册
// upload with per-row errors, who is not registered or under 20 h, the invitation link and QR code), and the page
// the invitation opens (/join/unit/<token>: public; joining needs a signed-in volunteer).
// A unit contact has no role of their own in GET /me: the server checks the unit itself.
const routes: RouteRecordRaw[] = [
  {
    path: '/admin/units',
    name: 'admin-units',
    component: () => import('@/views/units/AdminUnitsView.vue'),
    meta: { title: 'nav.adminUnits', requiresAuth: true, roles: ['county_admin', 'city_admin'] },
  },
  {
    path: '/units',
    name: 'my-units',
    component: () => import('@/views/units/MyUnitsView.vue'),
    meta: { title: 'nav.myUnits', requiresAuth: true },
  },
  {
    path: '/units/:id(\\d+)',
    name: 'unit',
    component: () => import('@/views/units/UnitView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'unit.title', requiresAuth: true },
  },
  {
    path: '/join/unit/:token',
    name: 'join-unit',
    component: () => import('@/views/units/JoinUnitView.vue'),
    props: (route) => ({ token: String(route.params.token) }),
    meta: { title: 'join.title' },
  },
]
export default routes
