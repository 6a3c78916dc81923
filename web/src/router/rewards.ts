import type { RouteRecordRaw } from 'vue-router'

// 嘉许回馈: the volunteer's benefits, the partner merchant's scan-and-redeem page, and the city admin's merchants,
// benefits and credit list 守信激励名单.
const routes: RouteRecordRaw[] = [
  {
    path: '/me/benefits',
    name: 'my-benefits',
    component: () => import('@/views/rewards/MyBenefitsView.vue'),
    meta: { title: 'nav.myBenefits', requiresAuth: true },
  },
  {
    path: '/merchant',
    name: 'merchant',
    component: () => import('@/views/rewards/MerchantView.vue'),
    meta: { title: 'nav.merchant', requiresAuth: true, roles: ['merchant'] },
  },
  {
    path: '/admin/rewards',
    name: 'admin-rewards',
    component: () => import('@/views/rewards/AdminRewardsView.vue'),
    meta: { title: 'nav.adminRewards', requiresAuth: true, roles: ['city_admin'] },
  },
  {
    path: '/admin/credit',
    name: 'admin-credit',
    component: () => import('@/views/rewards/CreditListView.vue'),
    meta: { title: 'nav.creditList', requiresAuth: true, roles: ['city_admin'] },
  },
]
export default routes
