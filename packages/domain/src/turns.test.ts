import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { id } from '../test/fixtures.ts'
import { lowerHand, nextTurn, raiseHand, startTurns, turnView } from './turns.ts'

const [a, b, c] = [id('a'), id('b'), id('c')]

describe('turns', () => {
  it('goes round the circle in order and says who is next', () => {
    let turns = startTurns('circle', [a, b, c])
    expect(turnView(turns)).toEqual({ speaker: a, next: b, remaining: [a, b, c] })
    turns = nextTurn(turns)
    expect(turnView(turns)).toMatchObject({ speaker: b, next: c })
    turns = nextTurn(nextTurn(turns))
    expect(turnView(turns)).toEqual({ speaker: null, next: null, remaining: [] })
    expect(nextTurn(turns)).toEqual(turns)
  })

  it('fills a queue from raised hands, once each, and lets a waiting member lower theirs', () => {
    let turns = startTurns('queue', [a, b, c])
    expect(turnView(turns).speaker).toBeNull()
    turns = raiseHand(raiseHand(raiseHand(turns, b), a), b)
    expect(turnView(turns).remaining).toEqual([b, a])
    turns = raiseHand(turns, c)
    turns = lowerHand(turns, a)
    expect(turnView(turns).remaining).toEqual([b, c])
    // The speaker cannot lower their hand: they finish with nextTurn.
    expect(lowerHand(turns, b)).toEqual(turns)
    turns = nextTurn(turns)
    // Having spoken, one may raise a hand again.
    expect(turnView(raiseHand(turns, b)).remaining).toEqual([c, b])
  })

  it('never loses a waiting member or lets the index run past the order (property)', () => {
    const member = fc.constantFrom(a, b, c)
    const op = fc.oneof(
      fc.record({ kind: fc.constant('raise' as const), who: member }),
      fc.record({ kind: fc.constant('lower' as const), who: member }),
      fc.record({ kind: fc.constant('next' as const) }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let turns = startTurns('queue', [])
        for (const o of ops) {
          const before = turnView(turns).remaining
          if (o.kind === 'raise') turns = raiseHand(turns, o.who)
          else if (o.kind === 'lower') turns = lowerHand(turns, o.who)
          else turns = nextTurn(turns)
          const after = turnView(turns).remaining
          expect(turns.current).toBeLessThanOrEqual(turns.order.length)
          expect(new Set(after).size).toBe(after.length)
          if (o.kind === 'raise') expect(after).toContain(o.who)
          if (o.kind === 'lower' && before[0] === o.who) expect(after[0]).toBe(o.who)
        }
      }),
    )
  })
})
