import { describe, expect, it } from 'vitest'
import { ZONES, zoneAt, zoneOf } from './layout.ts'
import { PHASE_IDS } from './phases.ts'

describe('layout', () => {
  it('has one zone per phase, in phase order, without overlap', () => {
    expect(ZONES.map((z) => z.phase)).toEqual([...PHASE_IDS])
    for (const a of ZONES) {
      for (const b of ZONES) {
        if (a === b) continue
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
        expect(overlap, `${a.phase} / ${b.phase}`).toBe(false)
      }
    }
  })
  it('reads left to right, then top to bottom', () => {
    for (let i = 1; i < ZONES.length; i++) {
      const prev = ZONES[i - 1]!
      const cur = ZONES[i]!
      expect(cur.y > prev.y || (cur.y === prev.y && cur.x > prev.x)).toBe(true)
    }
  })
  it('finds the zone of a point and of a phase', () => {
    for (const zone of ZONES) {
      expect(zoneOf(zone.phase)).toBe(zone)
      expect(zoneAt({ x: zone.x, y: zone.y })).toBe(zone.phase)
      expect(zoneAt({ x: zone.x + zone.w / 2, y: zone.y + zone.h / 2 })).toBe(zone.phase)
      expect(zone.title.fr && zone.title.en && zone.colour).toBeTruthy()
    }
    expect(zoneAt({ x: -1, y: 0 })).toBeNull()
    const first = ZONES[0]!
    expect(zoneAt({ x: first.x + first.w + 1, y: first.y })).toBeNull() // the gap
  })
})
