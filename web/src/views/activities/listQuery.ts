// The activity list's state in the URL, the query it sends, and the first page asked for early: the route's
// beforeEnter asks for it while the page's code loads, and the page takes that answer when it asks for the same
// query, so the list shows one round trip sooner on a first visit.
import type { LocationQuery } from 'vue-router'
import { listActivities } from '@/api/activities'
import type { Activity, ActivityQuery, ActivityStatus, Page } from '@/api/types'

export const ACTIVITY_PAGE_SIZE = 20

export interface ActivityListFilters {
  q: string
  county_code: string
  category: string
  status: ActivityStatus | ''
  dates: [string, string] | null
}

export interface ActivityListState {
  tab: 'all' | 'recommended'
  filters: ActivityListFilters
  /** Set from an organisation's page (/activities?organization_id=7). */
  organizationId: number | null
  page: number
}

const str = (v: unknown) => (typeof v === 'string' ? v : '')

/** The list's state as the URL gives it. */
export function listStateFromQuery(query: LocationQuery): ActivityListState {
  return {
    tab: str(query.tab) === 'recommended' ? 'recommended' : 'all',
    filters: {
      q: str(query.q),
      county_code: str(query.county_code),
      category: str(query.category),
      status: str(query.status) as ActivityStatus | '',
      dates: str(query.from) && str(query.to) ? [str(query.from), str(query.to)] : null,
    },
    organizationId: Number(query.organization_id) || null,
    page: Number(query.page) || 1,
  }
}

/** What GET /activities is asked for the list's state. */
export function activityListQuery(filters: ActivityListFilters, organizationId: number | null, page: number): ActivityQuery {
  return {
    q: filters.q.trim() || undefined,
    county_code: filters.county_code || undefined,
    category: filters.category || undefined,
    status: filters.status || undefined,
    organization_id: organizationId ?? undefined,
    from: filters.dates?.[0] || undefined,
    to: filters.dates?.[1] || undefined,
    page,
    page_size: ACTIVITY_PAGE_SIZE,
  }
}

/** An answer asked for before the page mounted, usable for a few seconds. */
const PREFETCH_FRESH_MS = 10_000
interface Prefetched {
  key: string
  at: number
  answer: Promise<Page<Activity>>
  /** The answer once it is in. */
  value?: Page<Activity>
}
let prefetched: Prefetched | null = null

/** Asks for the list the page will show for `query` (the "all" tab), before the page's code is in. */
export function prefetchActivityList(query: LocationQuery): void {
  const state = listStateFromQuery(query)
  if (state.tab !== 'all') return
  const q = activityListQuery(state.filters, state.organizationId, state.page)
  const entry: Prefetched = { key: JSON.stringify(q), at: Date.now(), answer: listActivities(q) }
  entry.answer.then(
    (value) => (entry.value = value),
    () => undefined, // the page sees the refusal when it takes the answer
  )
  prefetched = entry
}

/**
 * The answer prefetched for exactly `q` if it is recent (once): the page itself when it is already in, else the
 * pending answer; null when there is none.
 */
export function takePrefetchedActivityList(q: ActivityQuery): Page<Activity> | Promise<Page<Activity>> | null {
  const p = prefetched
  prefetched = null
  if (!p || p.key !== JSON.stringify(q) || Date.now() - p.at > PREFETCH_FRESH_MS) return null
  return p.value ?? p.answer
}
