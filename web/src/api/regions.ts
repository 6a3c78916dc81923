// Administrative regions and their resident populations — docs/api.md "Regions".
import { apiPath, http } from './http'
import type { PopulationEntry, RegionsResponse } from './types'

export function fetchRegions(): Promise<RegionsResponse> {
  return http.get<RegionsResponse>(apiPath('regions'), undefined, { skipAuthRedirect: true })
}

export async function fetchPopulations(code: string): Promise<PopulationEntry[]> {
  const res = await http.get<{ items: PopulationEntry[] }>(apiPath('regions', code, 'populations'))
  return res?.items ?? []
}

export function putPopulation(
  code: string,
  year: number,
  body: { population: number; note?: string },
): Promise<PopulationEntry> {
  return http.put<PopulationEntry>(apiPath('regions', code, 'populations', year), body)
}
