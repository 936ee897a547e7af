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
}

/** Reads CODEV_HOST, CODEV_PORT, CODEV_DATA_DIR and CODEV_WEB_DIST over the defaults. */
export function configFromEnv(env: NodeJS.ProcessEnv): ServerConfig {
  const port = env.CODEV_PORT === undefined ? DEFAULT_CONFIG.port : Number(env.CODEV_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`CODEV_PORT must be a port number, got "${env.CODEV_PORT}"`)
  }
  return {
    ...DEFAULT_CONFIG,
    host: env.CODEV_HOST ?? DEFAULT_CONFIG.host,
    port,
    dataDir: path.resolve(env.CODEV_DATA_DIR ?? DEFAULT_CONFIG.dataDir),
    webDistDir: env.CODEV_WEB_DIST ? path.resolve(env.CODEV_WEB_DIST) : DEFAULT_CONFIG.webDistDir,
  }
}
