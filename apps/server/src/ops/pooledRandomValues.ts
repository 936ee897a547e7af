/**
 * A pooled `crypto.webcrypto.getRandomValues` for the server process.
 *
 * Yjs draws a new document's guid and client id 4 bytes at a time: 32 calls of
 * `getRandomValues` per `new Y.Doc()`, each a few microseconds of Node's WebCrypto
 * argument checks. Hocuspocus 4.7 makes a scratch `Y.Doc` for every awareness
 * message it receives (to hand `beforeHandleAwareness` a decoded map), and a live
 * drag sends 30 awareness messages a second: under the bench's workload those calls
 * took a fifth of the server's busy time (docs/PERFORMANCE.md, session 4).
 *
 * Small requests are served from a pool that one `randomFillSync` refills: the same
 * source (OpenSSL's CSPRNG), fewer calls. Every byte is handed out once. Node does
 * the same for `crypto.randomUUID`. Installed by main.ts before any module that
 * binds `getRandomValues` at import (lib0) is loaded.
 *
 * lib0's `uint32()` — 31 of the 32 calls — asks for one `Uint32Array(1)`: it gets
 * the pool's next aligned word without any view or copy (1.1 µs a call -> 0.03 µs).
 */
import { randomFillSync, webcrypto } from 'node:crypto'

/** Requests up to this size come from the pool; larger ones go to Node directly. */
const POOLED_REQUEST_BYTES = 64
const POOL_BYTES = 4096

type WebCrypto = typeof webcrypto
type IntegerArray = Exclude<NodeJS.TypedArray, Float16Array | Float32Array | Float64Array>

/** `fill` refills the pool: OpenSSL's CSPRNG; tests pass a counter to see which bytes go where. */
export function installPooledRandomValues(
  target: WebCrypto = webcrypto,
  fill: (pool: Uint8Array) => void = randomFillSync,
): void {
  const direct = target.getRandomValues.bind(target)
  const pool = new Uint8Array(POOL_BYTES)
  const words = new Uint32Array(pool.buffer)
  let used = POOL_BYTES
  const pooled = (array: ArrayBufferView): ArrayBufferView => {
    if (array instanceof Uint32Array && array.length === 1) {
      // The next whole word: the up to 3 bytes skipped to align are never handed out.
      let word = (used + 3) >>> 2
      if (word >= words.length) {
        fill(pool)
        word = 0
      }
      array[0] = words[word]!
      used = (word + 1) * 4
      return array
    }
    // Anything unusual (floats, DataView, big requests) keeps Node's own checks and errors.
    if (!isIntegerArray(array) || array.byteLength > POOLED_REQUEST_BYTES) {
      return direct(array as IntegerArray)
    }
    const size = array.byteLength
    if (used + size > POOL_BYTES) {
      fill(pool)
      used = 0
    }
    new Uint8Array(array.buffer, array.byteOffset, size).set(pool.subarray(used, used + size))
    used += size
    return array
  }
  target.getRandomValues = pooled as unknown as WebCrypto['getRandomValues']
}

function isIntegerArray(value: unknown): value is IntegerArray {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof Float32Array) &&
    !(value instanceof Float64Array) &&
    !(typeof Float16Array !== 'undefined' && value instanceof Float16Array)
  )
}
