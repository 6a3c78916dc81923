import type { RouteRecordRaw } from 'vue-router'

// 一证一卡: the volunteer's applications (证卡申请) and electronic certificate (电子志愿者证), the public page its
// QR code opens (/verify/e-certificate/<token>; no log-in), and the bank operator's console.
const routes: RouteRecordRaw[] = [
  {
    path: '/me/credentials',
    name: 'my-credentials',
    component: () => import('@/views/credentials/MyCredentialsView.vue'),
    meta: { title: 'nav.myCredentials', requiresAuth: true },
  },
  {
    path: '/me/e-certificate',
    name: 'my-e-certificate',
    component: () => import('@/views/credentials/ECertificateView.vue'),
    meta: { title: 'nav.eCertificate', requiresAuth: true },
  },
  {
    path: '/verify/e-certificate/:token',
    name: 'verify-e-certificate',
    component: () => import('@/views/credentials/VerifyECertificateView.vue'),
    props: (route) => ({ token: String(route.params.token) }),
    meta: { title: 'ecert.verifyTitle' },
  },
  {
    path: '/bank/applications',
    name: 'bank-console',
    component: () => import('@/views/credentials/BankConsoleView.vue'),
    meta: { title: 'nav.bankConsole', requiresAuth: true, roles: ['bank_operator'] },
  },
]
export default routes
