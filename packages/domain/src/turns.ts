/**
 * Tours de parole: for the clarification questions and the final round, the
 * facilitator starts a turn order — round the circle, or a queue members join by
 * raising a hand. Everyone sees whose turn it is and who is next. Pure functions
 * over the `turns` part of the session state; `transition` runs them.
 */
import { z } from 'zod'
import { type MemberId, MemberIdSchema } from './roles.ts'

export const TURN_MODES = ['circle', 'queue'] as const
export const TurnsSchema = z.strictObject({
  mode: z.enum(TURN_MODES),
  /** Speakers in order; those before `current` have spoken. */
  order: z.array(MemberIdSchema),
  current: z.number().int().nonnegative(),
})
export type Turns = z.infer<typeof TurnsSchema>

export interface TurnView {
  speaker: string | null
  next: string | null
  /** Who is still to speak, the speaker first. */
  remaining: string[]
}

export function turnView(turns: Turns | null): TurnView {
  const remaining = turns ? turns.order.slice(turns.current) : []
  return { speaker: remaining[0] ?? null, next: remaining[1] ?? null, remaining }
}

/** A new turn order: the circle in the members' order, or an empty queue. */
export function startTurns(mode: Turns['mode'], circle: readonly MemberId[]): Turns {
  return { mode, order: mode === 'circle' ? [...circle] : [], current: 0 }
}

/** The member joins the queue, unless already waiting or speaking. */
export function raiseHand(turns: Turns, memberId: MemberId): Turns {
  if (turnView(turns).remaining.includes(memberId)) return turns
  return { ...turns, order: [...turns.order, memberId] }
}

/** The member leaves the queue before speaking (the speaker ends with `nextTurn`). */
export function lowerHand(turns: Turns, memberId: MemberId): Turns {
  const waiting = turns.order.slice(turns.current + 1)
  if (!waiting.includes(memberId)) return turns
  const spoken = turns.order.slice(0, turns.current + 1)
  return { ...turns, order: [...spoken, ...waiting.filter((id) => id !== memberId)] }
}

/** The speaker is done (or the facilitator passes their turn): the next one speaks. */
export function nextTurn(turns: Turns): Turns {
  return { ...turns, current: Math.min(turns.current + 1, turns.order.length) }
}
