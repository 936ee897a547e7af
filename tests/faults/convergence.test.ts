/**
 * Convergence fuzzing, short run: eight members (facilitator, client, six
 * consultants) do random allowed and forbidden things (support/convergenceRun.ts);
 * every replica and the storage (SQLite read directly, and a fresh client after a
 * SIGKILL + restart) must end identical, every record valid, no forbidden change
 * present. Offline stretches and mid-run kills are in the long run
 * (`pnpm fuzz:long`): they currently wedge honest clients, see docs/RELIABILITY.md.
 */
import { describe, expect, it } from 'vitest'
import { runConvergence } from './support/convergenceRun.ts'
import { seedFromEnv } from './support/fuzzClient.ts'

const OPERATIONS = Number(process.env.CODEV_FUZZ_OPERATIONS ?? 500)

describe('convergence fuzzing', () => {
  it(`converges after ${OPERATIONS} random actions of 8 members, then a SIGKILL`, async () => {
    const seed = seedFromEnv()
    console.log(`convergence seed: ${seed} (replay with CODEV_SEED=${seed})`)
    const stats = await runConvergence({
      seed,
      operations: OPERATIONS,
      offline: process.env.CODEV_FUZZ_OFFLINE === '1',
      killsAt: process.env.CODEV_FUZZ_KILL === '1' ? [0.5] : [],
      log: console.log,
    })
    expect(stats.forbiddenTried).toBeGreaterThan(OPERATIONS / 10)
    expect(stats.refusalsReported).toBeGreaterThan(0)
  })
})
