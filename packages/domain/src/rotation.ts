/**
 * Cycle rotation: over a cycle of 5 to 8 sessions every member should be client
 * once. Given the clients of past sessions (oldest first), who has been client and
 * who is proposed next. Deterministic: ties go to the order of `members`.
 */
import type { MemberId } from './roles.ts'

export const CYCLE_MIN_SESSIONS = 5
export const CYCLE_MAX_SESSIONS = 8

/** Each past client once, in the order they were first client. */
export function clientsSoFar(pastClients: readonly MemberId[]): MemberId[] {
  return [...new Set(pastClients)]
}

/**
 * The first member (in `members` order) who has not been client yet; once all
 * have, the one who was client the fewest times, then the longest ago.
 */
export function proposeNextClient(
  members: readonly MemberId[],
  pastClients: readonly MemberId[],
): MemberId | null {
  if (members.length === 0) return null
  const count = (id: MemberId) => pastClients.filter((c) => c === id).length
  const lastTime = (id: MemberId) => pastClients.lastIndexOf(id)
  return [...members].sort((a, b) => count(a) - count(b) || lastTime(a) - lastTime(b))[0]!
}

/** Members who have not been client in this cycle yet, in `members` order. */
export function notYetClients(
  members: readonly MemberId[],
  pastClients: readonly MemberId[],
): MemberId[] {
  return members.filter((m) => !pastClients.includes(m))
}
