/**
 * The long convergence fuzz (`pnpm fuzz:long`): seeded runs of
 * support/convergenceRun.ts one after the other until the time budget is spent,
 * with offline stretches up to 30 s (the partition) and SIGKILLs mid-run. Stops at
 * the first failure and prints its seed; replay one seed with CODEV_SEED.
 *
 *   CODEV_FUZZ_MINUTES   time budget (default 10)
 *   CODEV_SEED           first seed (default: the clock); each run adds 1
 *   CODEV_FUZZ_OPERATIONS  actions per run (default 1200)
 *   CODEV_FUZZ_OFFLINE=0 / CODEV_FUZZ_KILLS=0  leave out offline stretches / kills
 */
import { runConvergence } from '../support/convergenceRun.ts'
import { seedFromEnv } from '../support/fuzzClient.ts'

const minutes = Number(process.env.CODEV_FUZZ_MINUTES ?? 10)
const operations = Number(process.env.CODEV_FUZZ_OPERATIONS ?? 1200)
const offline = process.env.CODEV_FUZZ_OFFLINE !== '0'
const kills = process.env.CODEV_FUZZ_KILLS !== '0'
const deadline = Date.now() + minutes * 60_000
let seed = seedFromEnv()
let runs = 0
const totals = { operations: 0, forbiddenTried: 0, refusalsReported: 0, offline: 0, kills: 0 }

console.log(
  `fuzz:long ${minutes} min, ${operations} actions per run, offline ${offline}, kills ${kills}, first seed ${seed}`,
)
while (Date.now() < deadline) {
  try {
    const stats = await runConvergence({
      seed,
      operations,
      offline,
      maxOfflineMs: 30_000,
      // Slow enough that no client passes the refused-changes limit (120 a minute),
      // which closes a flooding connection by design.
      maxPauseMs: 80,
      killsAt: kills ? [0.3, 0.7] : [],
    })
    runs++
    totals.operations += stats.operations
    totals.forbiddenTried += stats.forbiddenTried
    totals.refusalsReported += stats.refusalsReported
    totals.offline += stats.offlineStretches
    totals.kills += stats.kills
    console.log(`seed ${seed} ok ${JSON.stringify(stats)}`)
  } catch (error) {
    console.error(
      `FAILED at seed ${seed} after ${runs} passing runs (replay: CODEV_SEED=${seed} CODEV_FUZZ_MINUTES=1 pnpm fuzz:long)`,
    )
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
  seed++
}
console.log(`fuzz:long passed: ${runs} runs ${JSON.stringify(totals)}`)
