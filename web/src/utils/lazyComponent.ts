// A component whose code is fetched when it is first needed, to keep widgets a page shows only sometimes (the phone
// menu drawer, the desktop bar, a table phones never render) out of the first load.
import { defineComponent, getCurrentInstance, h, onBeforeUnmount, onMounted, shallowRef, type Component } from 'vue'
import { afterPaint } from './afterPaint'

export interface LazyOptions {
  /** The wrapper's name (for devtools and warnings). */
  name: string
  /**
   * Fetch and render nothing until this holds for the attributes once: e.g. a drawer is fetched when first opened
   * (`(attrs) => !!attrs.modelValue`). Without it, the code is fetched when the wrapper first renders.
   */
  waitFor?: (attrs: Record<string, unknown>) => boolean
  /**
   * Fetch once the place where it renders comes within about two screens of the viewport (an empty <div> marks it
   * meanwhile): for a widget far below the fold on a phone, such as a long list's pager.
   */
  nearViewport?: boolean
}

export type LazyComponent = ReturnType<typeof defineComponent> & {
  /** Fetches the code now; once it is in, the wrapper renders the component in the same pass (no empty frame). */
  preload(): Promise<Component>
}

/**
 * Wraps `load` (typically `() => import('…').then((m) => m.X)`). Attributes, props, listeners and slots all go
 * to the loaded component. Until it is loaded the wrapper renders nothing (an empty <div> when directives such as
 * v-loading sit on it: they need an element); when the fetch fails it stays empty and tries again on its next
 * render. A render starts the fetch once its frame is painted (utils/afterPaint.ts: the chunk's modulepreload links
 * and requests are then not part of the first paint's task); `preload()` starts it at once.
 */
export function lazyComponent(load: () => Promise<Component>, options: LazyOptions): LazyComponent {
  let resolved: Component | null = null
  let pending: Promise<Component> | null = null
  const preload = (): Promise<Component> =>
    (pending ??= load().then(
      (c) => (resolved = c),
      (e: unknown) => {
        pending = null
        throw e
      },
    ))

  const wrapper = defineComponent({
    name: options.name,
    inheritAttrs: false,
    setup(_, { attrs, slots }) {
      const ready = shallowRef(resolved !== null)
      const marker = shallowRef<HTMLElement | null>(null)
      const placeholder =
        options.nearViewport && typeof IntersectionObserver === 'function'
          ? () => h('div', { ref: marker })
          : getCurrentInstance()?.vnode.dirs?.length
            ? () => h('div')
            : () => null
      // Until it is wanted: near the viewport (nearViewport) and as `waitFor` says.
      const near = shallowRef(!options.nearViewport || typeof IntersectionObserver !== 'function')
      const wants = (a: Record<string, unknown>) => near.value && (!options.waitFor || options.waitFor(a))
      if (!near.value) {
        let observer: IntersectionObserver | null = null
        onMounted(() => {
          if (!marker.value) return
          observer = new IntersectionObserver(
            (entries) => {
              if (!entries.some((e) => e.isIntersecting)) return
              observer?.disconnect()
              near.value = true
            },
            { rootMargin: '200% 0px' },
          )
          observer.observe(marker.value)
        })
        onBeforeUnmount(() => observer?.disconnect())
      }
      let wanted = false
      let asked = false
      return () => {
        if (resolved) return h(resolved, attrs, slots)
        wanted ||= wants(attrs)
        if (wanted && !asked) {
          asked = true
          afterPaint(() =>
            preload().then(
              () => (ready.value = true),
              () => void (asked = false), // asked again on the next render
            ),
          )
        }
        // Read so that the wrapper renders again once loaded.
        void ready.value
        return placeholder()
      }
    },
  })
  return Object.assign(wrapper, { preload })
}
