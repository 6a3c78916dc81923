// src/styles/element-plus.css must hold the styles of every Element Plus component the app uses, and their
// dependencies, in the order of Element Plus's index.scss (the cascade of the full sheet). Components are imported
// on demand (vite.config.ts) without their styles, so a component used without its sheet here would render bare.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const elementPlus = path.join(webRoot, 'node_modules', 'element-plus')
const sheetFile = path.join(webRoot, 'src', 'styles', 'element-plus.css')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) return sourceFiles(p)
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [p] : []
  })
}

const kebab = (pascal: string) => pascal.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())

/** Element Plus component folders used in src/: <el-*> tags, v-loading, and El* imports (ElMessage…). */
function usedComponents(): Set<string> {
  const used = new Set<string>()
  for (const file of sourceFiles(path.join(webRoot, 'src'))) {
    const text = readFileSync(file, 'utf8')
    if (file.endsWith('.vue')) {
      for (const m of text.matchAll(/<el-([a-z-]+)/g)) used.add(m[1]!)
      for (const m of text.matchAll(/<El([A-Z][A-Za-z]+)/g)) used.add(kebab(m[1]!))
      if (/\sv-loading\b/.test(text)) used.add('loading')
    }
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'element-plus'/g)) {
      for (const spec of m[1]!.split(',')) {
        const name = spec.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!
        if (/^El[A-Z]/.test(name) && !spec.trim().startsWith('type ')) used.add(kebab(name.slice(2)))
      }
    }
  }
  return used
}

/** The theme-chalk sheets a component's style entry pulls in, following its dependencies. */
function sheetsOf(components: Set<string>): Set<string> {
  const sheets = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const m of readFileSync(file, 'utf8').matchAll(/import\s+["']([^"']+)["']/g)) {
      const spec = m[1]!
      if (spec.startsWith('element-plus/theme-chalk/')) sheets.add(spec.slice('element-plus/theme-chalk/'.length))
      else visit(path.resolve(path.dirname(file), spec))
    }
  }
  for (const c of components) {
    const entry = path.join(elementPlus, 'es', 'components', c, 'style', 'css.mjs')
    if (!existsSync(entry)) throw new Error(`no Element Plus component "${c}" (${entry})`)
    visit(entry)
  }
  return sheets
}

function expectedImports(): string[] {
  const sheets = sheetsOf(usedComponents())
  const theme = path.join(elementPlus, 'theme-chalk')
  const order = [...readFileSync(path.join(theme, 'src', 'index.scss'), 'utf8').matchAll(/@use '\.\/([a-z-]+)(?:\.scss)?'/g)]
    .map((m) => (m[1] === 'base' ? 'base.css' : `el-${m[1]}.css`))
  const unordered = [...sheets].filter((s) => !order.includes(s))
  if (unordered.length) throw new Error(`not in Element Plus's index.scss: ${unordered.join(', ')}`)
  return order
    .filter((s) => sheets.has(s) && readFileSync(path.join(theme, s), 'utf8').trim() !== '') // empty sheets: nothing to load
    .map((s) => `@import 'element-plus/theme-chalk/${s}';`)
}

describe('element-plus.css', () => {
  it('imports the styles of exactly the Element Plus components in use, in the order of the full sheet', () => {
    const actual = readFileSync(sheetFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('@import'))
    expect(actual.join('\n')).toBe(expectedImports().join('\n'))
  })
})
