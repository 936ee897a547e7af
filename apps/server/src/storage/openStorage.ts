/**
 * Chooses the store from the configuration: PostgreSQL when DATABASE_URL is set,
 * else the embedded SQLite file in the data folder (the default).
 */
import path from 'node:path'
import type { ServerConfig } from '../config.ts'
import { PostgresStore } from './PostgresStore.ts'
import { SqliteStore } from './SqliteStore.ts'
import type { Storage } from './Storage.ts'

export const DATABASE_FILE_NAME = 'codev.sqlite'

/** Opens the store: connects and applies the migrations. */
export async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl) {
    return PostgresStore.open({
      connectionString: config.databaseUrl,
      schema: config.databaseSchema,
    })
  }
  return new SqliteStore(path.join(config.dataDir, DATABASE_FILE_NAME))
}
