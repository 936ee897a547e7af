/**
 * AwarenessEcho: a connection is not sent its own awareness state back. Hocuspocus
 * broadcasts each awareness change to every connection of the document, the sender's
 * included, and the sender's provider already holds that state at that clock, so the
 * echo changes nothing there: it is one send in eight of every live drag step (30 a
 * second while a member drags) and the member's decoding of it. A message that
 * carries another client's state, or a removal (a null state: a client that the
 * server timed out learns so, and announces itself again), goes out as before.
 */
import {
  type Connection,
  type connectedPayload,
  type Extension,
  IncomingMessage,
} from '@hocuspocus/server'
import { MESSAGE_AWARENESS, messageTypeOffset } from './frames.ts'

interface AwarenessEntries {
  clients: number[]
  removal: boolean
}

/** One broadcast hands the same bytes to every connection: read them once. */
const entriesOfMessage = new WeakMap<Uint8Array, AwarenessEntries>()

export class AwarenessEcho implements Extension {
  async connected({ connection }: connectedPayload): Promise<void> {
    const send = connection.send.bind(connection)
    const typeAt = messageTypeOffset(connection)
    connection.send = (message: Uint8Array) => {
      if (message[typeAt] === MESSAGE_AWARENESS && isOwnEcho(connection, message)) return
      send(message)
    }
  }
}

function isOwnEcho(connection: Connection, message: Uint8Array): boolean {
  const { clients, removal } = awarenessEntries(message)
  const own = connection.document.getClients(connection)
  return !removal && clients.length > 0 && clients.every((client) => own.has(client))
}

/** The clients an awareness frame speaks of (y-protocols' encoding), and whether one is removed. */
function awarenessEntries(message: Uint8Array): AwarenessEntries {
  let entries = entriesOfMessage.get(message)
  if (entries) return entries
  const frame = new IncomingMessage(message)
  frame.readVarString() // address
  frame.readVarUint() // type
  const update = new IncomingMessage(frame.readVarUint8Array())
  entries = { clients: [], removal: false }
  for (let count = update.readVarUint(); count > 0; count--) {
    entries.clients.push(update.readVarUint())
    update.readVarUint() // clock
    if (update.readVarString() === 'null') entries.removal = true
  }
  entriesOfMessage.set(message, entries)
  return entries
}
