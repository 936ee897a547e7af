/**
 * Builds the Codev Board server: one Hocuspocus instance whose concerns are
 * extensions (HTTP routes, auth, limits, persistence, observability), listening on
 * one port for both HTTP and WebSocket.
 */
import path from 'node:path'
import {
  parseDocumentName,
  parseSessionState,
  SESSION_STATE_ID,
  sessionsToFollowUp,
} from '@codev/domain'
import { type Extension, Server } from '@hocuspocus/server'
import { loadSecret, Tokens } from './auth/tokens.ts'
import type { ServerConfig } from './config.ts'
import { Auth, type AuthContext } from './extensions/Auth.ts'
import { Authorization } from './extensions/Authorization.ts'
import { AwarenessEcho } from './extensions/AwarenessEcho.ts'
import { AwarenessGuard } from './extensions/AwarenessGuard.ts'
import { createClusterEvents } from './extensions/clusterEvents.ts'
import { DraftCounts } from './extensions/DraftCounts.ts'
import { EvaluationSummaries } from './extensions/EvaluationSummaries.ts'
import { HttpRoutes } from './extensions/HttpRoutes.ts'
import { Limits } from './extensions/Limits.ts'
import { Observability } from './extensions/Observability.ts'
import { DurableAcks, Persistence } from './extensions/Persistence.ts'
import { createRedisSync } from './extensions/redisSync.ts'
import { SessionCommands } from './extensions/SessionCommands.ts'
import { TimelyBroadcast } from './extensions/TimelyBroadcast.ts'
import type { ApiContext } from './http/api.ts'
import { createLogger, type Logger } from './ops/logger.ts'
import { Metrics } from './ops/metrics.ts'
import { Retention } from './ops/retention.ts'
import { changeDocument } from './session/changeDocument.ts'
import { readStoredRecords } from './session/sessionDocument.ts'
import { type CycleData, cycleDataFor } from './storage/CycleStore.ts'
import { DATABASE_FILE_NAME, openStorage } from './storage/openStorage.ts'
import { SqliteStore } from './storage/SqliteStore.ts'
import type { AppData, Storage } from './storage/Storage.ts'

export { DATABASE_FILE_NAME }

/** Close reasons the server sends when it ends a live connection (docs/PROTOCOL.md). */
export const SERVER_CLOSE = {
  sessionDeleted: { code: 4404, reason: 'session/not-found' },
  revoked: { code: 4401, reason: 'token/revoked' },
} as const

/** How long deleting a group waits for its documents to unload before erasing them. */
const UNLOAD_WAIT_MS = 5000

export interface CodevServer {
  readonly hocuspocus: Server
  /** The store: SQLite by default, PostgreSQL with DATABASE_URL (storage/Storage.ts). */
  readonly store: Storage
  /** Groups, members, sessions, invitations: getSession, listMembers, getMember… */
  readonly app: AppData
  /** Meetings, retention settings and the group log (storage/CycleStore.ts). */
  readonly cycle: CycleData
  readonly retention: Retention
  readonly tokens: Tokens
  readonly metrics: Metrics
  readonly log: Logger
  /** Starts listening; resolves with the http URL (port 0 resolves to the real port). */
  listen(): Promise<string>
  /** Stops accepting, flushes documents, closes the store. */
  destroy(): Promise<void>
}

/** Opens the configured store (PostgreSQL with DATABASE_URL, else SQLite), then builds the server. */
export async function openCodevServer(config: ServerConfig): Promise<CodevServer> {
  return createCodevServer(config, await openStorage(config))
}

