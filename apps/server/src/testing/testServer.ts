/**
 * Test helpers: a real server on a free port with a temporary SQLite file, real
 * providers over real WebSockets, and polling assertions instead of sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { HocuspocusProvider } from '@hocuspocus/provider'
import * as Y from 'yjs'
import { type CodevServer, createCodevServer } from '../CodevServer.ts'
import { DEFAULT_CONFIG, type ServerConfig } from '../config.ts'

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

export async function createSession(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/sessions`, { method: 'POST' })
  if (response.status !== 201) throw new Error(`create session: HTTP ${response.status}`)
  return ((await response.json()) as { id: string }).id
}

export interface TestClient {
  doc: Y.Doc
  records: Y.Map<unknown>
  provider: HocuspocusProvider
  destroy(): void
}

export function connectClient(wsUrl: string, sessionId: string): TestClient {
  const doc = new Y.Doc()
  const provider = new HocuspocusProvider({
    url: `${wsUrl}/collab`,
    name: sessionId,
    document: doc,
  })
  return {
    doc,
    records: doc.getMap('records'),
    provider,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
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
