import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { textOf } from './testing/records.ts'
import {
  api,
  connectClient,
  createGroup,
  eventually,
  refusal,
  startTestServer,
  type TestClient,
  type TestGroup,
  type TestServer,
} from './testing/testServer.ts'

describe('the live board server', () => {
  let test: TestServer
  const clients: TestClient[] = []
  let group: TestGroup
  const client = (sessionId: string, name = 'Alice') => {
    const next = connectClient(test.wsUrl, sessionId, group.tokens[name]!)
    clients.push(next)
    return next
  }

  beforeEach(async () => {
    test = await startTestServer()
    group = await createGroup(test.url)
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await test.stop()
  })

  it('syncs records between two providers and keeps them across a restart', async () => {
    const { sessionId } = group
    const alice = client(sessionId)
    const bob = client(sessionId, 'Bob')
    await alice.synced()
    await bob.synced()
    alice.writeNote('shape:a', 'Bonjour')
    await eventually(() => expect(textOf(bob.records.get('shape:a'))).toBe('Bonjour'))

    alice.writeNote('shape:a', 'Bonjour à tous')
    bob.writeNote('shape:b', 'Salut')
    await eventually(() => expect(textOf(alice.records.get('shape:b'))).toBe('Salut'))
    await eventually(() => expect(textOf(bob.records.get('shape:a'))).toBe('Bonjour à tous'))
    await eventually(() => expect(alice.provider.unsyncedChanges).toBe(0))

    alice.destroy()
    bob.destroy()
    await test.restart()
    const carol = client(sessionId, 'Fanny')
    await eventually(() => expect(textOf(carol.records.get('shape:a'))).toBe('Bonjour à tous'))
  })

  it('refuses to open a document that is not a session', async () => {
    const stranger = client('no-such-session')
    expect(await refusal(stranger)).toBe('session/not-found')
  })

  it('closes only the connection that sends a malformed frame', async () => {
    const { sessionId } = group
    const alice = client(sessionId)
    const bob = client(sessionId, 'Bob')
    await eventually(() => expect(alice.provider.isSynced && bob.provider.isSynced).toBe(true))

    const raw = new WebSocket(`${test.wsUrl}/collab`)
    await new Promise((resolve) => raw.addEventListener('open', resolve))
    const closed = new Promise<number>((resolve) =>
      raw.addEventListener('close', (event) => resolve(event.code)),
    )
    raw.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))
    expect(await closed).toBeGreaterThanOrEqual(1000)

    alice.writeNote('shape:b', 'still here')
    await eventually(() => expect(textOf(bob.records.get('shape:b'))).toBe('still here'))
  })

  it('compacts the update log into a snapshot without losing anything', async () => {
    const { sessionId } = group
    const alice = client(sessionId)
    await alice.synced()
    for (let i = 0; i < 250; i++) alice.writeNote(`shape:${i}`, `n${i}`)
    await eventually(() => expect(alice.provider.unsyncedChanges).toBe(0))
    await eventually(async () =>
      expect(await test.server.store.documents.countUpdates(sessionId)).toBeGreaterThan(0),
    )
    alice.destroy()
    await test.restart() // destroy flushes the store hooks, which compact
    expect(await test.server.store.documents.countUpdates(sessionId)).toBe(0)
    const bob = client(sessionId, 'Bob')
    await eventually(() =>
      expect([...bob.records.keys()].filter((key) => key.startsWith('shape:')).length).toBe(250),
    )
  })
})

describe('HTTP', () => {
  let test: TestServer
  beforeEach(async () => {
    test = await startTestServer()
  })
  afterEach(async () => {
    await test.stop()
  })

  it('answers health, unknown sessions and bad bodies clearly', async () => {
    expect((await fetch(`${test.url}/healthz`)).status).toBe(200)

    const { sessionId, tokens } = await createGroup(test.url)
    expect((await api(test.url, tokens.Alice!, 'GET', `/api/sessions/${sessionId}`)).status).toBe(
      200,
    )

    const missing = await api(test.url, tokens.Alice!, 'GET', '/api/sessions/nope')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: 'session/not-found' })

    const page = await fetch(`${test.url}/s/nope`)
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('Séance introuvable')

    const badJson = await fetch(`${test.url}/api/groups`, { method: 'POST', body: '{oops' })
    expect(badJson.status).toBe(400)
    expect(await badJson.json()).toMatchObject({ error: 'body/invalid-json' })

    const huge = await fetch(`${test.url}/api/groups`, {
      method: 'POST',
      body: 'x'.repeat(200 * 1024),
    })
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({ error: 'body/too-large' })

    expect((await fetch(`${test.url}/api/groups`)).status).toBe(405)
  })
})
