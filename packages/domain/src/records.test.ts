import { describe, expect, it } from 'vitest'
import { CON, FAC, note, sessionAt } from '../test/fixtures.ts'
import {
  CONSULTATION_TYPES,
  isSessionState,
  KINDS_ANSWERING,
  kindsAskedBy,
  NOTE_KINDS,
  parseRecord,
  shapeText,
  voteId,
} from './records.ts'

describe('kindsAskedBy', () => {
  it('maps the consultation types of the contract to the contribution kinds that answer them', () => {
    expect(kindsAskedBy(['ideas'])).toEqual(['idea', 'suggestion'])
    expect(kindsAskedBy(['resources', 'reflective-questions'])).toEqual([
      'reflective-question',
      'resource',
    ])
    expect(kindsAskedBy([])).toEqual([])
  })
  it('answers every consultation type with at least one consultant contribution kind', () => {
    for (const type of CONSULTATION_TYPES) expect(KINDS_ANSWERING[type].length).toBeGreaterThan(0)
  })
})

describe('parseRecord', () => {
  it('accepts a note of every kind, with its kind info', () => {
    for (const kind of NOTE_KINDS) {
      const r = parseRecord(note({ kind, phase: 'consultation', author: CON, role: 'consultant' }))
      expect(r.ok, kind).toBe(true)
      if (r.ok) expect(r.kindInfo.kind).toBe(kind)
    }
  })
  it('requires each kind’s own fields', () => {
    for (const kind of [
      'answer',
      'cluster',
      'action',
      'followup',
      'evaluation',
      'proposal',
      'contract-request',
    ] as const) {
      const n = note({ kind, phase: 'synthese', author: CON, role: 'consultant' })
      const { author, role, phase } = n.meta
      expect(parseRecord({ ...n, meta: { author, role, phase, kind } }), kind).toEqual({
        ok: false,
        error: 'record/invalid',
      })
    }
  })
  it('refuses shapes without codev meta, unknown meta keys, and bad ids', () => {
    const n = note({ kind: 'idea', phase: 'consultation', author: CON, role: 'consultant' })
    expect(parseRecord({ ...n, meta: {} }).ok).toBe(false)
    expect(parseRecord({ ...n, meta: { ...n.meta, secret: 1 } }).ok).toBe(false)
    expect(parseRecord({ ...n, id: 'shape:../x' }).ok).toBe(false)
    expect(parseRecord({ ...n, meta: { ...n.meta, author: 'a:b' } }).ok).toBe(false)
    expect(parseRecord({ ...n, x: Number.POSITIVE_INFINITY }).ok).toBe(false)
  })
  it('knows votes, the session state and tldraw’s records; refuses unknown types', () => {
    const vote = {
      id: voteId('con', 2),
      typeName: 'codev_vote',
      voter: 'con',
      proposalId: 'shape:p',
    }
    expect(parseRecord(vote)).toMatchObject({ ok: true, kindInfo: { kind: 'vote' } })
    const state = parseRecord(sessionAt('welcome'))
    expect(state).toMatchObject({ ok: true, kindInfo: { kind: 'session-state' } })
    if (state.ok) expect(isSessionState(state.record)).toBe(true)
    expect(
      parseRecord({ id: 'page:p', typeName: 'page', name: 'P', index: 'a1', meta: {} }),
    ).toMatchObject({ ok: true, kindInfo: { kind: 'page' } })
    expect(
      parseRecord({ id: 'document:document', typeName: 'document', gridSize: 10 }),
    ).toMatchObject({ kindInfo: { kind: 'document' } })
    expect(
      parseRecord({
        id: 'binding:b',
        typeName: 'binding',
        type: 'arrow',
        fromId: 'shape:a',
        toId: 'shape:b',
      }),
    ).toMatchObject({ kindInfo: { kind: 'binding' } })
    expect(parseRecord({ id: 'asset:a', typeName: 'asset', type: 'image' })).toMatchObject({
      kindInfo: { kind: 'asset' },
    })
    for (const bad of [
      null,
      'x',
      42,
      [],
      {},
      { typeName: 'camera', id: 'camera:x' },
      { typeName: 7 },
    ]) {
      expect(parseRecord(bad)).toEqual({ ok: false, error: 'record/unknown-type' })
    }
    expect(parseRecord({ ...vote, id: 'codev_vote:other:1' })).toEqual({
      ok: false,
      error: 'record/invalid',
    })
    expect(parseRecord({ id: 'page:p', typeName: 'page' })).toEqual({
      ok: false,
      error: 'record/invalid',
    })
    const state2 = sessionAt('welcome')
    expect(parseRecord({ ...state2, extra: 1 })).toEqual({ ok: false, error: 'record/invalid' })
    expect(isSessionState({ ...vote } as never)).toBe(false)
    void FAC
  })
})

describe('shapeText', () => {
  it('reads props.text or the text nodes of props.richText', () => {
    expect(shapeText({ props: { text: 'plain' } })).toBe('plain')
    const richText = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'world' }, null, 'x'] },
      ],
    }
    expect(shapeText({ props: { richText } })).toBe('Hello world')
    expect(shapeText({ props: {} })).toBe('')
    let deep: unknown = { type: 'text', text: 'deep' }
    for (let i = 0; i < 30; i++) deep = { content: [deep] }
    expect(shapeText({ props: { richText: deep } })).toBe('')
  })
})
