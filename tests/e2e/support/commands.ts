/** Drives a session by the facilitator's commands over a real connection, as a test shortcut to a step. */
import { HocuspocusProvider } from '@hocuspocus/provider'
import * as Y from 'yjs'

/** A connection of the token's member to the session, once it has synced. */
async function syncedConnection(url: string, sessionId: string, token: string) {
  const provider = new HocuspocusProvider({
    url: `${url.replace('http', 'ws')}/collab`,
    name: sessionId,
    document: new Y.Doc(),
    token,
  })
  await new Promise<void>((resolve) => provider.on('synced', () => resolve()))
  return provider
}

/** Sends the facilitator's commands one by one, each after the previous one's result. */
export async function runCommands(
  url: string,
  sessionId: string,
  token: string,
  commands: object[],
) {
  const provider = await syncedConnection(url, sessionId, token)
  for (const [index, command] of commands.entries()) {
    const result = new Promise<{ ok: boolean; error?: string }>((resolve) =>
      provider.on('stateless', ({ payload }: { payload: string }) => {
        const message = JSON.parse(payload) as { requestId?: string; ok: boolean; error?: string }
        if (message.requestId === `r${index}`) resolve(message)
      }),
    )
    provider.sendStateless(JSON.stringify({ type: 'command', requestId: `r${index}`, command }))
    const outcome = await result
    if (!outcome.ok) throw new Error(`${JSON.stringify(command)}: ${outcome.error}`)
  }
  provider.destroy()
}

/** Writes one record as the token's member over a real connection, and waits for its acknowledgement. */
export async function writeRecord(
  url: string,
  sessionId: string,
  token: string,
  record: { id: string; [field: string]: unknown },
) {
  const provider = await syncedConnection(url, sessionId, token)
  provider.document.getMap('records').set(record.id, record)
  await new Promise<void>((resolve) => {
    const check = () => (provider.unsyncedChanges === 0 ? resolve() : setTimeout(check, 20))
    check()
  })
  provider.destroy()
}

/** The record as the server holds it: read over a fresh connection of the token's member. */
export async function readRecord(
  url: string,
  sessionId: string,
  token: string,
  id: string,
): Promise<unknown> {
  const provider = await syncedConnection(url, sessionId, token)
  const record = provider.document.getMap('records').get(id)
  provider.destroy()
  return record
}
