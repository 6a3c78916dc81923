// What the first pages people land on need, started before the app's code is in (vite/landing-preload.ts writes
// them into a small script index.html loads asynchronously): each page's chunks, and for the activity list its
// first page of activities. No imports here: vite.config.ts reads this file too.

/** The views of the landing pages, by path (relative to web/). */
export const LANDING_VIEWS: Record<string, string> = {
  '/': 'src/views/home/HomeView.vue',
  '/activities': 'src/views/activities/ActivityListView.vue',
}

/**
 * The API request a landing page makes first, asked for by the early script when the page is opened without a
 * query. It must be exactly what the page asks (src/views/activities/listQuery.test.ts checks it): the HTTP client
 * then takes the response already on its way (api/http.ts, takeEarlyResponse) instead of asking again.
 */
export const LANDING_REQUESTS: Record<string, string> = {
  '/activities': '/api/v1/activities?page=1&page_size=20',
}

/** The global the early script leaves the request in. */
export const EARLY_GLOBAL = '__zyEarly'

/** What the early script leaves in `window[EARLY_GLOBAL]`. */
export interface EarlyRequest {
  url: string
  /** Date.now() when asked. */
  at: number
  response: Promise<Response>
}
