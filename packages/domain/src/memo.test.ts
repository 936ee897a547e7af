import { describe, expect, it } from 'vitest'
import { byIdentity } from './memo.ts'
import { parseRecord } from './records.ts'
import type { MemberId } from './roles.ts'
import { initialSessionState, parseSessionState } from './sessionState.ts'

describe('byIdentity', () => {
  it('computes once per object, again for another object with the same content', () => {
    let calls = 0
    const size = byIdentity((value) => {
      calls++
      return JSON.stringify(value).length
    })
    const record = { id: 'a' }
    expect(size(record)).toBe(10)
    expect(size(record)).toBe(10)
    expect(calls).toBe(1)
    expect(size({ id: 'a' })).toBe(10)
    expect(calls).toBe(2)
  })

  it('remembers falsy results too', () => {
    let calls = 0
    const none = byIdentity(() => {
      calls++
      return null
    })
    const value = {}
    none(value)
    none(value)
    expect(calls).toBe(1)
  })

  it('never remembers primitives or null', () => {
    let calls = 0
    const echo = byIdentity((value) => {
      calls++
      return value
    })
    expect(echo('x')).toBe('x')
    expect(echo('x')).toBe('x')
    expect(echo(null)).toBe(null)
    expect(echo(null)).toBe(null)
    expect(calls).toBe(4)
  })
})

describe('the parsers remember by identity, and still judge each new object', () => {
  it('parseRecord: the same object gives the same result; a changed copy is validated anew', () => {
    const vote = {
      id: 'codev_vote:m1:1',
      typeName: 'codev_vote',
      voter: 'm1',
      proposalId: 'shape:p',
    }
    const first = parseRecord(vote)
    expect(first.ok).toBe(true)
    expect(parseRecord(vote)).toBe(first)
    expect(parseRecord({ ...vote, id: 'codev_vote:m1:99' })).toEqual({
      ok: false,
      error: 'record/invalid',
    })
    expect(parseRecord({ ...vote, typeName: 'nope' })).toEqual({
      ok: false,
      error: 'record/unknown-type',
    })
  })

  it('parseSessionState: an invalid copy of a valid state is refused', () => {
    const state = initialSessionState({
      sessionId: 's1',
      facilitatorId: 'm1' as MemberId,
      members: [{ id: 'm2' as MemberId }],
      firstSessionOfGroup: true,
      now: 0,
    })
    const parsed = parseSessionState(state)
    expect(parsed?.phase).toBe('welcome')
    expect(parseSessionState(state)).toBe(parsed)
    expect(parseSessionState({ ...state, phase: 'nowhere' })).toBeNull()
  })
})
