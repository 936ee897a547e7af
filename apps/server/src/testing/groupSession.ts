/**
 * One real server and one group for a whole test file: registers the lifecycle
 * hooks, opens clients by member name, and closes them all at the end.
 */
import { afterAll, beforeAll } from 'vitest'
import {
  connectClient,
  createGroup,
  startTestServer,
  type TestClient,
  type TestGroup,
  type TestServer,
} from './testServer.ts'

export interface GroupSession {
  readonly test: TestServer
  readonly group: TestGroup
  /** A client of `name` on the session (or another document), not waited for. */
  open(name: string, documentName?: string): TestClient
  /** The same, once its first sync is done. */
  connect(name: string, documentName?: string): Promise<TestClient>
  /** Closes every client opened so far (before a restart, say). */
  closeAll(): void
}

export function useGroupSession(members?: string[], observers?: string[]): GroupSession {
  let test: TestServer | undefined
  let group: TestGroup | undefined
  const clients: TestClient[] = []
  const session: GroupSession = {
    get test() {
      if (!test) throw new Error('the server starts in beforeAll')
      return test
    },
    get group() {
      if (!group) throw new Error('the group is created in beforeAll')
      return group
    },
    open(name, documentName) {
      const token = session.group.tokens[name]
      if (!token) throw new Error(`no member named ${name}`)
      const client = connectClient(
        session.test.wsUrl,
        documentName ?? session.group.sessionId,
        token,
      )
      clients.push(client)
      return client
    },
    async connect(name, documentName) {
      const client = session.open(name, documentName)
      await client.synced()
      return client
    },
    closeAll() {
      for (const client of clients.splice(0)) client.destroy()
    },
  }
  beforeAll(async () => {
    test = await startTestServer()
    group = await createGroup(test.url, members, observers)
  })
  afterAll(async () => {
    session.closeAll()
    await test?.stop()
  })
  return session
}
