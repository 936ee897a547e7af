import type { GroupView } from '@codev/domain'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  api,
  closeReason,
  connectClient,
  createGroup,
  eventually,
  startTestServer,
  type TestGroup,
  type TestServer,
} from '../testing/testServer.ts'

describe('HTTP API: groups, sessions, invitations', () => {
  let test: TestServer
  let a: TestGroup
  let b: TestGroup
  beforeEach(async () => {
    test = await startTestServer()
    a = await createGroup(test.url)
    b = await createGroup(test.url, ['Zoé', 'Yann'])
  })
  afterEach(async () => {
    await test.stop()
  })

  it('creates a group with a join link per member and tells each who they are', async () => {
    const { group, invitations } = a.response
    expect(group.members.map((m) => [m.name, m.groupRole])).toEqual([
      ['Fanny', 'facilitator'],
      ['Alice', 'member'],
      ['Bob', 'member'],
    ])
    expect(group.sessions).toHaveLength(1)
    expect(group.sessions[0]).toMatchObject({ number: 1, status: 'open' })
    expect(invitations.every((i) => i.joinPath === `/join/${i.token}`)).toBe(true)

    const me = await api(test.url, a.tokens.Alice!, 'GET', '/api/me')
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({
      member: { id: a.memberIds.Alice, groupId: a.groupId, name: 'Alice', groupRole: 'member' },
      currentSessionId: a.sessionId,
    })
    // Members see the group without emails or invitations; the facilitator sees both.
    const asAlice = (await (
      await api(test.url, a.tokens.Alice!, 'GET', `/api/groups/${a.groupId}`)
    ).json()) as GroupView
    expect(asAlice.invitations).toBeUndefined()
    expect(asAlice.members[0]?.email).toBeUndefined()
    expect(asAlice.clientHistory).toEqual([])
    const asFanny = (await (
      await api(test.url, a.tokens.Fanny!, 'GET', `/api/groups/${a.groupId}`)
    ).json()) as GroupView
    expect(asFanny.members[0]?.email).toBe('fanny@example.org')
    expect(asFanny.invitations).toHaveLength(3)
  })

  it('lets only the facilitator schedule, invite, renew and revoke', async () => {
    const group = `/api/groups/${a.groupId}`
    expect(
      (await api(test.url, a.tokens.Alice!, 'POST', `${group}/sessions`, { scheduledAt: 1 }))
        .status,
    ).toBe(403)
    const scheduled = await api(test.url, a.tokens.Fanny!, 'POST', `${group}/sessions`, {
      scheduledAt: Date.UTC(2027, 0, 15),
    })
    expect(scheduled.status).toBe(201)
    expect(await scheduled.json()).toMatchObject({ number: 2, status: 'open' })

    expect(
      (
        await api(test.url, a.tokens.Bob!, 'POST', `${group}/invitations`, {
          memberId: a.memberIds.Bob,
        })
      ).status,
    ).toBe(403)
    const issued = await api(test.url, a.tokens.Fanny!, 'POST', `${group}/invitations`, {
      memberId: a.memberIds.Bob,
    })
    expect(issued.status).toBe(201)
    const { token, invitation } = (await issued.json()) as {
      token: string
      invitation: { id: string }
    }
    expect((await api(test.url, token, 'GET', '/api/me')).status).toBe(200)

    const renewed = await api(
      test.url,
      a.tokens.Fanny!,
      'POST',
      `${group}/invitations/${invitation.id}/renew`,
    )
    expect(renewed.status).toBe(201)
    const renewedToken = ((await renewed.json()) as { token: string }).token
    const old = await api(test.url, token, 'GET', '/api/me')
    expect(old.status).toBe(401)
    expect(await old.json()).toMatchObject({ error: 'token/revoked' })
    expect((await api(test.url, renewedToken, 'GET', '/api/me')).status).toBe(200)
  })

  it('answers 403 or 404 to a member of group A on every route of group B', async () => {
    const alice = a.tokens.Alice!
    const fanny = a.tokens.Fanny!
    const gb = `/api/groups/${b.groupId}`
    const attempts: [string, string, unknown?][] = [
      ['GET', gb],
      ['DELETE', gb],
      ['POST', `${gb}/sessions`, { scheduledAt: 1 }],
      ['PATCH', `${gb}/sessions/${b.sessionId}`, { status: 'closed' }],
      ['POST', `${gb}/invitations`, { memberId: b.memberIds.Zoé }],
      ['DELETE', `${gb}/invitations/${b.invitationIds.Zoé}`],
      ['POST', `${gb}/invitations/${b.invitationIds.Zoé}/renew`],
      ['GET', `/api/sessions/${b.sessionId}`],
      // Group A's facilitator aiming at group B's rows through group A's routes.
      ['PATCH', `/api/groups/${a.groupId}/sessions/${b.sessionId}`, { status: 'closed' }],
      ['POST', `/api/groups/${a.groupId}/invitations`, { memberId: b.memberIds.Zoé }],
      ['DELETE', `/api/groups/${a.groupId}/invitations/${b.invitationIds.Zoé}`],
    ]
    for (const token of [alice, fanny]) {
      for (const [method, path, body] of attempts) {
        const response = await api(test.url, token, method, path, body)
        expect([403, 404], `${method} ${path}`).toContain(response.status)
      }
    }
    // Nothing of group B changed.
    expect((await test.server.app.getSession(b.sessionId))?.status).toBe('open')
    expect((await test.server.app.getInvitation(b.invitationIds.Zoé!))?.revokedAt).toBeNull()
    expect(await test.server.app.getGroup(b.groupId)).not.toBeNull()
    expect(await test.server.app.listSessions(b.groupId)).toHaveLength(1)
  })

  it('refuses unauthenticated, malformed and oversized requests clearly', async () => {
    const noToken = await api(test.url, null, 'GET', '/api/me')
    expect(noToken.status).toBe(401)
    expect(await noToken.json()).toMatchObject({ error: 'token/missing' })
    expect((await api(test.url, 'garbage', 'GET', `/api/groups/${a.groupId}`)).status).toBe(401)

    const cases: [unknown, string][] = [
      ['{oops', 'body/invalid-json'],
      [{}, 'body/invalid'],
      [
        { name: 'G', cycleLength: 4, facilitator: { name: 'F' }, members: [{ name: 'A' }] },
        'body/invalid',
      ],
      [
        { name: 'G', cycleLength: 6, facilitator: { name: '' }, members: [{ name: 'A' }] },
        'body/invalid',
      ],
      [{ name: 'G', cycleLength: 6, facilitator: { name: 'F' }, members: [] }, 'body/invalid'],
      [
        {
          name: 'G',
          cycleLength: 6,
          facilitator: { name: 'F' },
          members: [{ name: 'A', groupRole: 'facilitator' }],
        },
        'body/invalid',
      ],
      [
        {
          name: 'G',
          cycleLength: 6,
          facilitator: { name: 'F' },
          members: [{ name: 'A', email: 'nope' }],
        },
        'body/invalid',
      ],
      [
        {
          name: 'G',
          cycleLength: 6,
          facilitator: { name: 'F' },
          members: [{ name: 'A' }],
          extra: 1,
        },
        'body/invalid',
      ],
    ]
    for (const [body, code] of cases) {
      const response = await api(test.url, null, 'POST', '/api/groups', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      const error = (await response.json()) as { error: string; message: string }
      expect(error.error).toBe(code)
      expect(error.message.length).toBeGreaterThan(0)
    }
    const huge = await api(
      test.url,
      a.tokens.Fanny!,
      'POST',
      `/api/groups/${a.groupId}/sessions`,
      'x'.repeat(100 * 1024),
    )
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({ error: 'body/too-large' })
  })

  it('deletes a group whole: rows, documents, live connections and links', async () => {
    const alice = connectClient(test.wsUrl, a.sessionId, a.tokens.Alice!)
    alice.records.set('shape:x', { id: 'shape:x', typeName: 'shape' })
    await eventually(() => expect(alice.provider.unsyncedChanges).toBe(0))
    await eventually(async () =>
      expect(await test.server.store.documents.countUpdates(a.sessionId)).toBeGreaterThan(0),
    )
    const sessionIds = (await test.server.app.listSessions(a.groupId)).map((s) => s.id)
    expect(await test.server.app.countGroupRows(a.groupId, sessionIds)).toBeGreaterThan(0)

    const closed = closeReason(alice)
    expect(
      (await api(test.url, a.tokens.Alice!, 'DELETE', `/api/groups/${a.groupId}`)).status,
    ).toBe(403)
    expect(
      (await api(test.url, a.tokens.Fanny!, 'DELETE', `/api/groups/${a.groupId}`)).status,
    ).toBe(204)
    expect(await closed).toBe('session/not-found')
    expect(await test.server.app.countGroupRows(a.groupId, sessionIds)).toBe(0)
    expect(await test.server.app.listInvitations(a.groupId)).toEqual([])
    expect((await api(test.url, a.tokens.Fanny!, 'GET', '/api/me')).status).toBe(401)
    expect((await fetch(`${test.url}/s/${a.sessionId}`)).status).toBe(404)
    alice.destroy()
    // Group B is untouched.
    expect((await api(test.url, b.tokens.Zoé!, 'GET', `/api/groups/${b.groupId}`)).status).toBe(200)
  })

  it('serves health and Prometheus metrics', async () => {
    expect(await (await fetch(`${test.url}/healthz`)).json()).toEqual({ ok: true })
    const metrics = await (await fetch(`${test.url}/metrics`)).text()
    for (const name of [
      'codev_connections',
      'codev_loaded_documents',
      'codev_updates_total',
      'codev_refused_changes_total',
      'codev_storage_seconds',
    ]) {
      expect(metrics).toContain(name)
    }
  })
})
