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
  const sent: string[] = []
  let requests = 0
  provider.on('stateless', ({ payload }: { payload: string }) => {
    const message = parseServerMessage(payload)
    if (message?.type === 'refused') refusals.push(...message.refusals)
    if (message?.type === 'command-result') results.get(message.requestId)?.(message)
  })
  // Acks come in order, one per update message, so the writes not yet acknowledged
  // are at most the last `unsyncedChanges` ones (fewer if a sync message is pending
  // too: never a false positive). A reconnection resets the count to 1 for its
  // SyncStep2, which carries every earlier write: only zero counts after that.
  let resynced = false
  provider.on('status', ({ status }: { status: string }) => {
    if (status !== 'connected') resynced = true
  })
  provider.on('unsyncedChanges', ({ number }: { number: number }) => {
    if (number === 0) resynced = false
    if (resynced) return
    const acked = sent.splice(0, Math.max(0, sent.length - number))
    for (const key of acked) acknowledged.add(key)
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

/** Synced both ways: the server's state applied here, and ours acknowledged there. */
export const synced = (client: Client, timeoutMs = 10_000) =>
  until(
    'provider sync',
    () => client.provider.isSynced && client.provider.unsyncedChanges === 0,
    timeoutMs,
  )

export const missingFrom = (client: Client, keys: Iterable<string>) =>
  [...keys].filter((key) => !client.records.has(key))
