/**
 * Soak (`pnpm soak`): a server process on loopback; rooms open and close under
 * load, cycle after cycle, for a bounded time. Each cycle opens ROOMS sessions
 * with CLIENTS members each, has every member write notes, closes everything and
 * waits until the server reports zero loaded documents. The server's RSS is
 * sampled after every cycle; the RSS floor (minimum after collections) must not
 * grow between the second and the last quarter of the run and the loaded documents must return to zero.
 *
 *   CODEV_SOAK_MINUTES  time budget (default 30)
 *   CODEV_SOAK_ROOMS    rooms per cycle (default 6)
 *   CODEV_SOAK_CLIENTS  members per room (default 5)
 *   CODEV_SOAK_WRITES   notes each member writes per cycle (default 20)
 */
import { readFileSync } from 'node:fs'
import { memberIdOf, noteRecord } from '@codev/server/testing'
import { createGroup } from '../../e2e/support/groups.ts'
import { serverProcess } from '../../e2e/support/serverProcess.ts'
import { type FuzzClient, fuzzClient, settled, sleep, until } from '../support/fuzzClient.ts'

const minutes = Number(process.env.CODEV_SOAK_MINUTES ?? 30)
const rooms = Number(process.env.CODEV_SOAK_ROOMS ?? 6)
const perRoom = Number(process.env.CODEV_SOAK_CLIENTS ?? 5)
const writes = Number(process.env.CODEV_SOAK_WRITES ?? 20)
/** Allowed growth of the RSS floor between the second and the last quarter; a leak of one room per cycle is far above. */
const MAX_FLOOR_GROWTH_MIB = 32

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
  return Number(line?.split(' ').at(-1) ?? Number.NaN)
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length
  const mx = points.reduce((s, p) => s + p.x, 0) / n
  const my = points.reduce((s, p) => s + p.y, 0) / n
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0)
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0)
  return den === 0 ? 0 : num / den
}

const names = Array.from({ length: perRoom - 1 }, (_, i) => `M${i}`)
const server = await serverProcess()
await server.start()
const wsUrl = server.url.replace('http', 'ws')
const started = Date.now()
const deadline = started + minutes * 60_000
const samples: { x: number; y: number }[] = []
let cycles = 0
let notes = 0
let failure: string | null = null
console.log(
  `soak ${minutes} min: ${rooms} rooms x ${perRoom} members x ${writes} notes per cycle, server pid ${server.pid()}`,
)
try {
  while (Date.now() < deadline) {
    const clients: FuzzClient[] = []
    for (let r = 0; r < rooms; r++) {
      const group = await createGroup(server.url, names)
      for (const [name, token] of Object.entries(group.tokens)) {
        clients.push(fuzzClient(wsUrl, group.sessionId, name, memberIdOf(token), token))
      }
    }
    await until(() => settled(clients), 30_000, 'every soak client to sync')
    for (let w = 0; w < writes; w++) {
      for (const client of clients) {
        const id = `shape:c${cycles}-${client.name}-${w}`
        client.records.set(
          id,
          noteRecord({
            id,
            text: `soak ${w}`,
            author: client.memberId,
            role: client.name === 'Fanny' ? 'facilitator' : 'consultant',
          }),
        )
        notes++
      }
      await sleep(5)
    }
    await until(() => settled(clients), 30_000, 'every soak write to be acknowledged')
    for (const client of clients) client.destroy()
    const emptied = Date.now() + 30_000
    while ((await metric(server.url, 'codev_loaded_documents')) !== 0) {
      if (Date.now() > emptied)
        throw new Error(`cycle ${cycles}: documents still loaded 30 s after every room emptied`)
      await sleep(100)
    }
    cycles++
    const minute = (Date.now() - started) / 60_000
    samples.push({ x: minute, y: rssMiB(server.pid()) })
    if (cycles % 10 === 0) {
      console.log(
        `${minute.toFixed(1)} min: ${cycles} cycles, ${notes} notes, RSS ${samples.at(-1)!.y.toFixed(1)} MiB, 0 documents loaded`,
      )
    }
  }
  // RSS follows V8's collections up and down; compare the floors (minimum RSS) of the
  // second and the last quarter of the run: a leak raises the floor, noise does not.
  const quarter = Math.max(1, Math.floor(samples.length / 4))
  const floor = (from: number) => Math.min(...samples.slice(from, from + quarter).map((p) => p.y))
  const growth = floor(samples.length - quarter) - floor(quarter)
  const perHour = slope(samples.slice(Math.floor(samples.length / 2))) * 60
  console.log(
    `soak: ${cycles} cycles, ${cycles * rooms} rooms opened and emptied, ${notes} notes; RSS ${samples[0]?.y.toFixed(1)} MiB first, ${samples.at(-1)?.y.toFixed(1)} MiB last, ${Math.min(...samples.map((p) => p.y)).toFixed(1)}-${Math.max(...samples.map((p) => p.y)).toFixed(1)} MiB range; floor growth ${growth.toFixed(1)} MiB; slope over the second half ${perHour.toFixed(2)} MiB/h; loaded documents back to 0 after every cycle`,
  )
  if (samples.length >= 8 && growth > MAX_FLOOR_GROWTH_MIB) {
    failure = `memory floor grew ${growth.toFixed(1)} MiB > ${MAX_FLOOR_GROWTH_MIB}`
  }
} catch (error) {
  failure = error instanceof Error ? error.message : String(error)
} finally {
  await server.stop()
}
if (failure) {
  console.error(`SOAK FAILED: ${failure}`)
  process.exit(1)
}
