export {
  type CodevServer,
  createCodevServer,
  DATABASE_FILE_NAME,
  openCodevServer,
  SERVER_CLOSE,
} from './CodevServer.ts'
export { configFromEnv, DEFAULT_CONFIG, type ServerConfig } from './config.ts'
export type { AuthContext } from './extensions/Auth.ts'
export { AppStore } from './storage/AppStore.ts'
export { PostgresStore } from './storage/PostgresStore.ts'
export { SqliteStore } from './storage/SqliteStore.ts'
export type { AppData, DocumentStore, Storage } from './storage/Storage.ts'
