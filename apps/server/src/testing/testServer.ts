/**
 * Test helpers: a real server on a free port with a temporary SQLite file, real
 * providers over real WebSockets, and polling assertions instead of sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  type CommandResult,
  type CreateGroupResponse,
  parseServerMessage,
  type RefusedChanges,
} from '@codev/domain'
import { HocuspocusProvider } from '@hocuspocus/provider'
import * as Y from 'yjs'
import { type CodevServer, createCodevServer } from '../CodevServer.ts'
import { DEFAULT_CONFIG, type ServerConfig } from '../config.ts'
import { memberIdOf, noteRecord, sessionViewOf } from './records.ts'

export interface TestServer {
  server: CodevServer
  url: string
  wsUrl: string
  config: ServerConfig
  /** Stops this server and starts a new one on the same data folder and port. */
  restart(): Promise<void>
  stop(): Promise<void>
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'codev-test-'))
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const config: ServerConfig = {
    ...DEFAULT_CONFIG,
    port: 0,
    dataDir: tempDataDir(),
    webDistDir: null,
    quiet: true,
    ...overrides,
  }
  let server = createCodevServer(config)
  let url = await server.listen()
  const handle: TestServer = {
    get server() {
      return server
    },
    get url() {
      return url
    },
    get wsUrl() {
      return url.replace('http', 'ws')
    },
    config,
    async restart() {
      const port = Number(new URL(url).port)
      await server.destroy()
      server = createCodevServer({ ...config, port })
      url = await server.listen()
    },
    async stop() {
      await server.destroy()
      rmSync(config.dataDir, { recursive: true, force: true })
    },
  }
  return handle
}

export interface TestGroup {
  groupId: string
  /** The group's first session, open. */
  sessionId: string
  /** Tokens by member name; the facilitator is 'Fanny'. */
  tokens: Record<string, string>
  memberIds: Record<string, string>
  invitationIds: Record<string, string>
  response: CreateGroupResponse
}

/**
 * Creates a group through the API: facilitator Fanny plus the given members
 * (default Alice and Bob), optionally some observers.
 */
export async function createGroup(
  baseUrl: string,
  members: string[] = ['Alice', 'Bob'],
  observers: string[] = [],
): Promise<TestGroup> {
  const body = {
    name: 'Groupe test',
    cycleLength: 6,
    facilitator: { name: 'Fanny', email: 'fanny@example.org' },
    members: [
      ...members.map((name) => ({ name })),
      ...observers.map((name) => ({ name, groupRole: 'observer' })),
    ],
  }
  const response = await fetch(`${baseUrl}/api/groups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (response.status !== 201) throw new Error(`create group: HTTP ${response.status}`)
  const created = (await response.json()) as CreateGroupResponse
  const group: TestGroup = {
    groupId: created.group.id,
    sessionId: created.group.currentSessionId!,
    tokens: {},
    memberIds: {},
    invitationIds: {},
    response: created,
  }
  for (const issued of created.invitations) {
    const member = created.group.members.find((m) => m.id === issued.memberId)!
    group.tokens[member.name] = issued.token
    group.memberIds[member.name] = member.id
    group.invitationIds[member.name] = issued.invitation.id
  }
  return group
}

/** fetch with a bearer token and an optional JSON body. */
export function api(
  baseUrl: string,
  token: string | null,
  method: string,
  pathname: string,
  body?: unknown,
): Promise<Response> {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${baseUrl}${pathname}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export interface TestClient {
  doc: Y.Doc
  records: Y.Map<unknown>
  provider: HocuspocusProvider
  memberId: string
  /** Resolves once the first sync with the server is done. */
  synced(): Promise<void>
  /** Runs a session command on the server and resolves with its result. */
  command(command: unknown): Promise<CommandResult>
  /** Every change the server refused to this client, in order. */
  refusals: RefusedChanges['refusals']
  /** Writes a note this member may write now (in the current step's zone) and returns it. */
  writeNote(id: string, text: string): ReturnType<typeof noteRecord>
  destroy(): void
}

export function connectClient(wsUrl: string, sessionId: string, token: string): TestClient {
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
  let requests = 0
  provider.on('stateless', ({ payload }: { payload: string }) => {
    const message = parseServerMessage(payload)
    if (message?.type === 'refused') refusals.push(...message.refusals)
    if (message?.type === 'command-result') results.get(message.requestId)?.(message)
  })
  return {
    doc,
    records,
    provider,
    memberId,
    refusals,
    command(command) {
      const requestId = `t${++requests}`
      const result = new Promise<CommandResult>((resolve) => results.set(requestId, resolve))
      provider.sendStateless(JSON.stringify({ type: 'command', requestId, command }))
      return result
    },
    synced: () =>
      eventually(() => {
        if (!provider.isSynced) throw new Error('not synced yet')
      }),
    writeNote(id, text) {
      const record = noteRecord({ id, text, author: memberId, ...sessionViewOf(records, memberId) })
      records.set(id, record)
      return record
    },
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Resolves with the reason of the provider's first authenticationFailed. */
export function refusal(client: TestClient): Promise<string> {
  return new Promise((resolve) =>
    client.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)),
  )
}

/** Resolves with the reason of the first close the provider sees (document or socket). */
export function closeReason(client: TestClient): Promise<string> {
  return new Promise((resolve) =>
    client.provider.on('close', ({ event }: { event: { reason: string } }) =>
      resolve(event.reason),
    ),
  )
}

/** Polls `check` until it stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}
