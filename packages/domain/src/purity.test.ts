/** packages/domain is pure: no Yjs, no React, no Node built-ins, no tldraw, no clock or randomness. */
// biome-ignore lint/style/noRestrictedImports: this test reads the sources to check them
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = import.meta.dirname
const sources = readdirSync(SRC)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(SRC, f), 'utf8') }))

const IMPORT =
  /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g
const allowed = (spec: string) => spec === 'zod' || spec.startsWith('./')

describe('purity', () => {
  it('finds the sources', () => {
    expect(sources.map((s) => s.file)).toContain('permissions.ts')
  })
  for (const { file, text } of sources) {
    it(`${file} imports only zod and its siblings`, () => {
      const specs = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!)
      expect(specs.filter((s) => !allowed(s))).toEqual([])
    })
    it(`${file} does not read the clock or make randomness`, () => {
      expect(text).not.toMatch(
        /Date\.now|new Date\(|Math\.random|performance\.now|crypto\.|process\.|setTimeout|setInterval|fetch\(/,
      )
    })
  }
  it('the import scanner recognises forbidden imports', () => {
    const sample =
      "import * as Y from 'yjs'\nimport { x } from 'node:fs'\nexport { y } from 'react'\nconst z = await import('node:http')"
    const specs = [...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!)
    expect(specs.filter((s) => !allowed(s))).toEqual(['yjs', 'node:fs', 'react', 'node:http'])
  })
})
