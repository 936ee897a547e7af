/**
 * What the facilitator's toolbar offers: a command is offered only when the
 * domain's `transition` would accept it from this person now — the same function
 * the server runs. Pure, so it is tested table-style.
 */
import {
  type Actor,
  type Command,
  PHASE_IDS,
  type PhaseId,
  phaseIndex,
  type SessionState,
  transition,
} from '@codev/domain'

export type Offer = { offered: true; needsOverride: boolean } | { offered: false }

/** Whether `command` is offered; `next` past an unconfirmed contract is offered with an explicit override. */
export function offer(state: SessionState, actor: Actor, command: Command, now: number): Offer {
  const result = transition(state, command, actor, now)
  if (result.ok) return { offered: true, needsOverride: false }
  if (command.type === 'next' && result.error === 'step/contract-unconfirmed') {
    return { offered: true, needsOverride: true }
  }
  return { offered: false }
}

export function nextPhase(phase: PhaseId): PhaseId | undefined {
  return PHASE_IDS[phaseIndex(phase) + 1]
}

export function previousPhase(phase: PhaseId): PhaseId | undefined {
  return PHASE_IDS[phaseIndex(phase) - 1]
}

/** mm:ss (or h:mm:ss) of a duration in milliseconds, rounded up to the second. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.ceil(ms / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const mm = String(minutes).padStart(hours > 0 ? 2 : 1, '0')
  const ss = String(seconds).padStart(2, '0')
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`
}

/** Fills `{name}` placeholders of a translated message. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}
