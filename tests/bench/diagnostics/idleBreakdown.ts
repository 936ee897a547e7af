/**
 * Where an idle propagation's time goes, stage by stage: one writer and one receiver
 * (real `@hocuspocus/provider`s, Node's WebSocket) on a plain Hocuspocus server in its
 * own process, one whole-record note write every 20 ms, as `pnpm bench` measures
 * `propagation_idle_*`. The server stamps its stages (hocuspocusTimestamps.ts); the
 * writer and the receiver read the same clock. Then the same Yjs write alone,
 * back to back and after 20 ms of idleness: what a cold CPU costs on this machine.
 *
 * `node tests/bench/diagnostics/idleBreakdown.ts [--samples N]`. Run it on a quiet
 * machine; with `--busy-cores`, two SCHED_IDLE spinners keep the CPUs from idling.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { HocuspocusProvider } from '@hocuspocus/provider'
import * as Y from 'yjs'
import { probeNote, yjsWriteMicros } from '../support/coldWork.ts'
import { median } from '../support/stats.ts'

const args = process.argv.slice(2)
const SAMPLES = args.includes('--samples') ? Number(args[args.indexOf('--samples') + 1]) : 300
const GAP_MS = 20
const now = () => process.hrtime.bigint()
const us = (from: bigint, to: bigint) => Number(to - from) / 1000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const spinners: ChildProcess[] = []
if (args.includes('--busy-cores')) {
  for (let i = 0; i < 2; i++)
    spinners.push(spawn('chrt', ['--idle', '0', 'sh', '-c', 'while :; do :; done']))
}

const server = spawn(
  process.execPath,
  [
    '--import',
    path.join(import.meta.dirname, 'hocuspocusTimestamps.ts'),
    path.join(import.meta.dirname, '../servers/plainHocuspocus.ts'),
  ],
  { stdio: ['ignore', 'pipe', 'pipe'] },
)
const stamps: { stage: string; at: bigint }[] = []
let pending = ''
server.stderr!.on('data', (chunk: Buffer) => {
  const lines = (pending + chunk.toString()).split('\n')
  pending = lines.pop() ?? ''
  for (const line of lines) {
    const match = /^T (\S+) (\d+)$/.exec(line)
    if (match) stamps.push({ stage: match[1]!, at: BigInt(match[2]!) })
  }
})
const port = await new Promise<number>((resolve) =>
  server.stdout!.on('data', (chunk: Buffer) => {
    const match = /listening (\d+)/.exec(chunk.toString())
    if (match) resolve(Number(match[1]))
  }),
)

function client() {
  const document = new Y.Doc()
  const provider = new HocuspocusProvider({ url: `ws://127.0.0.1:${port}`, name: 'room', document })
  return { records: document.getMap('records'), provider }
}
const writer = client()
const receiver = client()
await Promise.all(
  [writer, receiver].map(
    ({ provider }) => new Promise((resolve) => provider.on('synced', resolve)),
  ),
)
// The receiver's socket delivering a message: before its provider decodes it.
let arrivedAt = 0n
type Emitter = { emit(event: string, ...rest: unknown[]): unknown }
const socket = receiver.provider.configuration.websocketProvider as unknown as Emitter
const emit = socket.emit.bind(socket)
socket.emit = (event, ...rest) => {
  if (event === 'message') arrivedAt = now()
  return emit(event, ...rest)
}

const STAGES = [
  ['write, encode and send (writer)', 'set', 'written'],
  ['to the server', 'written', 'read'],
  ['decode, hooks (server)', 'read', 'decoded'],
  ['apply (server)', 'decoded', 'applied'],
  // Plain Hocuspocus acknowledges to the writer first: the turn's first send.
  ['ack to the writer (server)', 'applied', 'sent'],
  ['to the broadcast: end of turn (server)', 'sent', 'broadcast'],
  ['broadcast to 2 sockets', 'broadcast', 'broadcasted'],
  ['to the receiver', 'broadcasted', 'arrived'],
  ['decode and apply (receiver)', 'arrived', 'observed'],
  ['total', 'set', 'observed'],
] as const
const rows: Record<string, number[]> = Object.fromEntries(STAGES.map(([name]) => [name, []]))
for (let i = 0; i < SAMPLES + 20; i++) {
  stamps.length = 0
  const observed = new Promise<bigint>((resolve) => {
    const seen = () => {
      receiver.records.unobserve(seen)
      resolve(now())
    }
    receiver.records.observe(seen)
  })
  const at: Record<string, bigint> = { set: now() }
  writer.records.set('shape:n', probeNote(i))
  at.written = now()
  at.observed = await observed
  at.arrived = arrivedAt
  await sleep(GAP_MS)
  for (const { stage, at: when } of stamps) at[stage] ??= when
  if (i < 20) continue // warm-up
  for (const [name, from, to] of STAGES) {
    if (at[from] !== undefined && at[to] !== undefined) rows[name]!.push(us(at[from]!, at[to]!))
  }
}
writer.provider.destroy()
receiver.provider.destroy()
server.kill()

console.log(`idle propagation on plain Hocuspocus, ${SAMPLES} writes ${GAP_MS} ms apart: medians`)
console.table(STAGES.map(([name]) => ({ stage: name, us: Math.round(median(rows[name]!)) })))

const warm = await yjsWriteMicros(0, SAMPLES)
const cold = await yjsWriteMicros(GAP_MS, SAMPLES)
console.log(
  `one Yjs write and apply (support/coldWork.ts): ${warm.toFixed(1)} us back to back, ${cold.toFixed(1)} us after ${GAP_MS} ms idle (x ${(cold / warm).toFixed(1)})`,
)
for (const spinner of spinners) spinner.kill()
process.exit(0)
