import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { barrelExports, rewriteBarrelImports } from './element-plus-imports'

const barrel = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/element-plus/es/index.mjs')
const exports = barrelExports(barrel)

describe('element-plus deep imports', () => {
  it('sends each component to its own module, keeping local names', () => {
    expect(rewriteBarrelImports("import { ElMessage, ElMessageBox } from 'element-plus'\n", exports)).toBe(
      "import { ElMessage } from 'element-plus/es/components/message/index.mjs';\n" +
        "import { ElMessageBox } from 'element-plus/es/components/message-box/index.mjs';\n",
    )
    expect(rewriteBarrelImports("import { ElTable as A, ElTableColumn as B } from 'element-plus/es';", exports)).toBe(
      "import { ElTable as A, ElTableColumn as B } from 'element-plus/es/components/table/index.mjs';",
    )
  })
  it('follows default imports of the barrel (the v-loading directive)', () => {
    expect(rewriteBarrelImports('import { ElLoadingDirective as d } from "element-plus/es";', exports)).toBe(
      "import { default as d } from 'element-plus/es/components/loading/src/directive.mjs';",
    )
  })
  it('leaves what the barrel does not re-export from a module', () => {
    expect(rewriteBarrelImports("import { ElButton, install } from 'element-plus';", exports)).toBe(
      "import { ElButton } from 'element-plus/es/components/button/index.mjs';\nimport { install } from 'element-plus';",
    )
    expect(rewriteBarrelImports("import ElementPlus from 'element-plus'", exports)).toBe("import ElementPlus from 'element-plus'")
  })
})
