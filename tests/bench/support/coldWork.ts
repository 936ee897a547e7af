/**
 * What a cold CPU costs on this machine: one whole-record note write into a Y.Doc and
 * its apply on another, with no socket, timed back to back and after some idleness.
 * On the virtual machines of sessions 7 and 8 the same work took 5–7 times longer
 * after 20 ms idle; every idle propagation pays that at each of its three processes.
 */
import * as Y from 'yjs'
import { median } from './stats.ts'

const JIT_WARM_UP = 2000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** The note both cold-work measurements write: one whole record, its text 0–49 chars. */
export const probeNote = (i: number) => ({
  id: 'shape:n',
  x: i,
  y: i,
  props: { text: 'x'.repeat(i % 50) },
})

/** Median microseconds of one Yjs write and apply, `gapMs` of idleness before each (0: none). */
export async function yjsWriteMicros(gapMs: number, samples = 200): Promise<number> {
  const source = new Y.Doc()
  const target = new Y.Doc()
  const records = source.getMap('records')
  let update: Uint8Array = new Uint8Array()
  source.on('update', (u: Uint8Array) => {
    update = u
  })
  const write = (i: number) => {
    records.set('shape:n', probeNote(i))
    Y.applyUpdate(target, update)
  }
  // Compiled first: the figure is the CPU's, not the JIT's.
  for (let i = 0; i < JIT_WARM_UP; i++) write(i)
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    await (gapMs > 0 ? sleep(gapMs) : nextTurn())
    const started = process.hrtime.bigint()
    write(i)
    times.push(Number(process.hrtime.bigint() - started) / 1000)
  }
  return median(times)
}
