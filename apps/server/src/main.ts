/** Starts the server from the environment (see config.ts) and prints where to open it. */

import { createCodevServer } from './CodevServer.ts'
import { configFromEnv } from './config.ts'

const config = configFromEnv(process.env)
const server = createCodevServer(config)
const url = await server.listen()
console.log(`Codev Board is running: ${url}`)
console.log(`Data: ${server.store.file}`)

let stopping = false
async function stop(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`${signal}: saving and stopping…`)
  await server.destroy()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
