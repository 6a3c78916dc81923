import { describe, expect, it } from 'vitest'
import { API_BASE, buildQuery } from '@/api/http'
import { LANDING_REQUESTS } from '@/landing'
import { activityListQuery, listStateFromQuery } from './listQuery'

describe('the activity list opened without a query', () => {
  it('asks for exactly what the early script asked for (src/landing.ts), so the answer on its way is taken', () => {
    const state = listStateFromQuery({})
    const query = activityListQuery(state.filters, state.organizationId, state.page)
    expect(`${API_BASE}/activities${buildQuery(query as Record<string, string | number | undefined>)}`).toBe(LANDING_REQUESTS['/activities'])
  })
})
