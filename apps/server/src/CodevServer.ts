/**
 * Builds the Codev Board server: one Hocuspocus instance whose concerns are
 * extensions (HTTP routes, auth, limits, persistence, observability), listening on
 * one port for both HTTP and WebSocket.
 */
import path from 'node:path'
import { Server } from '@hocuspocus/server'
import { loadSecret, Tokens } from './auth/tokens.ts'
import type { ServerConfig } from './config.ts'
import { Auth, type AuthContext } from './extensions/Auth.ts'
import { Authorization } from './extensions/Authorization.ts'
import { HttpRoutes } from './extensions/HttpRoutes.ts'
import { Limits } from './extensions/Limits.ts'
import { Observability } from './extensions/Observability.ts'
import { Persistence } from './extensions/Persistence.ts'
import { SessionCommands } from './extensions/SessionCommands.ts'
import type { ApiContext } from './http/api.ts'
import { createLogger, type Logger } from './ops/logger.ts'
import { Metrics } from './ops/metrics.ts'
import { AppStore } from './storage/AppStore.ts'
import { SqliteStore } from './storage/SqliteStore.ts'

export const DATABASE_FILE_NAME = 'codev.sqlite'

/** Close reasons the server sends when it ends a live connection (docs/PROTOCOL.md). */
export const SERVER_CLOSE = {
  sessionDeleted: { code: 4404, reason: 'session/not-found' },
  revoked: { code: 4401, reason: 'token/revoked' },
} as const

/** How long deleting a group waits for its documents to unload before erasing them. */
const UNLOAD_WAIT_MS = 5000

export interface CodevServer {
  readonly hocuspocus: Server
  readonly store: SqliteStore
  /** Groups, members, sessions, invitations: getSession, listMembers, getMember… */
  readonly app: AppStore
  readonly tokens: Tokens
  readonly metrics: Metrics
  readonly log: Logger
  /** Starts listening; resolves with the http URL (port 0 resolves to the real port). */
  listen(): Promise<string>
  /** Stops accepting, flushes documents, closes the store. */
  destroy(): Promise<void>
}

export function createCodevServer(config: ServerConfig): CodevServer {
  const log = createLogger(config.quiet, config.logLevel)
  const store = new SqliteStore(path.join(config.dataDir, DATABASE_FILE_NAME))
  const app = new AppStore(store)
  const tokens = new Tokens(loadSecret(config.dataDir, config.secret), app)
  let hocuspocus: Server | null = null
  const instance = () => hocuspocus!.hocuspocus
  const metrics = new Metrics(instance)
  store.observeLatency = (operation, seconds) =>
    metrics.storageSeconds.observe({ operation }, seconds)

  const connections = () =>
    [...instance().documents.values()].flatMap((document) => document.getConnections())

  const api: ApiContext = {
    app,
    tokens,
    maxBodyBytes: config.maxHttpBodyBytes,
    invitationTtlMs: config.invitationTtlMs,
    now: () => Date.now(),
    async closeSessions(sessionIds) {
      const hp = instance()
      for (const id of sessionIds) {
        for (const connection of hp.documents.get(id)?.getConnections() ?? []) {
          connection.close(SERVER_CLOSE.sessionDeleted)
        }
      }
      const deadline = Date.now() + UNLOAD_WAIT_MS
      while (
        sessionIds.some((id) => hp.documents.has(id) || hp.unloadingDocuments.has(id)) &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      // Unloading may have compacted the log into a snapshot: erase that too.
      store.deleteDocuments(sessionIds)
    },
    closeInvitation(invitationId) {
      for (const connection of connections()) {
        if ((connection.context as AuthContext).invitationId === invitationId) {
          connection.close(SERVER_CLOSE.revoked)
        }
      }
    },
    setSessionClosed(sessionId, closed) {
      for (const connection of instance().documents.get(sessionId)?.getConnections() ?? []) {
        const context = connection.context as AuthContext
        connection.readOnly = closed || context.groupRole === 'observer'
      }
    },
  }

  hocuspocus = new Server({
    port: config.port,
    address: config.host,
    quiet: true,
    stopOnSignals: false,
    websocketOptions: { maxPayload: config.maxMessageBytes },
    maxUnauthenticatedQueueSize: config.maxUnauthenticatedBytes,
    maxUnauthenticatedQueueMessages: config.maxUnauthenticatedMessages,
    maxPendingDocuments: config.maxPendingDocuments,
    extensions: [
      new HttpRoutes(api, config, metrics, log),
      new Auth(app, tokens, metrics, log),
      new Limits(config, metrics, log),
      new Persistence(store),
      new SessionCommands(app, (sessionId) => {
        app.setSessionStatus(sessionId, 'closed')
        api.setSessionClosed(sessionId, true)
      }),
      new Authorization((reason, count) => metrics.countRefusedChange(reason, count)),
      new Observability(metrics),
    ],
  })
  const server = hocuspocus

  return {
    hocuspocus: server,
    store,
    app,
    tokens,
    metrics,
    log,
    async listen() {
      await server.listen()
      const { port } = server.address
      log.info({ port, data: store.file }, 'listening')
      return `http://${config.host}:${port}`
    },
    async destroy() {
      await server.destroy()
      store.close()
      log.info('stopped')
    },
  }
}
