import { onBeforeUnmount, onMounted, ref } from 'vue'

export const MOBILE_QUERY = '(max-width: 768px)'

/** Reactive "narrow screen" flag (phones). */
export function useIsMobile() {
  const mql = typeof window !== 'undefined' ? window.matchMedia(MOBILE_QUERY) : null
  const isMobile = ref(mql?.matches ?? false)
  const update = (e: MediaQueryListEvent) => (isMobile.value = e.matches)
  onMounted(() => mql?.addEventListener('change', update))
  onBeforeUnmount(() => mql?.removeEventListener('change', update))
  return isMobile
}
