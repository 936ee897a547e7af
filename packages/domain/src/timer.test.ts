import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  newTimer,
  type TimerState,
  timerExtend,
  timerPause,
  timerStart,
  timerView,
} from './timer.ts'

describe('timer', () => {
  it('counts down while running and reports overrun', () => {
    let t = timerStart(newTimer(10), 1_000)
    expect(timerView(t, 61_000)).toEqual({
      remainingMs: 540_000,
      overrunMs: 0,
      elapsedMs: 60_000,
      running: true,
    })
    t = timerPause(t, 121_000)
    expect(timerView(t, 999_999)).toMatchObject({ remainingMs: 480_000, running: false })
    t = timerStart(t, 1_000_000)
    expect(timerView(t, 1_000_000 + 600_000)).toMatchObject({ remainingMs: 0, overrunMs: 120_000 })
    t = timerExtend(t, 5)
    expect(timerView(t, 1_000_000 + 600_000)).toMatchObject({ remainingMs: 180_000, overrunMs: 0 })
  })
  it('ignores a second start and a pause while paused; a clock going back counts as no time', () => {
    const started = timerStart(newTimer(1), 10)
    expect(timerStart(started, 50)).toBe(started)
    const idle = newTimer(1)
    expect(timerPause(idle, 50)).toBe(idle)
    expect(timerView(started, 0).elapsedMs).toBe(0)
  })

  type Event =
    | { type: 'start' | 'pause'; dt: number }
    | { type: 'extend'; minutes: number; dt: number }
  const events = fc.array(
    fc.oneof(
      fc.record({
        type: fc.constantFrom('start' as const, 'pause' as const),
        dt: fc.integer({ min: 0, max: 3_600_000 }),
      }),
      fc.record({
        type: fc.constant('extend' as const),
        minutes: fc.integer({ min: 1, max: 60 }),
        dt: fc.integer({ min: 0, max: 3_600_000 }),
      }),
    ),
    { maxLength: 50 },
  )

  it('never reports negative remaining time, and never loses paused time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 1e12 }),
        events,
        fc.integer({ min: 0, max: 1e7 }),
        (min, t0, evs: Event[], probe) => {
          let t: TimerState = newTimer(min)
          let now = t0
          let runningSince: number | null = null
          let accumulated = 0 // model: total running time so far
          for (const ev of evs) {
            now += ev.dt
            if (ev.type === 'extend') {
              t = timerExtend(t, ev.minutes)
            } else if (ev.type === 'start') {
              t = timerStart(t, now)
              if (runningSince === null) runningSince = now
            } else {
              t = timerPause(t, now)
              if (runningSince !== null) accumulated += now - runningSince
              runningSince = null
            }
            const view = timerView(t, now)
            expect(view.remainingMs).toBeGreaterThanOrEqual(0)
            expect(view.overrunMs).toBeGreaterThanOrEqual(0)
            expect(view.elapsedMs).toBe(
              accumulated + (runningSince === null ? 0 : now - runningSince),
            )
            expect(view.remainingMs - view.overrunMs).toBe(t.durationMs - view.elapsedMs)
          }
          const later = timerView(t, now + probe)
          expect(later.remainingMs).toBeGreaterThanOrEqual(0)
          expect(later.elapsedMs).toBeGreaterThanOrEqual(accumulated)
        },
      ),
      { numRuns: 500 },
    )
  })
})
