/**
 * Two server processes on one PostgreSQL and one Redis: clients of one session on
 * different instances converge, the facilitator's step change through one instance
 * locks the zones on the other, and two instances that load and compact one document
 * at the same time keep every update.
 */
import { SESSION_STATE_ID } from '@codev/domain'
import { noteRecord } from '@codev/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGroup } from '../e2e/support/groups.ts'
import { type Client, connect, missingFrom, synced, until } from './support/clients.ts'
import { type Cluster, startCluster } from './support/cluster.ts'

describe('two instances on PostgreSQL and Redis', () => {
  let cluster: Cluster
  const clients: Client[] = []
  const open = async (instance: number, sessionId: string, token: string) => {
    const client = connect(cluster.instances[instance]!.wsUrl, sessionId, token)
    clients.push(client)
    await synced(client)
    return client
  }
  beforeAll(async () => {
    cluster = await startCluster({ instances: 2 })
  })
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await cluster?.destroy()
  })

  it('converges across instances, and a step change on one locks the zone on the other', async () => {
    const [a] = cluster.instances
    // The group is made through A; B reads it from PostgreSQL.
    const { sessionId, tokens } = await createGroup(a!.url)
    const fanny = await open(0, sessionId, tokens.Fanny!)
    const alice = await open(1, sessionId, tokens.Alice!)
    const bob = await open(0, sessionId, tokens.Bob!)

    const fromAlice = Array.from({ length: 20 }, (_, i) => alice.writeNote(`shape:a${i}`, `a${i}`))
    const fromBob = Array.from({ length: 20 }, (_, i) => bob.writeNote(`shape:b${i}`, `b${i}`))
    await until('cross-instance convergence', () =>
      [fanny, alice, bob].every((c) => missingFrom(c, [...fromAlice, ...fromBob]).length === 0),
    )

    // The facilitator advances the step through A; B's clients see it and are held to it.
    expect(await fanny.command({ type: 'next' })).toMatchObject({ ok: true })
    const phaseOf = (client: Client) =>
      (client.records.get(SESSION_STATE_ID) as { phase: string } | undefined)?.phase
    await until('step change reaches B', () => phaseOf(alice) === 'retour')
    // A modified client on B writes in the closed welcome zone: refused there, by B.
    alice.records.set(
      'shape:late',
      noteRecord({ id: 'shape:late', text: 'late', author: alice.memberId, role: 'consultant' }),
    )
    await until('refusal on B', () => alice.refusals.some((r) => r.id === 'shape:late'))
    await until('revert on B', () => !alice.records.has('shape:late'))
    // An allowed write keeps flowing, and the forbidden one never reached A.
    const allowed = alice.writeNote('shape:after', 'after')
    await until('allowed write reaches A', () => fanny.records.has(allowed))
    expect(fanny.records.has('shape:late')).toBe(false)
    expect(bob.records.has('shape:late')).toBe(false)
    await until('acknowledged', () => alice.provider.unsyncedChanges === 0)

    // Every instance appended its own clients' updates to the one log: a fresh load has all.
    const store = await cluster.storage()
    const stored = await store.loadDocument(sessionId)
    const { Doc, applyUpdate } = await import('yjs')
    const replay = new Doc()
    if (stored.snapshot) applyUpdate(replay, stored.snapshot)
    for (const update of stored.updates) applyUpdate(replay, update)
    const records = replay.getMap('records')
    expect([...fromAlice, ...fromBob, allowed].filter((key) => !records.has(key))).toEqual([])
    expect(records.has('shape:late')).toBe(false)
  })

  it('keeps every update when two instances load and compact one document at once', async () => {
    const { sessionId, tokens } = await createGroup(cluster.instances[1]!.url)
    // Both instances load the (new, empty) document at the same moment.
    const [alice, bob] = await Promise.all([
      open(0, sessionId, tokens.Alice!),
      open(1, sessionId, tokens.Bob!),
    ])
    // More than the compaction threshold (200) on each side, concurrently.
    const keys: string[] = []
    for (let i = 0; i < 250; i++) {
      keys.push(alice.writeNote(`shape:ca${i}`, `${i}`), bob.writeNote(`shape:cb${i}`, `${i}`))
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await until(
      'acknowledged',
      () => [alice, bob].every((c) => c.provider.unsyncedChanges === 0),
      30_000,
    )
    // Leaving unloads the document on both instances, which compacts the log on each.
    alice.destroy()
    bob.destroy()
    const store = await cluster.storage()
    const deadline = Date.now() + 15_000
    let snapshot: Uint8Array | null = null
    while (Date.now() < deadline) {
      snapshot = (await store.loadDocument(sessionId)).snapshot
      if (snapshot && (await store.countUpdates(sessionId)) < 200) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(snapshot, 'the log was compacted into a snapshot').not.toBeNull()

    // A fresh client on either instance loads everything both sides wrote.
    for (const instance of [0, 1]) {
      const reader = await open(instance, sessionId, tokens.Fanny!)
      expect(missingFrom(reader, keys), `instance ${instance}`).toEqual([])
      reader.destroy()
    }
  })

  it('revoking a link and closing a session through one instance act on the other', async () => {
    const [a] = cluster.instances
    const { sessionId, tokens } = await createGroup(a!.url)
    const claims = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
        jti: string
        gid: string
      }
    const { gid: groupId } = claims(tokens.Fanny!)
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${a!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens.Fanny!}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
    const fanny = await open(0, sessionId, tokens.Fanny!)
    const alice = await open(1, sessionId, tokens.Alice!)
    const bob = await open(1, sessionId, tokens.Bob!)

    // Bob's link is revoked through A: his connection on B is closed.
    const closed = new Promise<string>((resolve) =>
      bob.provider.on('close', ({ event }: { event: { reason: string } }) => resolve(event.reason)),
    )
    const revoked = await api(
      'DELETE',
      `/api/groups/${groupId}/invitations/${claims(tokens.Bob!).jti}`,
    )
    expect(revoked.status).toBe(200)
    const timeout = new Promise<string>((resolve) =>
      setTimeout(() => resolve('still open'), 10_000),
    )
    expect(await Promise.race([closed, timeout])).toBe('token/revoked')

    // The session is closed through A's API: Alice's connection on B turns read-only.
    const before = alice.writeNote('shape:open', 'open')
    await until('write while open', () => fanny.records.has(before))
    const patched = await api('PATCH', `/api/groups/${groupId}/sessions/${sessionId}`, {
      status: 'closed',
    })
    expect(patched.status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 300))
    alice.writeNote('shape:closed', 'closed')
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(fanny.records.has('shape:closed')).toBe(false)
  })
})
