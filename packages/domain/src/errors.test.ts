import { describe, expect, it } from 'vitest'
import { DOMAIN_ERROR_CODES, describeError } from './errors.ts'

describe('describeError', () => {
  it('has a French and an English sentence for every code', () => {
    for (const code of DOMAIN_ERROR_CODES) {
      const fr = describeError(code, 'fr')
      const en = describeError(code, 'en')
      expect(fr.length, code).toBeGreaterThan(10)
      expect(en.length, code).toBeGreaterThan(10)
      expect(fr).not.toBe(en)
      expect(fr).toMatch(/[.!]$/)
      expect(en).toMatch(/[.!]$/)
    }
  })
})
