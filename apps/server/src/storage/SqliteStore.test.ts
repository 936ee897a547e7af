import { rmSync } from 'node:fs'
import path from 'node:path'
import { tempDataDir } from '../testing/testServer.ts'
import { SqliteStore } from './SqliteStore.ts'
import { describeStorageContract } from './storageContract.ts'

describeStorageContract('SQLite', async () => {
  const dir = tempDataDir()
  return {
    storage: new SqliteStore(path.join(dir, 'contract.sqlite')),
    cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
  }
})
