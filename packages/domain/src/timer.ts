/**
 * A step's timer, computed from events and a clock passed in (epoch milliseconds).
 * It never reads the clock itself.
 */
import { z } from 'zod'

export const TimerStateSchema = z.object({
  durationMs: z.number().int().nonnegative(),
  /** When the running period began; null while paused or not started. */
  startedAt: z.number().int().nonnegative().nullable(),
  /** Time run in earlier periods (before the last pause). */
  elapsedBeforeMs: z.number().int().nonnegative(),
})
export type TimerState = z.infer<typeof TimerStateSchema>

export interface TimerView {
  remainingMs: number
  overrunMs: number
  elapsedMs: number
  running: boolean
}

export const MS_PER_MINUTE = 60_000

export function newTimer(durationMin: number): TimerState {
  return { durationMs: durationMin * MS_PER_MINUTE, startedAt: null, elapsedBeforeMs: 0 }
}

/** Time run so far; a clock that goes backwards counts as no time. */
export function elapsedMs(timer: TimerState, now: number): number {
  const current = timer.startedAt === null ? 0 : Math.max(0, now - timer.startedAt)
  return timer.elapsedBeforeMs + current
}

export function timerStart(timer: TimerState, now: number): TimerState {
  if (timer.startedAt !== null) return timer
  return { ...timer, startedAt: now }
}

export function timerPause(timer: TimerState, now: number): TimerState {
  if (timer.startedAt === null) return timer
  return { ...timer, startedAt: null, elapsedBeforeMs: elapsedMs(timer, now) }
}

export function timerExtend(timer: TimerState, minutes: number): TimerState {
  return { ...timer, durationMs: timer.durationMs + Math.round(minutes * MS_PER_MINUTE) }
}

export function timerView(timer: TimerState, now: number): TimerView {
  const elapsed = elapsedMs(timer, now)
  return {
    remainingMs: Math.max(0, timer.durationMs - elapsed),
    overrunMs: Math.max(0, elapsed - timer.durationMs),
    elapsedMs: elapsed,
    running: timer.startedAt !== null,
  }
}
