import type { RouteRecordRaw } from 'vue-router'

// 宣传: the public list and story pages (the home page shows the latest), and the writers' page of the city and
// county admins (drafts, publish, withdraw). A draft's page opens for its writers only (the server answers 404
// to everyone else).
const routes: RouteRecordRaw[] = [
  {
    path: '/stories',
    name: 'stories',
    component: () => import('@/views/stories/StoryListView.vue'),
    meta: { title: 'nav.stories' },
  },
  {
    path: '/stories/:id(\\d+)',
    name: 'story',
    component: () => import('@/views/stories/StoryView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'stories.detailTitle' },
  },
  {
    path: '/admin/stories',
    name: 'admin-stories',
    component: () => import('@/views/stories/AdminStoriesView.vue'),
    meta: { title: 'nav.adminStories', requiresAuth: true, roles: ['county_admin', 'city_admin'] },
  },
]
export default routes
