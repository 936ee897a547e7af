/**
 * A server restart while 100 clients are connected (10 rooms x 10 members): every
 * client wrote and saw its note acknowledged, keeps writing while the server is
 * down, reconnects by itself; afterwards every room's replicas agree, hold every
 * note, and a fresh client reads the same from storage.
 */
import { memberIdOf, noteRecord } from '@codev/server/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { createGroup } from '../e2e/support/groups.ts'
import { type ServerProcess, serverProcess } from '../e2e/support/serverProcess.ts'
import { canonical, type FuzzClient, fuzzClient, settled, until } from './support/fuzzClient.ts'

const ROOMS = 10
const MEMBERS = Array.from({ length: 9 }, (_, i) => `M${i}`)

describe('server restart under load', () => {
  let server: ServerProcess
  const clients: FuzzClient[] = []
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await server?.stop('SIGKILL')
  })

  it(`keeps every note of ${ROOMS * (MEMBERS.length + 1)} connected clients across a restart`, async () => {
    server = await serverProcess()
    await server.start()
    const wsUrl = server.url.replace('http', 'ws')
    const rooms: { sessionId: string; token: string; clients: FuzzClient[] }[] = []
    for (let r = 0; r < ROOMS; r++) {
      const group = await createGroup(server.url, MEMBERS)
      const room = {
        sessionId: group.sessionId,
        token: group.tokens.M0!,
        clients: [] as FuzzClient[],
      }
      for (const [name, token] of Object.entries(group.tokens)) {
        const client = fuzzClient(wsUrl, group.sessionId, name, memberIdOf(token), token)
        room.clients.push(client)
        clients.push(client)
      }
      rooms.push(room)
    }
    await until(() => settled(clients), 30_000, 'all clients to sync')
    const write = (client: FuzzClient, label: string) => {
      const id = `shape:${label}-${client.name}`
      const role = client.name === 'Fanny' ? 'facilitator' : 'consultant'
      client.records.set(id, noteRecord({ id, text: label, author: client.memberId, role }))
      return id
    }
    const expected = rooms.map((room) => room.clients.map((client) => write(client, 'before')))
    await until(() => settled(clients), 30_000, 'the first notes to be acknowledged')

    await server.stop('SIGTERM')
    for (const [r, room] of rooms.entries()) {
      for (const client of room.clients) expected[r]!.push(write(client, 'during'))
    }
    await server.start()
    await until(
      () =>
        settled(clients) &&
        rooms.every(
          (room) => new Set(room.clients.map((c) => canonical(c.records.toJSON()))).size === 1,
        ),
      60_000,
      'every client to reconnect and every room to converge',
    )
    for (const [r, room] of rooms.entries()) {
      const missing = expected[r]!.filter((id) => !room.clients[0]!.records.has(id))
      expect(missing, `room ${r}`).toEqual([])
    }

    const snapshots = rooms.map((room) => canonical(room.clients[0]!.records.toJSON()))
    for (const client of clients.splice(0)) client.destroy()
    await server.stop('SIGKILL')
    await server.start()
    for (const [r, room] of rooms.entries()) {
      const reader = fuzzClient(wsUrl, room.sessionId, 'reader', memberIdOf(room.token), room.token)
      clients.push(reader)
      await until(() => settled([reader]), 10_000, `reader of room ${r} to sync`)
      expect(canonical(reader.records.toJSON()), `room ${r} from storage`).toBe(snapshots[r])
    }
  })
})
