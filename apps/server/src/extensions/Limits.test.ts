import { randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import type { ServerConfig } from '../config.ts'
import {
  closeReason,
  connectClient,
  createGroup,
  eventually,
  startTestServer,
  type TestClient,
  type TestGroup,
  type TestServer,
} from '../testing/testServer.ts'
import { messageType } from './Limits.ts'

describe('messageType', () => {
  it('reads the message type after the document name', () => {
    expect(messageType(new Uint8Array([3, 97, 98, 99, 0, 1]))).toBe(0)
    expect(messageType(new Uint8Array([1, 97, 5]))).toBe(5)
    expect(messageType(new Uint8Array([0xff]))).toBe(-1)
  })
})

describe('Limits: one connection cannot hurt the others', () => {
  let test: TestServer
  let group: TestGroup
  const clients: TestClient[] = []
  const client = (name: string) => {
    const next = connectClient(test.wsUrl, group.sessionId, group.tokens[name]!)
    clients.push(next)
    return next
  }
  async function start(overrides: Partial<ServerConfig>) {
    test = await startTestServer(overrides)
    group = await createGroup(test.url)
    const alice = client('Alice')
    const bob = client('Bob')
    const mallory = client('Fanny')
    await eventually(() =>
      expect(alice.provider.isSynced && bob.provider.isSynced && mallory.provider.isSynced).toBe(
        true,
      ),
    )
    return { alice, bob, mallory }
  }
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await test.stop()
  })

  it('closes a flooding connection with limits/rate; the others keep syncing', async () => {
    const { alice, bob, mallory } = await start({ rateBurstMessages: 50, ratePerSecond: 20 })
    const closed = closeReason(mallory)
    for (let i = 0; i < 500; i++) mallory.provider.sendStateless(`flood ${i}`)
    expect(await closed).toBe('limits/rate')
    alice.writeNote('shape:calm', 'still here')
    await eventually(() => expect(bob.records.get('shape:calm')).toBeDefined())
    const metrics = await (await fetch(`${test.url}/metrics`)).text()
    expect(metrics).toMatch(/codev_connections_closed_by_limits_total\{reason="limits\/rate"\} 1/)
  })

  it('closes a connection whose message is larger than maxMessageBytes; the others keep syncing', async () => {
    const { alice, bob, mallory } = await start({ maxMessageBytes: 64 * 1024 })
    const closed = closeReason(mallory)
    mallory.writeNote('shape:huge', 'x'.repeat(200 * 1024))
    expect(await closed).toBeTypeOf('string')
    alice.writeNote('shape:calm', 'still here')
    await eventually(() => expect(bob.records.get('shape:calm')).toBeDefined())
    expect(bob.records.has('shape:huge')).toBe(false)
  })

  it('refuses updates that would grow a document past maxDocumentBytes', async () => {
    const { alice, bob, mallory } = await start({ maxDocumentBytes: 32 * 1024 })
    const closed = closeReason(mallory)
    mallory.writeNote('shape:big', 'y'.repeat(40 * 1024))
    expect(await closed).toBe('limits/document-size')
    alice.writeNote('shape:small', 'fits')
    await eventually(() => expect(bob.records.get('shape:small')).toBeDefined())
    expect(bob.records.has('shape:big')).toBe(false)
  })

  it('closes a socket that sends too much before authenticating; the others keep syncing', async () => {
    const { alice, bob } = await start({ maxUnauthenticatedMessages: 20 })
    const raw = new WebSocket(`${test.wsUrl}/collab`)
    raw.binaryType = 'arraybuffer'
    await new Promise((resolve) => raw.addEventListener('open', resolve))
    const closed = new Promise<number>((resolve) =>
      raw.addEventListener('close', (event) => resolve(event.code)),
    )
    // A document name then a sync message, never an authentication: all of it queues.
    const name = new TextEncoder().encode(group.sessionId)
    const frame = new Uint8Array([name.length, ...name, 0, 0, 1, 0])
    for (let i = 0; i < 50; i++) raw.send(frame)
    expect(await closed).toBe(4205)
    alice.writeNote('shape:calm', 'still here')
    await eventually(() => expect(bob.records.get('shape:calm')).toBeDefined())
  })
})

/** Asks for a WebSocket upgrade; resolves with 101 or the status and body of the refusal. */
function upgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/collab`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    })
    request.on('upgrade', (response, socket) => {
      socket.destroy()
      resolve({ status: response.statusCode ?? 0, body: '', headers: response.headers })
    })
    request.on('response', (response) => {
      let body = ''
      response.on('data', (chunk) => {
        body += chunk
      })
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
      )
    })
    request.on('error', reject)
    request.end()
  })
}

describe('Limits: the connect rate per address', () => {
  let test: TestServer
  afterEach(async () => {
    await test.stop()
  })

  it('answers 429 with a reason past the rate, and exempts loopback unless told otherwise', async () => {
    test = await startTestServer({ connectsPerMinutePerAddress: 3, connectLimitLoopback: true })
    for (let i = 0; i < 3; i++) expect((await upgrade(test.url)).status).toBe(101)
    const refused = await upgrade(test.url)
    expect(refused.status).toBe(429)
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'limits/connect-rate' })
    expect(refused.headers['retry-after']).toBe('20')
    expect(refused.headers['x-content-type-options']).toBe('nosniff')
    const metrics = await (await fetch(`${test.url}/metrics`)).text()
    expect(metrics).toMatch(
      /codev_connections_closed_by_limits_total\{reason="limits\/connect-rate"\} 1/,
    )
    // HTTP requests are not WebSockets: the API still answers.
    expect((await fetch(`${test.url}/healthz`)).status).toBe(200)
    await test.stop()

    // The default: loopback (tests, the bench, a same-host proxy) is not limited.
    test = await startTestServer({ connectsPerMinutePerAddress: 3 })
    for (let i = 0; i < 10; i++) expect((await upgrade(test.url)).status).toBe(101)
  })

  it('behind a trusted proxy, limits each forwarded address on its own', async () => {
    test = await startTestServer({ connectsPerMinutePerAddress: 2, trustProxy: true })
    const from = (address: string) => ({ 'x-forwarded-for': `10.9.9.9, ${address}` })
    expect((await upgrade(test.url, from('203.0.113.7'))).status).toBe(101)
    expect((await upgrade(test.url, from('203.0.113.7'))).status).toBe(101)
    expect((await upgrade(test.url, from('203.0.113.7'))).status).toBe(429)
    expect((await upgrade(test.url, from('198.51.100.1'))).status).toBe(101)
    // A forged first entry changes nothing: the proxy's own (last) entry counts.
    expect((await upgrade(test.url, { 'x-forwarded-for': '1.2.3.4, 203.0.113.7' })).status).toBe(
      429,
    )
    // Not forwarded (the proxy's own loopback): exempt by default.
    expect((await upgrade(test.url)).status).toBe(101)
  })
})
