/**
 * A loopback TCP load balancer, the stand-in for the operator's (nginx, HAProxy, a
 * cloud load balancer): each new connection goes to the next instance in turn, and
 * to the one after when an instance refuses it (it is down). When an instance dies,
 * its connections close and the clients' reconnections land on a live one.
 */
import { connect, createServer, type Socket } from 'node:net'

export interface LoadBalancer {
  readonly url: string
  readonly wsUrl: string
  /** Open proxied connections per backend port. */
  connectionsTo(port: number): number
  close(): Promise<void>
}

export async function startLoadBalancer(backendPorts: () => number[]): Promise<LoadBalancer> {
  let turn = 0
  const open = new Map<number, Set<Socket>>()
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    client.pause()
    const ports = backendPorts()
    const start = turn++
    const attempt = (tried: number) => {
      if (tried >= ports.length) {
        client.destroy()
        return
      }
      const port = ports[(start + tried) % ports.length]!
      const backend = connect(port, '127.0.0.1')
      // Refused (the instance is down): try the next one.
      const refused = () => {
        backend.destroy()
        attempt(tried + 1)
      }
      backend.once('error', refused)
      backend.once('connect', () => {
        backend.off('error', refused)
        backend.on('error', () => client.destroy())
        const set = open.get(port) ?? new Set()
        open.set(port, set)
        set.add(backend)
        sockets.add(backend)
        backend.on('close', () => {
          set.delete(backend)
          sockets.delete(backend)
          client.destroy()
        })
        client.on('close', () => backend.destroy())
        client.pipe(backend)
        backend.pipe(client)
        client.resume()
      })
    }
    attempt(0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    connectionsTo: (backend) => open.get(backend)?.size ?? 0,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
