// Work that should not hold up a paint: done in a task of its own once the next frame is painted.

/**
 * Runs `fn` in a task of its own after the next frame is painted (requestAnimationFrame runs before that frame's
 * paint, a timeout queued from there after it), or after `fallbackMs` if no frame comes first (a hidden tab paints
 * none). Returns a function that cancels it.
 */
export function afterPaint(fn: () => void, fallbackMs = 200): () => void {
  let done = false
  let frame: number | null = null
  const timers: ReturnType<typeof setTimeout>[] = []
  const run = () => {
    if (done) return
    done = true
    cancel()
    fn()
  }
  const cancel = () => {
    done = true
    if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame)
    for (const t of timers) clearTimeout(t)
  }
  if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(() => timers.push(setTimeout(run)))
  timers.push(setTimeout(run, fallbackMs))
  return () => {
    if (!done) cancel()
  }
}
