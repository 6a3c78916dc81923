// Publicity 宣传: stories of good practice (典型经验), exemplary volunteers (优秀志愿者) and organisations (优秀组织)
// that the city and county admins write and publish, and the city's headline figures of the home page
// (docs/api.md "Publicity").
import { apiPath, http } from './http'
import type { Page, PortalFigures, Story, StoryInput, StoryKind, StoryStatus, StorySummary } from './types'

export interface StoryQuery {
  kind?: StoryKind | ''
  page?: number
  page_size?: number
}

/** Published stories, newest publication first (public). */
export function listStories(query: StoryQuery = {}): Promise<Page<StorySummary>> {
  return http.get<Page<StorySummary>>(apiPath('stories'), {
    kind: query.kind || undefined,
    page: query.page,
    page_size: query.page_size,
  })
}

/** The writers' list (drafts and withdrawn ones too): the city admin every story, a county admin their county's. */
export function listManagedStories(query: Omit<StoryQuery, 'kind'> = {}): Promise<Page<StorySummary>> {
  return http.get<Page<StorySummary>>(apiPath('stories'), { manage: 'true', page: query.page, page_size: query.page_size })
}

/** A published story (public); a draft or withdrawn one only for those who may edit it (404 for others). */
export function getStory(id: number): Promise<Story> {
  return http.get<Story>(apiPath('stories', id))
}

/** The body the server reads: trimmed texts; an empty summary is sent as '' (the server takes the body's start). */
export function storyPayload(input: StoryInput): Record<string, string> {
  return {
    title: input.title.trim(),
    kind: input.kind,
    summary: input.summary.trim(),
    body: input.body.trim(),
    region_code: input.region_code,
  }
}

/**
 * A new draft (city admin: any region incl. the city 441400; county admin: their county). 422 field errors:
 * title/body `required` | `too_long`, summary `too_long`, kind `invalid_kind`, region_code `unknown_region`;
 * 403 for another region.
 */
export function createStory(input: StoryInput): Promise<Story> {
  return http.post<Story>(apiPath('stories'), storyPayload(input))
}

/** The same checks as createStory; 404 for a story the caller may not edit. */
export function updateStory(id: number, input: StoryInput): Promise<Story> {
  return http.put<Story>(apiPath('stories', id), storyPayload(input))
}

/** 发布 / 撤回 / back to draft. `published_at` is set on the first publication and kept. */
export function setStoryStatus(id: number, status: StoryStatus): Promise<Story> {
  return http.post<Story>(apiPath('stories', id, 'status'), { status })
}

/**
 * The city's headline figures (public). A server without them answers 404: the home page then shows no band, so
 * that answer must not count as an error (resolves to null). Other failures reject.
 */
export async function getPortalFigures(): Promise<PortalFigures | null> {
  try {
    return await http.get<PortalFigures>(apiPath('portal', 'figures'), undefined, { skipAuthRedirect: true })
  } catch (e) {
    if (e && typeof e === 'object' && (e as { status?: number }).status === 404) return null
    throw e
  }
}
