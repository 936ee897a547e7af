/**
 * The action plan carries over: the actions the client built in one session come
 * back, as cards in the retour zone of the group's next session, for the client to
 * follow up (done / in progress / dropped). The server seeds them when it creates
 * the next session's document; they keep the original note's tldraw props, so they
 * look the same, and nobody edits them — follow-ups are notes of their own.
 */
import { zoneOf } from './layout.ts'
import { type CodevShape, CodevShapeSchema } from './records.ts'

const CARD_SIZE = 200
const CARD_GAP = 40
const COLUMNS = 4

/** The id of the card an action becomes in the next session (shape ids allow 64 characters). */
export function carriedActionId(actionId: string): string {
  return `shape:prev-${actionId.slice('shape:'.length)}`.slice(0, 'shape:'.length + 64)
}

/** The previous session's actions as cards laid out in the retour zone, in their order on the board. */
export function carryOverActions(previousRecords: Iterable<unknown>): CodevShape[] {
  const actions: CodevShape[] = []
  for (const value of previousRecords) {
    const parsed = CodevShapeSchema.safeParse(value)
    if (parsed.success && parsed.data.meta.kind === 'action') actions.push(parsed.data)
  }
  actions.sort((a, b) => a.y - b.y || a.x - b.x)
  const zone = zoneOf('retour')
  return actions.map((action, index) => ({
    ...action,
    id: carriedActionId(action.id),
    parentId: 'page:page',
    x: zone.x + CARD_GAP + (index % COLUMNS) * (CARD_SIZE + CARD_GAP),
    y: zone.y + 100 + Math.floor(index / COLUMNS) * (CARD_SIZE + CARD_GAP),
    meta: { ...action.meta, phase: 'retour' },
  }))
}
