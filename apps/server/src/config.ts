/**
 * Server configuration: one documented default object and an override read from the
 * environment. Every option says why it exists.
 */
import path from 'node:path'

export interface ServerConfig {
  /** Interface to listen on. Loopback by default: put a TLS proxy in front to expose it. @default '127.0.0.1' */
  host: string
  /** TCP port for HTTP and WebSocket alike (0 = any free port, for tests). @default 8080 */
  port: number
  /** Folder of the embedded SQLite file. @default './data' */
  dataDir: string
  /** Built web app to serve (apps/web/dist); null serves the API and WebSocket only. */
  webDistDir: string | null
  /** Largest WebSocket message accepted; far below ws' 100 MiB default so one client cannot exhaust memory. @default 2 MiB */
  maxMessageBytes: number
  /** Largest HTTP request body accepted. @default 64 KiB */
  maxHttpBodyBytes: number
  /** Log nothing (tests). @default false */
  quiet: boolean
  /**
   * Secret that signs invitation tokens (HS256), at least 32 characters. Null: a random
   * secret is generated once and kept in `<dataDir>/secret.key` (mode 0600). Set it
   * (CODEV_SECRET) when several instances must accept each other's tokens.
   * @default null
   */
  secret: string | null
  /** How long a join link stays valid; the facilitator can renew or revoke it. @default 180 days */
  invitationTtlMs: number
  /** Messages one WebSocket may send in a burst before the rate limit applies. @default 600 */
  rateBurstMessages: number
  /** Messages per second one WebSocket may sustain (a drag at 30 Hz plus awareness is ~60). @default 300 */
  ratePerSecond: number
  /** Largest encoded size of one session document; a 2-hour session is ~350 KiB. @default 16 MiB */
  maxDocumentBytes: number
  /**
   * WebSockets one address may open per minute, also the burst (CODEV_CONNECTS_PER_MINUTE);
   * past it the upgrade is answered 429. A page opens a few; an office behind one NAT
   * a few per member. @default 120
   */
  connectsPerMinutePerAddress: number
  /**
   * Apply the connect rate to loopback addresses too. Off: the tests and the bench
   * open hundreds of sockets from 127.0.0.1, and behind a same-host TLS proxy every
   * client looks like 127.0.0.1 — set `trustProxy` to limit each real client. @default false
   */
  connectLimitLoopback: boolean
  /**
   * The client's address is the last X-Forwarded-For entry, as the TLS proxy in front
   * sets it (CODEV_TRUST_PROXY=1). Only behind a proxy that overwrites that header. @default false
   */
  trustProxy: boolean
  /** Bytes one WebSocket may send before it is authenticated. @default 256 KiB */
  maxUnauthenticatedBytes: number
  /** Messages one WebSocket may send before it is authenticated. @default 100 */
  maxUnauthenticatedMessages: number
  /** Documents one WebSocket may ask for before any is authenticated. @default 8 */
  maxPendingDocuments: number
  /** pino log level when not quiet (CODEV_LOG_LEVEL). @default 'info' */
  logLevel: string
  /**
   * PostgreSQL connection URL (DATABASE_URL). Set: documents and application data live
   * in PostgreSQL, shared by every instance; null: the embedded SQLite file. @default null
   */
  databaseUrl: string | null
  /** PostgreSQL schema for the tables, created if missing (CODEV_DATABASE_SCHEMA); null: the connection's search_path. @default null */
  databaseSchema: string | null
  /**
   * Redis URL (REDIS_URL). Set: instances share documents and awareness through
   * `@hocuspocus/extension-redis`; null: one instance. @default null
   */
  redisUrl: string | null
  /** Prefix of this deployment's Redis channels and keys (CODEV_REDIS_PREFIX). @default 'codev' */
  redisPrefix: string
  /**
   * Fold a document's update log into a snapshot once it holds this many updates
   * (CODEV_COMPACT_AFTER_UPDATES); a small value makes fault tests compact often. @default 200
   */
  compactAfterUpdates: number
}

const repoRoot = path.resolve(import.meta.dirname, '../../..')

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: path.join(repoRoot, 'data'),
  webDistDir: path.join(repoRoot, 'apps/web/dist'),
  maxMessageBytes: 2 * 1024 * 1024,
  maxHttpBodyBytes: 64 * 1024,
  quiet: false,
  secret: null,
  invitationTtlMs: 180 * 24 * 60 * 60 * 1000,
  rateBurstMessages: 600,
  ratePerSecond: 300,
  maxDocumentBytes: 16 * 1024 * 1024,
  connectsPerMinutePerAddress: 120,
  connectLimitLoopback: false,
  trustProxy: false,
  maxUnauthenticatedBytes: 256 * 1024,
  maxUnauthenticatedMessages: 100,
  maxPendingDocuments: 8,
  logLevel: 'info',
  databaseUrl: null,
  databaseSchema: null,
  redisUrl: null,
  redisPrefix: 'codev',
  compactAfterUpdates: 200,
}

/**
 * Reads CODEV_HOST, CODEV_PORT, CODEV_DATA_DIR, CODEV_WEB_DIST, CODEV_SECRET,
 * CODEV_LOG_LEVEL, DATABASE_URL, CODEV_DATABASE_SCHEMA, REDIS_URL, CODEV_REDIS_PREFIX
 * CODEV_COMPACT_AFTER_UPDATES, CODEV_CONNECTS_PER_MINUTE and CODEV_TRUST_PROXY over the defaults.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): ServerConfig {
  const port = env.CODEV_PORT === undefined ? DEFAULT_CONFIG.port : Number(env.CODEV_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`CODEV_PORT must be a port number, got "${env.CODEV_PORT}"`)
  }
  const compactAfterUpdates =
    env.CODEV_COMPACT_AFTER_UPDATES === undefined
      ? DEFAULT_CONFIG.compactAfterUpdates
      : Number(env.CODEV_COMPACT_AFTER_UPDATES)
  if (!Number.isInteger(compactAfterUpdates) || compactAfterUpdates < 1) {
    throw new Error(
      `CODEV_COMPACT_AFTER_UPDATES must be a positive integer, got "${env.CODEV_COMPACT_AFTER_UPDATES}"`,
    )
  }
  return {
    ...DEFAULT_CONFIG,
    host: env.CODEV_HOST ?? DEFAULT_CONFIG.host,
    port,
    dataDir: path.resolve(env.CODEV_DATA_DIR ?? DEFAULT_CONFIG.dataDir),
    webDistDir: env.CODEV_WEB_DIST ? path.resolve(env.CODEV_WEB_DIST) : DEFAULT_CONFIG.webDistDir,
    secret: env.CODEV_SECRET || null,
    logLevel: env.CODEV_LOG_LEVEL ?? DEFAULT_CONFIG.logLevel,
    databaseUrl: env.DATABASE_URL || null,
    databaseSchema: env.CODEV_DATABASE_SCHEMA || null,
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.CODEV_REDIS_PREFIX || DEFAULT_CONFIG.redisPrefix,
    compactAfterUpdates,
    connectsPerMinutePerAddress: positiveInteger(
      env,
      'CODEV_CONNECTS_PER_MINUTE',
      DEFAULT_CONFIG.connectsPerMinutePerAddress,
    ),
    trustProxy: env.CODEV_TRUST_PROXY === '1' || env.CODEV_TRUST_PROXY === 'true',
  }
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`)
  }
  return value
}
