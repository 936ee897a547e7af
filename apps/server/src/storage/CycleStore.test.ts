import path from 'node:path'
import { tempDataDir } from '../testing/testServer.ts'
import { describeCycleContract } from './cycleContract.ts'
import { SqliteStore } from './SqliteStore.ts'

describeCycleContract('SQLite', async () => ({
  storage: new SqliteStore(path.join(tempDataDir(), 'cycle.sqlite')),
  cleanUp: async () => {},
}))
