// Build-time rewrite of `import { ElMessage, ElMenu as X } from 'element-plus'` (and 'element-plus/es', which the
// on-demand resolver emits) into imports of each component's own module, e.g.
// `import { ElMessage } from 'element-plus/es/components/message/index.mjs'`.
// The output is the same (Element Plus is side-effect free and tree-shaken either way), but the module graph then
// says which page uses which component: through the barrel every component used anywhere looks statically
// imported by main.ts, and the chunking in vite.config.ts could not tell what every page needs.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'

interface Target {
  module: string // path under element-plus/es, e.g. components/message/index.mjs
  name: string // the name that module exports
}

/** Each export of element-plus/es/index.mjs that it re-exports from one of its modules. */
export function barrelExports(barrelFile: string): Map<string, Target> {
  const code = readFileSync(barrelFile, 'utf8')
  const local = new Map<string, Target>()
  for (const m of code.matchAll(/^import \{([^}]*)\} from "\.\/([^"]+)";$/gm)) {
    for (const spec of m[1]!.split(',')) {
      const [imported, as] = spec.trim().split(/\s+as\s+/)
      if (imported) local.set(as ?? imported, { module: m[2]!, name: imported })
    }
  }
  for (const m of code.matchAll(/^import (\w+) from "\.\/([^"]+)";$/gm)) local.set(m[1]!, { module: m[2]!, name: 'default' })
  const exports = new Map<string, Target>()
  for (const m of code.matchAll(/^export \{([^}]*)\};$/gm)) {
    for (const spec of m[1]!.split(',')) {
      const [name, as] = spec.trim().split(/\s+as\s+/)
      const target = name ? local.get(name) : undefined
      if (target) exports.set(as ?? name!, target)
    }
  }
  return exports
}

const barrelImport = /import\s*\{([^}]*)\}\s*from\s*["']element-plus(?:\/es)?["'];?/g

/** Rewrites the barrel imports in `code`; names the barrel does not re-export from a module stay as they are. */
export function rewriteBarrelImports(code: string, exports: Map<string, Target>): string {
  return code.replace(barrelImport, (statement, list: string) => {
    const byModule = new Map<string, string[]>()
    const kept: string[] = []
    for (const raw of list.split(',')) {
      const spec = raw.trim()
      if (!spec) continue
      const [imported, as] = spec.split(/\s+as\s+/)
      const target = exports.get(imported!)
      if (!target) {
        kept.push(spec)
        continue
      }
      const binding = target.name === (as ?? imported) ? target.name : `${target.name} as ${as ?? imported}`
      byModule.set(target.module, [...(byModule.get(target.module) ?? []), binding])
    }
    if (byModule.size === 0) return statement
    const lines = [...byModule].map(([module, names]) => `import { ${names.join(', ')} } from 'element-plus/es/${module}';`)
    if (kept.length) lines.push(`import { ${kept.join(', ')} } from 'element-plus';`)
    return lines.join('\n')
  })
}

export function elementPlusDeepImports(): Plugin {
  let exports: Map<string, Target>
  return {
    name: 'zhiyuan:element-plus-deep-imports',
    apply: 'build',
    // After the SFC compiler, TypeScript and unplugin-vue-components (also 'post', listed before this one).
    enforce: 'post',
    configResolved(config) {
      exports = barrelExports(path.join(config.root, 'node_modules', 'element-plus', 'es', 'index.mjs'))
    },
    transform(code, id) {
      if (id.includes('/node_modules/') || !code.includes('element-plus')) return null
      const rewritten = rewriteBarrelImports(code, exports)
      return rewritten === code ? null : { code: rewritten, map: null }
    },
  }
}
