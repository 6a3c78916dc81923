// The landing pages' code and first data, asked for as soon as index.html is read instead of once the app's own
// code has run (a round trip and the entry's evaluation later, on a phone most of a second).
//
// The build writes assets/early-<hash>.js, loaded by index.html with <script async> (the Content-Security-Policy
// allows no inline script): for the path being opened it adds <link rel="modulepreload"> for the page's chunks and
// <link rel="preload" as="style"> for its style sheets (the same URLs and CORS mode Vite's loader uses, which then
// finds them there and does not ask again), and for the activity list opened without a query it asks for the
// list's first page (src/landing.ts), which the HTTP client takes up (api/http.ts, takeEarlyResponse).
import path from 'node:path'
import type { Plugin } from 'vite'
import { EARLY_GLOBAL, LANDING_REQUESTS, LANDING_VIEWS } from '../src/landing.ts'

interface ChunkLike {
  type: 'chunk'
  fileName: string
  isEntry: boolean
  imports: string[]
  moduleIds: string[]
  viteMetadata?: { importedCss: Set<string> }
}
type BundleLike = Record<string, ChunkLike | { type: 'asset'; fileName: string }>

/** The files (chunks, then style sheets) each landing path needs beyond what index.html already loads. */
export function landingFiles(bundle: BundleLike, views: Record<string, string>): Record<string, string[]> {
  const chunks = Object.values(bundle).filter((c): c is ChunkLike => c.type === 'chunk')
  const byFile = new Map(chunks.map((c) => [c.fileName, c]))
  const closure = (roots: ChunkLike[]) => {
    const seen = new Set<ChunkLike>()
    const stack = [...roots]
    while (stack.length) {
      const c = stack.pop()!
      if (seen.has(c)) continue
      seen.add(c)
      for (const f of c.imports) {
        const next = byFile.get(f)
        if (next) stack.push(next)
      }
    }
    return seen
  }
  const loadedByHtml = closure(chunks.filter((c) => c.isEntry))
  const out: Record<string, string[]> = {}
  for (const [route, view] of Object.entries(views)) {
    const own = chunks.find((c) => c.moduleIds.includes(view))
    if (!own) throw new Error(`landing-preload: no chunk holds ${view}`)
    const needed = [...closure([own])].filter((c) => !loadedByHtml.has(c))
    const css = new Set<string>()
    for (const c of needed) for (const f of c.viteMetadata?.importedCss ?? []) css.add(f)
    for (const c of loadedByHtml) for (const f of c.viteMetadata?.importedCss ?? []) css.delete(f)
    out[route] = [own, ...needed.filter((c) => c !== own)].map((c) => c.fileName).concat([...css])
  }
  return out
}

/** The early script's source: ES5, no dependencies. `base` ends with '/'. */
export function earlyScript(files: Record<string, string[]>, requests: Record<string, string>, base: string): string {
  return `// Written by vite/landing-preload.ts.
(function () {
  var files = ${JSON.stringify(files)};
  var requests = ${JSON.stringify(requests)};
  var path = location.pathname.replace(/\\/+$/, '') || '/';
  var list = files[path] || [];
  for (var i = 0; i < list.length; i++) {
    var link = document.createElement('link');
    var css = /\\.css$/.test(list[i]);
    link.rel = css ? 'preload' : 'modulepreload';
    link.as = css ? 'style' : 'script';
    link.crossOrigin = '';
    link.href = ${JSON.stringify(base)} + list[i];
    document.head.appendChild(link);
  }
  var url = requests[path];
  if (url && !location.search && typeof fetch === 'function') {
    window[${JSON.stringify(EARLY_GLOBAL)}] = {
      url: url,
      at: Date.now(),
      response: fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    };
  }
})();
`
}

export function landingPreload(root: string): Plugin {
  const views = Object.fromEntries(Object.entries(LANDING_VIEWS).map(([route, view]) => [route, path.resolve(root, view)]))
  let base = '/'
  let earlyFile: string | null = null
  return {
    name: 'zhiyuan:landing-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base.endsWith('/') ? config.base : `${config.base}/`
    },
    generateBundle: {
      // Before Vite writes index.html (its own generateBundle), which then gets the script tag below.
      order: 'pre',
      handler(_options, bundle) {
        const source = earlyScript(landingFiles(bundle as unknown as BundleLike, views), LANDING_REQUESTS, base)
        const ref = this.emitFile({ type: 'asset', name: 'early.js', source })
        earlyFile = this.getFileName(ref)
      },
    },
    transformIndexHtml: {
      order: 'post',
      handler() {
        if (!earlyFile) return
        return [{ tag: 'script', attrs: { async: true, src: base + earlyFile }, injectTo: 'head' }]
      },
    },
  }
}
