import { describe, expect, it } from 'vitest'
import { en, fr, MESSAGES } from './messages.ts'

describe('messages', () => {
  it('has the same keys in every language', () => {
    const keys = Object.keys(fr).sort()
    for (const table of Object.values(MESSAGES)) {
      expect(Object.keys(table).sort()).toEqual(keys)
    }
  })

  it('has no empty translation', () => {
    for (const [language, table] of Object.entries(MESSAGES)) {
      for (const [key, value] of Object.entries(table)) {
        expect(value.trim(), `${language}:${key}`).not.toBe('')
      }
    }
    expect(en['home.create']).not.toBe(fr['home.create'])
  })
})
