import { describe, expect, it } from 'vitest'
import { actorOf, CON, CON2, note, sessionAt } from '../test/fixtures.ts'
import { zoneOf } from './layout.ts'
import {
  allowedLiveDrag,
  judgeLiveDrag,
  type LiveDragEntry,
  MAX_LIVE_DRAG_SHAPES,
  parseLiveDrag,
} from './liveDrag.ts'

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
