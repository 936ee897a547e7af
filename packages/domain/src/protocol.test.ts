import { describe, expect, it } from 'vitest'
import { parseClientMessage, parseServerMessage } from './protocol.ts'

describe('stateless protocol', () => {
  it('parses a command request and refuses anything else', () => {
    expect(
      parseClientMessage(
        JSON.stringify({ type: 'command', requestId: 'r1', command: { type: 'next' } }),
      ),
    ).toEqual({ type: 'command', requestId: 'r1', command: { type: 'next' } })
    expect(parseClientMessage('{not json')).toBeNull()
    expect(parseClientMessage(JSON.stringify({ type: 'command', requestId: '' }))).toBeNull()
    expect(parseClientMessage(JSON.stringify({ type: 'evil' }))).toBeNull()
  })

  it('parses the server messages', () => {
    const refused = {
      type: 'refused',
      refusals: [{ id: 'shape:a', op: 'create', error: 'zone/locked' }],
    }
    expect(parseServerMessage(JSON.stringify(refused))).toEqual(refused)
    const result = {
      type: 'command-result',
      requestId: 'r1',
      ok: false,
      error: 'step/not-facilitator',
    }
    expect(parseServerMessage(JSON.stringify(result))).toEqual(result)
    const counts = { type: 'draft-counts', counts: { m1: 2 } }
    expect(parseServerMessage(JSON.stringify(counts))).toEqual(counts)
    expect(
      parseServerMessage(JSON.stringify({ type: 'draft-counts', counts: { m1: -1 } })),
    ).toBeNull()
    expect(parseServerMessage('[]')).toBeNull()
    expect(parseServerMessage('nope')).toBeNull()
  })
})
