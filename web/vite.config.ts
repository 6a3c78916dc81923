import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import type { ChunkingContext } from 'rolldown'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { elementPlusDeepImports } from './vite/element-plus-imports.ts'
import { landingPreload } from './vite/landing-preload.ts'

const backend = process.env.ZY_BACKEND ?? 'http://127.0.0.1:8080'

// Whether a module is loaded by every page: statically imported, directly or not, by the entry (index.html →
// main.ts). (Element Plus imports go to each component's module, vite/element-plus-imports.ts, so this holds for
// them too.)
const entry = fileURLToPath(new URL('./index.html', import.meta.url))
let everyPage: Set<string> | null = null
function loadedByEveryPage(id: string, ctx: ChunkingContext): boolean {
  everyPage ??= staticClosure(entry, ctx)
  return everyPage.has(id)
}

/** `root` and every module it imports statically, directly or not. */
function staticClosure(root: string, ctx: ChunkingContext): Set<string> {
  const seen = new Set<string>()
  const stack = [root]
  while (stack.length) {
    const next = stack.pop()!
    if (seen.has(next)) continue
    seen.add(next)
    stack.push(...(ctx.getModuleInfo(next)?.importedIds ?? []))
  }
  return seen
}

// The modules a view needs at once (its static imports, transitively), for the views people land on: each such
// view's page is then one or two files instead of a dozen small chunks, each a round trip on a phone.
const viewDeps = new Map<string, Set<string>>()
function staticallyImportedBy(view: string, id: string, ctx: ChunkingContext): boolean {
  let deps = viewDeps.get(view)
  if (!deps) viewDeps.set(view, (deps = staticClosure(view, ctx)))
  return deps.has(id)
}
const landingViews: [string, string][] = [
  ['home', fileURLToPath(new URL('./src/views/home/HomeView.vue', import.meta.url))],
  ['activity-list', fileURLToPath(new URL('./src/views/activities/ActivityListView.vue', import.meta.url))],
]

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus on demand: each <el-*> tag (and v-loading) in a template is imported by the component that uses
    // it, so a page's chunk carries only its own widgets (the date picker and the table stay out of the first
    // load). Styles are not imported per component: src/styles/element-plus.css has them all, before main.css.
    // Only the resolver: no folder of our own components is registered globally.
    Components({
      dirs: [],
      dts: false,
      resolvers: [ElementPlusResolver({ importStyle: false, directives: true })],
    }),
    elementPlusDeepImports(),
    // The landing pages' chunks and first data asked for as soon as index.html is read (assets/early-*.js).
    landingPreload(fileURLToPath(new URL('.', import.meta.url))),
    // The chunking's module-graph caches above hold for one build (watch mode rebuilds).
    {
      name: 'zhiyuan:chunk-graph-reset',
      buildStart() {
        everyPage = null
        viewDeps.clear()
      },
    },
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // The libraries every page runs (Vue, the router, pinia, the Element Plus pieces of the layout) as one
              // file instead of a dozen small shared chunks, each a request of its own.
              debugName: 'vendor',
              name: (id, ctx) => (loadedByEveryPage(id, ctx) ? 'vendor' : null),
              test: /[\\/]node_modules[\\/]/,
              priority: landingViews.length + 2,
            },
            {
              // Our own modules every page runs (the layout, the stores, the zh-CN dictionary): taken before the
              // landing groups below, which would otherwise pull them in as dependencies of their views.
              debugName: 'app',
              name: (id, ctx) => (loadedByEveryPage(id, ctx) ? 'app' : null),
              priority: landingViews.length + 1,
            },
            // The first pages, the home page and then the activity list, each as one chunk with what it imports (the
            // home page's where both use a module): a page in one or two files instead of a dozen small chunks, each
            // a round trip on a phone. Other pages that import one of these modules fetch that chunk.
            ...landingViews.map(([name, view], i) => ({
              debugName: name,
              name: (id: string, ctx: ChunkingContext) =>
                !loadedByEveryPage(id, ctx) && staticallyImportedBy(view, id, ctx) ? name : null,
              priority: landingViews.length - i,
            })),
          ],
        },
      },
    },
  },
})
