/**
 * Baseline (b): a plain Hocuspocus 4 server with no extension, no hook and no
 * persistence, on loopback. Prints `listening <port>` once ready. Bench only.
 */
import { Server } from '@hocuspocus/server'

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: true })
await server.listen()
console.log(`listening ${server.address.port}`)
