// Star levels shown as ★ (the header, tables, my stars). Kept small: the header loads it on every page;
// the workflow helpers (progress, objections) are in recognition.ts.

export const MAX_STAR_LEVEL = 5

/** An integer level within 0–5 (anything else → 0). */
export function clampLevel(level: number | null | undefined): number {
  if (level === null || level === undefined || !Number.isFinite(level)) return 0
  return Math.min(MAX_STAR_LEVEL, Math.max(0, Math.trunc(level)))
}

/** 2 → "★★" (nothing for 0): the compact form of the header and tables. */
export function starText(level: number | null | undefined): string {
  return '★'.repeat(clampLevel(level))
}

/** 2 → "★★☆☆☆": filled and open stars out of five. */
export function starGlyphs(level: number | null | undefined): string {
  const n = clampLevel(level)
  return '★'.repeat(n) + '☆'.repeat(MAX_STAR_LEVEL - n)
}
