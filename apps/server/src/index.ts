export {
  type CodevServer,
  createCodevServer,
  DATABASE_FILE_NAME,
  SERVER_CLOSE,
} from './CodevServer.ts'
export { configFromEnv, DEFAULT_CONFIG, type ServerConfig } from './config.ts'
export type { AuthContext } from './extensions/Auth.ts'
export { AppStore } from './storage/AppStore.ts'
export { SqliteStore } from './storage/SqliteStore.ts'
