import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import './meta'
import home from './home'
import identity from './identity'
import organizations from './organizations'
import admin from './admin'
import activities from './activities'
import org from './org'
import regions from './regions'
import notifications from './notifications'
import needs from './needs'
import proofs from './proofs'
import recognition from './recognition'
import credentials from './credentials'
import rewards from './rewards'
import targets from './targets'
import units from './units'
import notices from './notices'
import stories from './stories'
import { installGuards } from './guards'

const routes: RouteRecordRaw[] = [
  ...home,
  ...identity,
  ...organizations,
  ...activities,
  ...org,
  ...admin,
  ...regions,
  ...notifications,
  ...needs,
  ...proofs,
  ...recognition,
  ...credentials,
  ...rewards,
  ...targets,
  ...units,
  ...notices,
  ...stories,
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFoundView.vue'),
    meta: { title: 'common.notFound' },
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

installGuards(router)

export default router
