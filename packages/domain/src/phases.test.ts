import { describe, expect, it } from 'vitest'
import { PHASE_IDS, PHASES, phaseRelation } from './phases.ts'
import { ROLE_IDS } from './roles.ts'

describe('phases', () => {
  it('has titles, durations and guidance for every role in both languages', () => {
    for (const phase of PHASE_IDS) {
      const p = PHASES[phase]
      expect(p.title.fr && p.title.en).toBeTruthy()
      expect(p.defaultDurationMin).toBeGreaterThan(0)
      for (const role of ROLE_IDS) {
        expect(p.guidance[role].fr.length).toBeGreaterThan(10)
        expect(p.guidance[role].en.length).toBeGreaterThan(10)
      }
    }
  })
  it('only retour and choix du sujet are skippable', () => {
    expect(PHASE_IDS.filter((p) => PHASES[p].skippable)).toEqual(['retour', 'choix-sujet'])
  })
  it('the six steps fit METHOD.md’s indicative durations', () => {
    const ranges = {
      expose: [5, 15],
      clarification: [10, 20],
      contrat: [5, 10],
      consultation: [20, 30],
      synthese: [10, 20],
      apprentissage: [10, 15],
    } as const
    for (const [phase, [min, max]] of Object.entries(ranges)) {
      const d = PHASES[phase as keyof typeof ranges].defaultDurationMin
      expect(d).toBeGreaterThanOrEqual(min)
      expect(d).toBeLessThanOrEqual(max)
    }
  })
  it('relates phases', () => {
    expect(phaseRelation('expose', 'contrat')).toBe('earlier')
    expect(phaseRelation('contrat', 'contrat')).toBe('current')
    expect(phaseRelation('closing', 'contrat')).toBe('later')
  })
})
