// A component whose code is fetched when it is first needed, to keep widgets a page shows only sometimes (the phone
// menu drawer, the desktop bar, a table phones never render) out of the first load.
import { defineComponent, getCurrentInstance, h, shallowRef, type Component } from 'vue'

export interface LazyOptions {
  /** The wrapper's name (for devtools and warnings). */
  name: string
  /**
   * Fetch and render nothing until this holds for the attributes once: e.g. a drawer is fetched when first opened
   * (`(attrs) => !!attrs.modelValue`). Without it, the code is fetched when the wrapper first renders.
   */
  waitFor?: (attrs: Record<string, unknown>) => boolean
}

export type LazyComponent = ReturnType<typeof defineComponent> & {
  /** Fetches the code now; once it is in, the wrapper renders the component in the same pass (no empty frame). */
  preload(): Promise<Component>
}

/**
 * Wraps `load` (typically `() => import('…').then((m) => m.X)`). Attributes, props, listeners and slots all go
 * to the loaded component. Until it is loaded the wrapper renders nothing (an empty <div> when directives such as
 * v-loading sit on it: they need an element); when the fetch fails it stays empty and tries again on its next
 * render.
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
      const placeholder = getCurrentInstance()?.vnode.dirs?.length ? () => h('div') : () => null
      let wanted = !options.waitFor
      return () => {
        if (resolved) return h(resolved, attrs, slots)
        wanted ||= options.waitFor!(attrs)
        if (wanted) {
          preload().then(
            () => (ready.value = true),
            () => undefined,
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
