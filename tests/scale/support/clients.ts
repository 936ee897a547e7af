/** Real providers for the scale tests, with the session commands and polling waits. */
import { type CommandResult, parseServerMessage, type RefusedChanges } from '@codev/domain'
import { memberIdOf, noteRecord, sessionViewOf } from '@codev/server/testing'
import { HocuspocusProvider } from '@hocuspocus/provider'
import * as Y from 'yjs'

export interface Client {
  doc: Y.Doc
  records: Y.Map<unknown>
  provider: HocuspocusProvider
  memberId: string
  refusals: RefusedChanges['refusals']
  /** Keys written by this client that the server acknowledged (SyncStatus, unsynced 0). */
  acknowledged: Set<string>
  command(command: unknown): Promise<CommandResult>
  /** Writes a note this member may write now and returns its key. */
  writeNote(key: string, text: string): string
  destroy(): void
}

export function connect(wsUrl: string, sessionId: string, token: string): Client {
  const doc = new Y.Doc()
  const provider = new HocuspocusProvider({
    url: `${wsUrl}/collab`,
    name: sessionId,
    document: doc,
    token,
  })
  const records = doc.getMap<unknown>('records')
  const memberId = memberIdOf(token)
  const refusals: RefusedChanges['refusals'] = []
  const results = new Map<string, (result: CommandResult) => void>()
  const acknowledged = new Set<string>()
  let sent: string[] = []
  let requests = 0
  provider.on('stateless', ({ payload }: { payload: string }) => {
    const message = parseServerMessage(payload)
    if (message?.type === 'refused') refusals.push(...message.refusals)
    if (message?.type === 'command-result') results.get(message.requestId)?.(message)
  })
  // Acks come in order, one per update message: a decrement acknowledges the oldest
  // write in flight, zero acknowledges them all (a reconnection resets the count to 1,
  // and the SyncStep2 that follows carries every write not yet acknowledged).
  let previous = 0
  provider.on('unsyncedChanges', ({ number }: { number: number }) => {
    if (number === 0) {
      for (const key of sent) acknowledged.add(key)
      sent = []
    } else if (number === previous - 1 && sent.length > 0) {
      acknowledged.add(sent.shift()!)
    }
    previous = number
  })
  return {
    doc,
    records,
    provider,
    memberId,
    refusals,
    acknowledged,
    command(command) {
      const requestId = `s${++requests}`
      const result = new Promise<CommandResult>((resolve) => results.set(requestId, resolve))
      provider.sendStateless(JSON.stringify({ type: 'command', requestId, command }))
      return result
    },
    writeNote(key, text) {
      sent.push(key)
      records.set(
        key,
        noteRecord({ id: key, text, author: memberId, ...sessionViewOf(records, memberId) }),
      )
      return key
    },
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Polls `check` until it holds (no sleeps in assertions); bounded in time. */
export async function until(what: string, check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export const synced = (client: Client, timeoutMs = 10_000) =>
  until('provider sync', () => client.provider.isSynced, timeoutMs)

export const missingFrom = (client: Client, keys: Iterable<string>) =>
  [...keys].filter((key) => !client.records.has(key))
