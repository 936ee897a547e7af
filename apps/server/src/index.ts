export { type CodevServer, createCodevServer, DATABASE_FILE_NAME } from './CodevServer.ts'
export { configFromEnv, DEFAULT_CONFIG, type ServerConfig } from './config.ts'
export { SqliteStore } from './storage/SqliteStore.ts'
