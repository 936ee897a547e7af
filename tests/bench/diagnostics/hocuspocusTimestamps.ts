/**
 * A preload (`node --import`) for a Hocuspocus server under study: writes to stderr
 * `T <stage> <ns>` (CLOCK_MONOTONIC, the clock `process.hrtime` reads in every process
 * of this machine) as a message passes each stage. Diagnostics only: it wraps
 * Hocuspocus' own classes, and each line costs a write.
 */
import { writeSync } from 'node:fs'
import { Connection, Document, MessageReceiver } from '@hocuspocus/server'

const stamp = (stage: string) => writeSync(2, `T ${stage} ${process.hrtime.bigint()}\n`)

/** Stamps `before` and `after` (each if given) around each call of a prototype method. */
function wrap(target: object, method: string, before: string | null, after?: string) {
  const prototype = target as Record<string, (...args: unknown[]) => unknown>
  const original = prototype[method]!
  prototype[method] = function (this: unknown, ...args: unknown[]) {
    if (before) stamp(before)
    const result = original.apply(this, args)
    if (after) stamp(after)
    return result
  }
}

wrap(Connection.prototype, 'handleMessage', 'read')
wrap(MessageReceiver.prototype, 'apply', 'decoded')
wrap(Document.prototype, 'handleUpdate', 'applied')
// Only the end of a send is a stage: the turn's first one is the ack to the writer.
wrap(Connection.prototype, 'send', null, 'sent')
wrap(Document.prototype, 'broadcast', 'broadcast', 'broadcasted')
