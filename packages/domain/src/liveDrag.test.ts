import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { actorOf, CON, CON2, MEMBER_OF_ROLE, note, sessionAt } from '../test/fixtures.ts'
import { zoneOf } from './layout.ts'
import {
  allowedLiveDrag,
  judgeLiveDrag,
  type LiveDragEntry,
  MAX_LIVE_DRAG_SHAPES,
  parseLiveDrag,
} from './liveDrag.ts'
import { authorize, authorizeMove, CREATORS } from './permissions.ts'
import { PHASE_IDS } from './phases.ts'
import { NOTE_KINDS } from './records.ts'
import { ROLE_IDS, type RoleId } from './roles.ts'

const consultation = sessionAt('consultation')
const zone = zoneOf('consultation')
const own = note({ kind: 'idea', phase: 'consultation', author: CON, role: 'consultant' })
const entry = (patch: Partial<LiveDragEntry> = {}): LiveDragEntry => ({
  id: own.id,
  x: zone.x + 50,
  y: zone.y + 60,
  rotation: 0,
  ...patch,
})

describe('parseLiveDrag', () => {
  it('reads a list of positions', () => {
    expect(parseLiveDrag([entry()])).toEqual([entry()])
  })

  it('treats nothing and an empty drag as no drag', () => {
    expect(parseLiveDrag(undefined)).toBeNull()
    expect(parseLiveDrag(null)).toBeNull()
    expect(parseLiveDrag([])).toBeNull()
  })

  it('refuses garbage, non-finite or huge coordinates, unknown fields and too many shapes', () => {
    expect(parseLiveDrag('shape:n1')).toBeNull()
    expect(parseLiveDrag([{ ...entry(), x: Number.NaN }])).toBeNull()
    expect(parseLiveDrag([{ ...entry(), y: Number.POSITIVE_INFINITY }])).toBeNull()
    expect(parseLiveDrag([{ ...entry(), x: 1e9 }])).toBeNull()
    expect(parseLiveDrag([{ ...entry(), id: 'page:page' }])).toBeNull()
    expect(parseLiveDrag([{ ...entry(), props: { text: 'sneaky' } }])).toBeNull()
    const many = Array.from({ length: MAX_LIVE_DRAG_SHAPES + 1 }, () => entry())
    expect(parseLiveDrag(many)).toBeNull()
    expect(parseLiveDrag(many.slice(1))).toHaveLength(MAX_LIVE_DRAG_SHAPES)
  })
})

describe('judgeLiveDrag: the verdict of the drop it will become', () => {
  it('lets the author move their note inside the open zone', () => {
    expect(judgeLiveDrag(actorOf('consultant'), entry(), own, consultation)).toEqual({ ok: true })
  })

  it('refuses a position outside the note’s zone', () => {
    const outside = entry({ x: zone.x + zone.w + 10 })
    expect(judgeLiveDrag(actorOf('consultant'), outside, own, consultation)).toEqual({
      ok: false,
      error: 'zone/outside',
    })
  })

  it('refuses a move of a note in a closed zone', () => {
    const earlier = note({
      kind: 'question',
      phase: 'clarification',
      author: CON,
      role: 'consultant',
    })
    const position = { ...entry(), x: zoneOf('clarification').x + 30 }
    const verdict = judgeLiveDrag(actorOf('consultant'), position, earlier, consultation)
    expect(verdict).toEqual({ ok: false, error: 'zone/read-only' })
  })

  it('refuses another consultant’s note, an observer and a shape that is not stored', () => {
    const other = note({ kind: 'idea', phase: 'consultation', author: CON2, role: 'consultant' })
    expect(judgeLiveDrag(actorOf('consultant'), entry(), other, consultation).ok).toBe(false)
    expect(judgeLiveDrag(actorOf('observer'), entry(), own, consultation).ok).toBe(false)
    expect(judgeLiveDrag(actorOf('consultant'), entry(), undefined, consultation).ok).toBe(false)
  })

  it('refuses an entry whose id is not the stored record’s', () => {
    const verdict = judgeLiveDrag(
      actorOf('consultant'),
      entry({ id: 'shape:other' }),
      own,
      consultation,
    )
    expect(verdict).toEqual({ ok: false, error: 'record/id-mismatch' })
  })

  it('keeps only the allowed entries of a drag', () => {
    const stored = new Map<string, unknown>([[own.id, own]])
    const drag = [entry(), entry({ id: 'shape:missing' }), entry({ x: zone.x - 500 })]
    const allowed = allowedLiveDrag(
      actorOf('consultant'),
      drag,
      (id) => stored.get(id),
      consultation,
    )
    expect(allowed).toEqual([entry()])
  })
})

/** A role that creates this kind in this step, so that notes are as the board holds them. */
const creatorOf = (kind: string, phase: string): RoleId | undefined =>
  (CREATORS as Record<string, Partial<Record<string, readonly RoleId[]>>>)[kind]?.[phase]?.[0]

describe('authorizeMove: authorize’s verdict on the moved record, without parsing it', () => {
  it('agrees with authorize for any note, mover, step and position', () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTE_KINDS),
        fc.constantFrom(...PHASE_IDS),
        // Half the time the note's own step is the current one (the only open zone).
        fc.option(fc.constantFrom(...PHASE_IDS), { freq: 2 }),
        fc.constantFrom(...ROLE_IDS),
        fc.constantFrom(...ROLE_IDS),
        // Where in the note's zone, as fractions: below 0 or above 1 is outside.
        fc.double({ min: -0.3, max: 1.3, noNaN: true }),
        fc.double({ min: -0.3, max: 1.3, noNaN: true }),
        fc.double({ min: -7, max: 7, noNaN: true }),
        (kind, notePhase, otherPhase, authorRole, moverRole, fx, fy, rotation) => {
          const creator = creatorOf(kind, notePhase)
          const stored = note({
            kind,
            phase: notePhase,
            author: MEMBER_OF_ROLE[creator ?? authorRole],
            role: creator ?? authorRole,
          })
          const zone = zoneOf(notePhase)
          const x = zone.x + fx * zone.w
          const y = zone.y + fy * zone.h
          const state = sessionAt(otherPhase ?? notePhase)
          const mover = actorOf(moverRole)
          const position = { id: stored.id, x, y, rotation }
          const change = {
            op: 'update' as const,
            id: stored.id,
            before: stored,
            after: { ...stored, x, y, rotation },
          }
          const verdict = authorizeMove(mover, stored, position, state)
          expect(verdict).toEqual(authorize(mover, change, state))
          seen.add(verdict.ok ? 'ok' : verdict.error)
        },
      ),
      { numRuns: 2000 },
    )
    // The runs reached allowed moves and each kind of refusal a move can meet.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'ok',
        'zone/outside',
        'zone/read-only',
        'zone/locked',
        'note/not-author',
      ]),
    )
  })

  it('agrees with authorize on what is not a valid shape', () => {
    const state = sessionAt('consultation')
    const mover = actorOf('facilitator')
    const position = { id: 'page:page', x: 1, y: 2, rotation: 0 }
    const page = { id: 'page:page', typeName: 'page', name: 'Page', index: 'a1', meta: {} }
    for (const stored of [page, state, undefined, { typeName: 'shape', id: 'shape:x' }]) {
      const after = stored === undefined ? undefined : { ...stored, x: 1, y: 2, rotation: 0 }
      const change = { op: 'update' as const, id: position.id, before: stored, after }
      const verdict = authorizeMove(mover, stored, position, state)
      expect(verdict.ok).toBe(false)
      expect(verdict).toEqual(authorize(mover, change, state))
    }
  })
})
