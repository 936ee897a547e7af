/**
 * Reference (d): the y-websocket server (`@y/websocket-server`, the Yjs authors'
 * own), in memory, on loopback: one shared Y.Doc per room name, every update
 * relayed to the room's other sockets. Bench only.
 */
import { createServer } from 'node:http'
import { setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer } from 'ws'

const sockets = new WebSocketServer({ noServer: true })
const http = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' })
  response.end('ok')
})
http.on('upgrade', (request, socket, head) => {
  sockets.handleUpgrade(request, socket, head, (ws) => {
    setupWSConnection(ws, request, { gc: true })
  })
})
http.listen(0, '127.0.0.1', () => {
  const address = http.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`)
})
process.on('SIGTERM', () => http.close(() => process.exit(0)))
