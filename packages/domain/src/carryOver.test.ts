import { describe, expect, it } from 'vitest'
import { carriedActionId, carryOverPlan } from './carryOver.ts'
import { isInside, zoneOf } from './layout.ts'
import { CodevShapeSchema } from './records.ts'

const synthese = zoneOf('synthese')
function shape(id: string, kind: string, extra: Record<string, unknown> = {}, y = 0) {
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x: synthese.x + 50,
    y: synthese.y + 100 + y,
    parentId: 'page:page',
    props: { color: 'yellow', text: id },
    meta: { author: 'client1', role: 'client', phase: 'synthese', kind, ...extra },
  }
}
const action = (id: string, what: string, y: number) =>
  shape(id, 'action', { action: { what, firstStep: 'appeler', successIndicator: 'fait' } }, y)

describe('carryOverPlan', () => {
  it("brings the previous session's actions, and only them, into the retour zone", () => {
    const cards = carryOverPlan([
      action('shape:b', 'second', 300),
      shape('shape:idea', 'learning'),
      { id: 'codev_session:state', typeName: 'codev_session' },
      action('shape:a', 'first', 0),
      { broken: true },
    ])
    expect(cards.map((card) => card.meta.action?.what)).toEqual(['first', 'second'])
    expect(cards.map((card) => card.id)).toEqual(['shape:prev-a', 'shape:prev-b'])
    for (const card of cards) {
      expect(CodevShapeSchema.safeParse(card).success).toBe(true)
      expect(card.meta.phase).toBe('retour')
      expect(card.meta.author).toBe('client1')
      expect(card.props).toEqual({ color: 'yellow', text: card.id.replace('prev-', '') })
      expect(isInside(zoneOf('retour'), card)).toBe(true)
    }
    expect(new Set(cards.map((card) => `${card.x},${card.y}`)).size).toBe(2)
  })

  it('lays many actions out in rows inside the zone and keeps ids valid', () => {
    const many = Array.from({ length: 9 }, (_, i) => action(`shape:a${i}`, `n${i}`, i * 10))
    const cards = carryOverPlan(many)
    expect(cards).toHaveLength(9)
    for (const card of cards) expect(isInside(zoneOf('retour'), card)).toBe(true)
    expect(carriedActionId(`shape:${'x'.repeat(64)}`)).toMatch(/^shape:[A-Za-z0-9_-]{1,64}$/)
  })

  it('brings the regulation for next time after the actions; not a regulation card carried before', () => {
    const regulation = {
      ...shape('shape:r', 'regulation'),
      meta: { author: 'fac', role: 'facilitator', phase: 'apprentissage', kind: 'regulation' },
    }
    const oldCard = {
      ...regulation,
      id: 'shape:prev-r0',
      meta: { ...regulation.meta, phase: 'retour' },
    }
    const cards = carryOverPlan([regulation, oldCard, action('shape:a', 'first', 0)])
    expect(cards.map((card) => [card.id, card.meta.kind])).toEqual([
      ['shape:prev-a', 'action'],
      ['shape:prev-r', 'regulation'],
    ])
    expect(cards[1]!.meta.phase).toBe('retour')
    expect(isInside(zoneOf('retour'), cards[1]!)).toBe(true)
  })

  it('carries nothing from a session without actions', () => {
    expect(carryOverPlan([])).toEqual([])
  })
})
