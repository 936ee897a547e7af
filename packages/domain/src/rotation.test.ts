import { describe, expect, it } from 'vitest'
import { id } from '../test/fixtures.ts'
import { clientsSoFar, notYetClients, proposeNextClient } from './rotation.ts'

const [a, b, c, d] = [id('a'), id('b'), id('c'), id('d')]

describe('rotation', () => {
  it('lists past clients once each, in order', () => {
    expect(clientsSoFar([b, a, b])).toEqual([b, a])
  })
  it('proposes the first member who has not been client yet', () => {
    expect(proposeNextClient([a, b, c, d], [])).toBe(a)
    expect(proposeNextClient([a, b, c, d], [a, c])).toBe(b)
    expect(notYetClients([a, b, c, d], [a, c])).toEqual([b, d])
  })
  it('starts a new cycle with the fewest and longest-ago clients', () => {
    expect(proposeNextClient([a, b, c], [b, a, c])).toBe(b)
    expect(proposeNextClient([a, b, c], [b, a, c, b])).toBe(a)
  })
  it('has nobody to propose in an empty group', () => {
    expect(proposeNextClient([], [a])).toBeNull()
  })
})
