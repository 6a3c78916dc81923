import { describe, expect, it } from 'vitest'
import { earlyScript, landingFiles } from './landing-preload'

const chunk = (fileName: string, imports: string[], moduleIds: string[], css: string[] = [], isEntry = false) => ({
  type: 'chunk' as const,
  fileName,
  isEntry,
  imports,
  moduleIds,
  viteMetadata: { importedCss: new Set(css) },
})

describe('landing preloads', () => {
  const bundle = {
    'assets/index.js': chunk('assets/index.js', ['assets/vendor.js'], ['/w/src/main.ts'], ['assets/index.css'], true),
    'assets/vendor.js': chunk('assets/vendor.js', [], ['/w/node_modules/vue/index.js']),
    'assets/home.js': chunk('assets/home.js', ['assets/vendor.js', 'assets/index.js'], ['/w/src/views/home/HomeView.vue'], ['assets/home.css']),
    'assets/list.js': chunk('assets/list.js', ['assets/home.js', 'assets/vendor.js'], ['/w/src/views/List.vue'], ['assets/list.css']),
    'assets/other.js': chunk('assets/other.js', ['assets/vendor.js'], ['/w/src/views/Other.vue']),
  }
  it("lists each landing page's own chunk first, then the chunks and sheets it needs that index.html does not load", () => {
    expect(landingFiles(bundle, { '/': '/w/src/views/home/HomeView.vue', '/list': '/w/src/views/List.vue' })).toEqual({
      '/': ['assets/home.js', 'assets/home.css'],
      '/list': ['assets/list.js', 'assets/home.js', 'assets/list.css', 'assets/home.css'],
    })
  })
  it('fails the build when a landing view is in no chunk', () => {
    expect(() => landingFiles(bundle, { '/x': '/w/src/views/Missing.vue' })).toThrow(/no chunk holds/)
  })
  it('writes a script that preloads the files of the path opened and asks for its first request', () => {
    const appended: Record<string, unknown>[] = []
    const fetched: unknown[] = []
    const win: Record<string, unknown> = {}
    const run = new Function('location', 'document', 'fetch', 'window', earlyScript({ '/list': ['assets/list.js', 'assets/list.css'] }, { '/list': '/api/v1/list?page=1' }, '/'))
    const document = { createElement: () => ({}), head: { appendChild: (l: Record<string, unknown>) => appended.push(l) } }
    const fetch = (...args: unknown[]) => (fetched.push(args), Promise.resolve('answer'))
    run({ pathname: '/list/', search: '' }, document, fetch, win)
    expect(appended).toEqual([
      { rel: 'modulepreload', as: 'script', crossOrigin: '', href: '/assets/list.js' },
      { rel: 'preload', as: 'style', crossOrigin: '', href: '/assets/list.css' },
    ])
    expect(fetched).toEqual([['/api/v1/list?page=1', { headers: { Accept: 'application/json' }, credentials: 'same-origin' }]])
    expect((win.__zyEarly as { url: string }).url).toBe('/api/v1/list?page=1')

    // With a query (another page, a search) the page asks for something else: nothing is asked early.
    fetched.length = 0
    run({ pathname: '/list', search: '?page=2' }, document, fetch, {})
    expect(fetched).toEqual([])
  })
})
