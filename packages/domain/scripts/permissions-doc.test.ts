import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DOC_PATH, renderPermissionsDoc } from './permissions-doc.ts'

describe('docs/permissions.md', () => {
  it('is what the script generates from the matrix (run scripts/permissions-doc.ts)', () => {
    expect(readFileSync(DOC_PATH, 'utf8')).toBe(renderPermissionsDoc())
  })
  it('shows every step, and who writes what', () => {
    const doc = renderPermissionsDoc()
    expect(doc.match(/^## .* — `[a-z-]+`$/gm)).toHaveLength(10)
    expect(doc).toMatch(/\| question +\| consultant \(own\), facilitator \(as scribe\) +\|/)
  })
})
