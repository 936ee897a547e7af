/**
 * Live drags: while a member drags shapes, their positions travel through Yjs
 * awareness (the `drag` field of the member's awareness state), 30 times a second,
 * and only the drop is written to the document. Peers see the note move without
 * 30 document writes a second each one stored, judged and kept forever.
 *
 * A drag is judged as the position-only update it will become on drop: the server
 * strips the entries `judgeLiveDrag` refuses before relaying them, and a browser
 * shows only the entries it accepts. Both call the same function.
 */
import { z } from 'zod'
import type { Verdict } from './errors.ts'
import { authorizeMove } from './permissions.ts'
import { ShapeIdSchema } from './records.ts'
import type { Actor } from './roles.ts'
import type { SessionState } from './sessionState.ts'

/** The awareness field that holds a member's live drag. */
export const LIVE_DRAG_FIELD = 'drag'

/** More shapes than this in one drag are not shown live (they still move on drop). */
export const MAX_LIVE_DRAG_SHAPES = 50

const coordinate = z.number().finite().min(-1e7).max(1e7)

export const LiveDragEntrySchema = z.strictObject({
  id: ShapeIdSchema,
  x: coordinate,
  y: coordinate,
  rotation: z.number().finite().min(-100).max(100),
})
export type LiveDragEntry = z.infer<typeof LiveDragEntrySchema>

export const LiveDragSchema = z.array(LiveDragEntrySchema).max(MAX_LIVE_DRAG_SHAPES)
export type LiveDrag = z.infer<typeof LiveDragSchema>

/** The live drag in an awareness state's field, or null when it holds none or garbage. */
export function parseLiveDrag(value: unknown): LiveDrag | null {
  if (value === undefined || value === null) return null
  const parsed = LiveDragSchema.safeParse(value)
  return parsed.success && parsed.data.length > 0 ? parsed.data : null
}

/**
 * May this actor show `entry` as a live position of the shape stored as `stored`?
 * The same verdict as the drop: a position-only update of that record.
 */
export function judgeLiveDrag(
  actor: Actor,
  entry: LiveDragEntry,
  stored: unknown,
  state: SessionState,
): Verdict {
  return authorizeMove(actor, stored, entry, state)
}

/** The entries of `drag` the actor may show, judged against the stored records. */
export function allowedLiveDrag(
  actor: Actor,
  drag: LiveDrag,
  storedRecord: (id: string) => unknown,
  state: SessionState,
): LiveDrag {
  return drag.filter((entry) => judgeLiveDrag(actor, entry, storedRecord(entry.id), state).ok)
}
