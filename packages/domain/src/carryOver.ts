/**
 * The action plan carries over: the actions the client built in one session come
 * back, as cards in the retour zone of the group's next session, for the client to
 * follow up (done / in progress / dropped). The facilitator's regulation for next
 * time comes back with them, after the actions, for the group to keep in mind. The server seeds them when it creates
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

/**
 * Carried over: the action plan (as before: every action, carried cards too), then
 * the regulation decided for next time (only the one decided in that session).
 */
const CARRIED: readonly { kind: 'action' | 'regulation'; from?: string }[] = [
  { kind: 'action' },
  { kind: 'regulation', from: 'apprentissage' },
]

/** The previous session's actions and regulation as cards laid out in the retour zone, in their order on the board. */
export function carryOverPlan(previousRecords: Iterable<unknown>): CodevShape[] {
  const carried: CodevShape[][] = CARRIED.map(() => [])
  for (const value of previousRecords) {
    const parsed = CodevShapeSchema.safeParse(value)
    if (!parsed.success) continue
    const { kind, phase } = parsed.data.meta
    const index = CARRIED.findIndex(
      (rule) => rule.kind === kind && (rule.from === undefined || rule.from === phase),
    )
    if (index >= 0) carried[index]!.push(parsed.data)
  }
  const cards = carried.flatMap((list) => list.sort((a, b) => a.y - b.y || a.x - b.x))
  const zone = zoneOf('retour')
  return cards.map((card, index) => ({
    ...card,
    id: carriedActionId(card.id),
    parentId: 'page:page',
    x: zone.x + CARD_GAP + (index % COLUMNS) * (CARD_SIZE + CARD_GAP),
    y: zone.y + 100 + Math.floor(index / COLUMNS) * (CARD_SIZE + CARD_GAP),
    meta: { ...card.meta, phase: 'retour' },
  }))
}
