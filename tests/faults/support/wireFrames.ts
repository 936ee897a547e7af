/**
 * What the two wire fuzzers share: Hocuspocus frames built byte by byte (document
 * name, message type, payload), a raw socket that sends a list of frames and
 * reports how it was closed, and the server process' resident memory.
 */
import { readFileSync } from 'node:fs'
import * as encoding from 'lib0/encoding'

export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const MESSAGE_AUTH = 2
export const MESSAGE_STATELESS = 5
export const SYNC_STEP_1 = 0
export const SYNC_STEP_2 = 1
export const SYNC_UPDATE = 2

/** A frame for `documentName` whose message `write` encodes. */
export function frame(
  documentName: string,
  write: (encoder: encoding.Encoder) => void,
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, documentName)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** A sync message (step 1, step 2 or update) carrying `payload`. */
export const syncFrame = (documentName: string, step: number, payload: Uint8Array) =>
  frame(documentName, (e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC)
    encoding.writeVarUint(e, step)
    encoding.writeVarUint8Array(e, payload)
  })

/**
 * Opens a raw WebSocket, sends the frames until the server closes it, waits
 * `graceMs` for the server to react, closes it from this side otherwise, and
 * resolves with the close code.
 */
export async function sendFrames(
  url: string,
  frames: Uint8Array[],
  graceMs: number,
): Promise<number> {
  const socket = new WebSocket(url)
  socket.binaryType = 'arraybuffer'
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve())
    socket.addEventListener('error', () => reject(new Error('fuzz socket failed to open')))
  })
  const closed = new Promise<number>((resolve) =>
    socket.addEventListener('close', (event) => resolve(event.code)),
  )
  for (const data of frames) {
    if (socket.readyState !== WebSocket.OPEN) break
    socket.send(data as Uint8Array<ArrayBuffer>)
  }
  const code = await Promise.race([
    closed,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), graceMs)),
  ])
  if (code === null) {
    socket.close()
    return closed
  }
  return code
}

/** Resident memory of a process, in KiB. */
export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
}
