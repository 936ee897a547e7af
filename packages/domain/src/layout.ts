/**
 * The board's layout: one zone per phase, in reading order (two rows, left to
 * right), in tldraw page units. The web app draws it; the server checks positions
 * against it. Deterministic: the same for every session.
 */
import { PHASE_IDS, PHASES, type PhaseId, type Text } from './phases.ts'

export interface Zone {
  phase: PhaseId
  x: number
  y: number
  w: number
  h: number
  colour: string
  title: Text
}

export const ZONE_HEIGHT = 1200
export const ZONE_GAP = 100
const WIDE = 1600
const NARROW = 800

const COLOURS: Record<PhaseId, string> = {
  welcome: '#eef2ff',
  retour: '#ecfeff',
  'choix-sujet': '#f0fdf4',
  expose: '#fefce8',
  clarification: '#fff7ed',
  contrat: '#fdf2f8',
  consultation: '#f5f3ff',
  synthese: '#ecfdf5',
  apprentissage: '#f0f9ff',
  closing: '#f8fafc',
}

const ROWS: PhaseId[][] = [
  ['welcome', 'retour', 'choix-sujet', 'expose', 'clarification'],
  ['contrat', 'consultation', 'synthese', 'apprentissage', 'closing'],
]

function buildZones(): Zone[] {
  const zones: Zone[] = []
  ROWS.forEach((row, r) => {
    let x = 0
    for (const phase of row) {
      const w = phase === 'welcome' || phase === 'closing' ? NARROW : WIDE
      zones.push({
        phase,
        x,
        y: r * (ZONE_HEIGHT + ZONE_GAP),
        w,
        h: ZONE_HEIGHT,
        colour: COLOURS[phase],
        title: PHASES[phase].title,
      })
      x += w + ZONE_GAP
    }
  })
  return zones.sort((a, b) => PHASE_IDS.indexOf(a.phase) - PHASE_IDS.indexOf(b.phase))
}

export const ZONES: readonly Zone[] = buildZones()

const BY_PHASE = new Map(ZONES.map((zone) => [zone.phase, zone]))

export function zoneOf(phase: PhaseId): Zone {
  return BY_PHASE.get(phase)!
}

/** Left and top edges inside, right and bottom edges outside. */
export function isInside(zone: Zone, point: { x: number; y: number }): boolean {
  return (
    point.x >= zone.x && point.x < zone.x + zone.w && point.y >= zone.y && point.y < zone.y + zone.h
  )
}

export function zoneAt(point: { x: number; y: number }): PhaseId | null {
  return ZONES.find((zone) => isInside(zone, point))?.phase ?? null
}
