/** Starts the server from the environment (see config.ts) and prints where to open it (run through main.ts). */

import { openCodevServer } from './CodevServer.ts'
import { configFromEnv } from './config.ts'

const config = configFromEnv(process.env)
const server = await openCodevServer(config)
const url = await server.listen()
// One human line for the person who started it; everything else is JSON logs.
console.log(`Codev Board is running: ${url}`)
server.log.info({ url, data: server.store.location }, 'started')

let stopping = false
async function stop(signal: string) {
  if (stopping) return
  stopping = true
  server.log.info({ signal }, 'saving and stopping')
  // destroy() closes connections, runs the store hooks (compaction) and closes the store;
  // every update was already appended to the log when it was applied.
  await server.destroy()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
