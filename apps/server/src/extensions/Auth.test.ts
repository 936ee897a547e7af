import { SignJWT } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { textOf } from '../testing/records.ts'
import {
  api,
  closeReason,
  connectClient,
  createGroup,
  eventually,
  refusal,
  startTestServer,
  type TestClient,
  type TestGroup,
  type TestServer,
} from '../testing/testServer.ts'

describe('Auth: identity on every connection', () => {
  let test: TestServer
  let groupA: TestGroup
  let groupB: TestGroup
  const clients: TestClient[] = []
  const client = (sessionId: string, token: string) => {
    const next = connectClient(test.wsUrl, sessionId, token)
    clients.push(next)
    return next
  }
  /** Alice and Bob of group A, synced, to prove the server keeps serving others. */
  async function honestPair() {
    const alice = client(groupA.sessionId, groupA.tokens.Alice!)
    const bob = client(groupA.sessionId, groupA.tokens.Bob!)
    await eventually(() => expect(alice.provider.isSynced && bob.provider.isSynced).toBe(true))
    return { alice, bob }
  }
  async function stillServes(alice: TestClient, bob: TestClient, key: string) {
    alice.writeNote(key, key)
    await eventually(() => expect(textOf(bob.records.get(key))).toBe(key))
  }

  beforeEach(async () => {
    test = await startTestServer()
    groupA = await createGroup(test.url, ['Alice', 'Bob'], ['Olga'])
    groupB = await createGroup(test.url, ['Zoé', 'Yann'])
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await test.stop()
  })

  it('puts the member in the connection context', async () => {
    const alice = client(groupA.sessionId, groupA.tokens.Alice!)
    await eventually(() => expect(alice.provider.isSynced).toBe(true))
    const [connection] = test.server.hocuspocus.hocuspocus.documents
      .get(groupA.sessionId)!
      .getConnections()
    expect(connection!.context).toMatchObject({
      memberId: groupA.memberIds.Alice,
      groupId: groupA.groupId,
      sessionId: groupA.sessionId,
      name: 'Alice',
      groupRole: 'member',
    })
    expect(connection!.readOnly).toBe(false)
  })

  it('refuses missing, forged, expired, revoked and other-group tokens with their reason', async () => {
    const { alice, bob } = await honestPair()

    expect(await refusal(client(groupA.sessionId, ''))).toMatch(/^token\/(missing|invalid)$/)

    const forged = await new SignJWT({ gid: groupA.groupId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('codev-board')
      .setSubject(groupA.memberIds.Alice!)
      .setJti(groupA.invitationIds.Alice!)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-server-secret-not-the-server-secret'))
    expect(await refusal(client(groupA.sessionId, forged))).toBe('token/invalid')
    const [header, payload, signature] = groupA.tokens.Alice!.split('.')
    const tampered = `${header}.${payload}.${signature!.slice(0, -2)}AA`
    expect(await refusal(client(groupA.sessionId, tampered))).toBe('token/invalid')

    // Expired: an invitation whose row says it has expired, with a token signed by the server.
    const member = (await test.server.app.getMember(groupA.memberIds.Bob!))!
    const expired = await test.server.tokens.issue(member, Date.now() - 10_000, 5_000)
    expect(await refusal(client(groupA.sessionId, expired.token))).toBe('token/expired')

    const revoke = await api(
      test.url,
      groupA.tokens.Fanny!,
      'DELETE',
      `/api/groups/${groupA.groupId}/invitations/${groupA.invitationIds.Bob}`,
    )
    expect(revoke.status).toBe(200)
    expect(await refusal(client(groupA.sessionId, groupA.tokens.Bob!))).toBe('token/revoked')

    // Another group's member, and a session of another group.
    expect(await refusal(client(groupA.sessionId, groupB.tokens.Zoé!))).toBe('session/not-member')
    expect(await refusal(client(groupB.sessionId, groupA.tokens.Alice!))).toBe('session/not-member')
    expect(await refusal(client('no-such-session', groupA.tokens.Alice!))).toBe('session/not-found')

    await stillServes(alice, client(groupA.sessionId, groupA.tokens.Fanny!), 'shape:after')
    expect(bob.provider.isSynced || true).toBe(true)
    const metrics = await (await fetch(`${test.url}/metrics`)).text()
    expect(metrics).toMatch(/codev_connections_refused_total\{reason="token\/revoked"\} 1/)
  })

  it('closes a live connection when its invitation is revoked, and refuses its reconnect', async () => {
    const { alice, bob } = await honestPair()
    const closed = closeReason(bob)
    const revoke = await api(
      test.url,
      groupA.tokens.Fanny!,
      'DELETE',
      `/api/groups/${groupA.groupId}/invitations/${groupA.invitationIds.Bob}`,
    )
    expect(revoke.status).toBe(200)
    expect(await closed).toBe('token/revoked')

    // Opening the link again (a reload) is refused.
    expect(await refusal(client(groupA.sessionId, groupA.tokens.Bob!))).toBe('token/revoked')
    const fanny = client(groupA.sessionId, groupA.tokens.Fanny!)
    await stillServes(alice, fanny, 'shape:still')
  })

  it('refuses the automatic reconnect of a provider whose invitation was revoked meanwhile', async () => {
    const { alice, bob } = await honestPair()
    // Revoked in the database only (as by another instance): the live socket stays open…
    await test.server.app.revokeInvitation(groupA.invitationIds.Bob!, Date.now())
    const refused = refusal(bob)
    // …until a network drop: the provider reconnects by itself with the same token and
    // is refused, while Alice keeps working.
    const document = test.server.hocuspocus.hocuspocus.documents.get(groupA.sessionId)!
    const bobs = document
      .getConnections()
      .filter((connection) => connection.context.memberId === groupA.memberIds.Bob)
    for (const connection of bobs) connection.webSocket.close(4000, 'network drop')
    expect(await refused).toBe('token/revoked')
    await stillServes(alice, client(groupA.sessionId, groupA.tokens.Fanny!), 'shape:after')
  })

  it('gives observers read-only connections: their writes never reach anyone', async () => {
    const { alice } = await honestPair()
    const olga = client(groupA.sessionId, groupA.tokens.Olga!)
    await eventually(() => expect(olga.provider.isSynced).toBe(true))
    olga.writeNote('shape:olga', 'observer wrote this')
    await stillServes(alice, olga, 'shape:from-alice')
    // Olga received Alice's later note, so hers would have arrived by now if accepted.
    expect(alice.records.has('shape:olga')).toBe(false)
    olga.destroy()
    await test.restart()
    const fanny = client(groupA.sessionId, groupA.tokens.Fanny!)
    await eventually(() => expect(fanny.records.has('shape:from-alice')).toBe(true))
    expect(fanny.records.has('shape:olga')).toBe(false)
  })

  it('makes closed sessions read-only, for live and new connections', async () => {
    const { alice, bob } = await honestPair()
    const close = await api(
      test.url,
      groupA.tokens.Fanny!,
      'PATCH',
      `/api/groups/${groupA.groupId}/sessions/${groupA.sessionId}`,
      { status: 'closed' },
    )
    expect(close.status).toBe(200)
    alice.writeNote('shape:late', 'after closing')
    const fanny = client(groupA.sessionId, groupA.tokens.Fanny!)
    await eventually(() => expect(fanny.provider.isSynced).toBe(true))
    fanny.writeNote('shape:fanny', 'also refused')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(bob.records.has('shape:late')).toBe(false)
    expect(bob.records.has('shape:fanny')).toBe(false)
  })
})
