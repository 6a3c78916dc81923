import type { RouteRecordRaw } from 'vue-router'

// Proofs of service 志愿服务记录证明: the volunteer's own page and the public verification pages (the PDF's QR
// code opens /verify/proofs/<number>; no log-in).
const routes: RouteRecordRaw[] = [
  {
    path: '/me/proofs',
    name: 'my-proofs',
    component: () => import('@/views/proofs/MyProofsView.vue'),
    meta: { title: 'nav.myProofs', requiresAuth: true },
  },
  {
    path: '/verify',
    name: 'verify',
    component: () => import('@/views/proofs/VerifyView.vue'),
    meta: { title: 'nav.verify' },
  },
  {
    path: '/verify/proofs/:number',
    name: 'verify-proof',
    component: () => import('@/views/proofs/VerifyProofView.vue'),
    props: (route) => ({ number: String(route.params.number) }),
    meta: { title: 'verify.title' },
  },
]
export default routes
