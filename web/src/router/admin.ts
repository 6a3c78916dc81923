import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/admin/organizations',
    name: 'admin-organizations',
    component: () => import('@/views/admin/OrgReviewView.vue'),
    meta: { title: 'nav.orgReview', requiresAuth: true, roles: ['county_admin', 'city_admin'] },
  },
  {
    // County/city admins; admins of a parent organisation also review their member organisations' long days.
    path: '/admin/ledger-reviews',
    name: 'admin-ledger-reviews',
    component: () => import('@/views/admin/LedgerReviewView.vue'),
    meta: { title: 'nav.ledgerReviews', requiresAuth: true, roles: ['county_admin', 'city_admin', 'org_admin'] },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('@/views/admin/AuditView.vue'),
    meta: { title: 'nav.audit', requiresAuth: true, roles: ['auditor'] },
  },
  {
    // 安全管理员 (three-role separation): staff accounts and security events; no business pages.
    path: '/admin/security',
    name: 'admin-security',
    component: () => import('@/views/admin/SecurityView.vue'),
    meta: { title: 'nav.security', requiresAuth: true, roles: ['security_admin'] },
  },
]
export default routes