/** Builds the server on an open store; without one, on the embedded SQLite file. */
export function createCodevServer(config: ServerConfig, storage?: Storage): CodevServer {
  if (!storage && config.databaseUrl) {
    throw new Error('DATABASE_URL is set: open the server with openCodevServer()')
  }
  const log = createLogger(config.quiet, config.logLevel)
  const store = storage ?? new SqliteStore(path.join(config.dataDir, DATABASE_FILE_NAME))
  const app = store.app
  const cycle = cycleDataFor(store)
  const tokens = new Tokens(loadSecret(config.dataDir, config.secret), app)
  let hocuspocus: Server | null = null
  const instance = () => hocuspocus!.hocuspocus
  const metrics = new Metrics(instance)
  store.observeLatency = (operation, seconds) =>
    metrics.storageSeconds.observe({ operation }, seconds)

  const connections = () =>
    [...instance().documents.values()].flatMap((document) => document.getConnections())

  // The stored records, with every change applied so far to the live document (if
  // loaded) committed first: appends commit off the event loop, so they may be in flight.
  const freshStoredRecords = async (name: string) => {
    await persistence.durable(name).catch(() => {})
    return readStoredRecords(store.documents, name)
  }
  // Server-side changes go through the live document, stored before they resolve.
  const documentAccess = {
    openDocument: (name: string) => instance().openDirectConnection(name, { server: true }),
    durable: (name: string) => persistence.durable(name),
  }
  const retention = new Retention({
    ...documentAccess,
    app,
    cycle,
    documents: store.documents,
    log,
    now: () => Date.now(),
  })
  const api: ApiContext = {
    documentRecords: (name) => freshStoredRecords(name),
    app,
    cycle,
    updateSessionState: (sessionId, update) =>
      changeDocument(documentAccess, sessionId, (records) => {
        const state = parseSessionState(records.get(SESSION_STATE_ID))
        if (!state) return null
        const next = update(state)
        records.set(SESSION_STATE_ID, next)
        return next
      }),
    changeRecords: (name, change) => changeDocument(documentAccess, name, change),
    purgeGroup: (groupId, actorId) => retention.purgeGroup(groupId, actorId),
    tokens,
    maxBodyBytes: config.maxHttpBodyBytes,
    invitationTtlMs: config.invitationTtlMs,
    now: () => Date.now(),
    async closeSessions(sessionIds) {
      const hp = instance()
      // The sessions' documents and their members' private spaces beside them.
      const deleted = new Set(sessionIds)
      const ofDeletedSession = (name: string) =>
        deleted.has(parseDocumentName(name)?.sessionId ?? name)
      const names = () =>
        [...hp.documents.keys(), ...hp.unloadingDocuments.keys()].filter(ofDeletedSession)
      for (const name of names()) {
        for (const connection of hp.documents.get(name)?.getConnections() ?? []) {
          connection.close(SERVER_CLOSE.sessionDeleted)
        }
      }
      const deadline = Date.now() + UNLOAD_WAIT_MS
      while (names().length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      // Unloading may have compacted the log into a snapshot: erase that too.
      await store.documents.deleteDocuments(sessionIds)
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

  // Several instances: what the API decides about live connections reaches every
  // instance's connections (clusterEvents.ts).
  const local = { ...api }
  const events = config.redisUrl
    ? createClusterEvents(config.redisUrl, config.redisPrefix, log, (event) => {
        if (event.type === 'sessions-deleted') void local.closeSessions(event.sessionIds)
        if (event.type === 'invitation-revoked') local.closeInvitation(event.invitationId)
        if (event.type === 'session-closed') local.setSessionClosed(event.sessionId, event.closed)
      })
    : null
  if (events) {
    api.closeSessions = async (sessionIds) => {
      events.publish({ type: 'sessions-deleted', sessionIds: [...sessionIds] })
      await local.closeSessions(sessionIds)
    }
    api.closeInvitation = (invitationId) => {
      events.publish({ type: 'invitation-revoked', invitationId })
      local.closeInvitation(invitationId)
    }
    api.setSessionClosed = (sessionId, closed) => {
      events.publish({ type: 'session-closed', sessionId, closed })
      local.setSessionClosed(sessionId, closed)
    }
  }

  const persistence = new Persistence(store.documents, {
    compactAfterUpdates: config.compactAfterUpdates,
  })
  // Several instances: documents and awareness through Redis (extension-redis).
  const redis: Extension[] = config.redisUrl
    ? [createRedisSync(config.redisUrl, config.redisPrefix, log)]
    : []
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
      persistence,
      ...redis,
      new SessionCommands({
        directory: app,
        storedRecords: (sessionId) => freshStoredRecords(sessionId),
        followedUpSessions: async (session) =>
          sessionsToFollowUp(await cycle.listPlaces(session.groupId), session.id).map(
            (link) => link.sessionId,
          ),
        openDocument: (name) => instance().openDirectConnection(name, { server: true }),
        onSessionClosed(sessionId) {
          app
            .setSessionStatus(sessionId, 'closed')
            .catch((error) => log.error({ err: error, sessionId }, 'closing the session failed'))
          api.setSessionClosed(sessionId, true)
        },
      }),
      new DraftCounts(),
      new EvaluationSummaries((name) => instance().openDirectConnection(name, { server: true })),
      new Authorization({
        onRefused: (reason, count) => metrics.countRefusedChange(reason, count),
        sessionDocument: (sessionId) => instance().documents.get(sessionId),
        onUnjudgedChange: (detail) => log.warn(detail, 'unjudged change of a connection undone'),
      }),
      new AwarenessGuard({
        onStripped: (reason, count) => metrics.countRefusedChange(reason, count),
      }),
      new AwarenessEcho(),
      new DurableAcks(persistence),
      new TimelyBroadcast(),
      new Observability(metrics),
    ],
  })
  const server = hocuspocus

  return {
    hocuspocus: server,
    store,
    app,
    cycle,
    retention,
    tokens,
    metrics,
    log,
    async listen() {
      await server.listen()
      retention.start()
      const { port } = server.address
      log.info({ port, data: store.location, redis: config.redisUrl !== null }, 'listening')
      return `http://${config.host}:${port}`
    },
    async destroy() {
      await retention.stop()
      await server.destroy()
      await events?.close()
      await store.close()
      log.info('stopped')
    },
  }
}
