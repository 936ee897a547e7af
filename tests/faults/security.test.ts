/**
 * Security checks against a server process, filling what Auth.test.ts and
 * api.test.ts leave out: a member (and the facilitator) of group A tries every
 * HTTP route and the session document of group B; oversized, malformed and deeply
 * nested HTTP bodies; hostile text in group and member names and in note text must
 * come back escaped in the Markdown report and as JSON (never HTML) from the API.
 */
import { memberIdOf, noteRecord } from '@codev/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServerProcess, serverProcess } from '../e2e/support/serverProcess.ts'
import { fuzzClient, settled, until } from './support/fuzzClient.ts'

const HOSTILE = '<img src=x onerror=alert(1)> # **bold** [x](javascript:alert(1)) `code`\n# heading'

interface Group {
  groupId: string
  sessionId: string
  tokens: Record<string, string>
  invitationIds: string[]
}

async function createHostileGroup(url: string): Promise<Group> {
  const response = await fetch(`${url}/api/groups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `Groupe ${HOSTILE}`.slice(0, 80),
      cycleLength: 6,
      facilitator: { name: 'Fanny' },
      members: [{ name: `Alice ${HOSTILE}`.slice(0, 60) }, { name: 'Bob' }],
    }),
  })
  expect(response.status).toBe(201)
  const created = (await response.json()) as {
    group: { id: string; currentSessionId: string; members: { id: string; name: string }[] }
    invitations: { memberId: string; token: string; invitation: { id: string } }[]
  }
  const tokens: Record<string, string> = {}
  for (const issued of created.invitations) {
    const name = created.group.members.find((m) => m.id === issued.memberId)!.name.split(' ')[0]!
    tokens[name] = issued.token
  }
  return {
    groupId: created.group.id,
    sessionId: created.group.currentSessionId,
    tokens,
    invitationIds: created.invitations.map((i) => i.invitation.id),
  }
}

describe('security', () => {
  let server: ServerProcess
  let a: Group
  let b: Group
  beforeAll(async () => {
    server = await serverProcess()
    await server.start()
    a = await createHostileGroup(server.url)
    b = await createHostileGroup(server.url)
  })
  afterAll(async () => {
    await server?.stop()
  })

  const call = (token: string | null, method: string, path: string, body?: string) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body,
    })

  it('a member or the facilitator of group A reaches nothing of group B', async () => {
    const routes: [string, string, string?][] = [
      ['GET', `/api/groups/${b.groupId}`],
      ['DELETE', `/api/groups/${b.groupId}`],
      ['POST', `/api/groups/${b.groupId}/sessions`, '{}'],
      ['PATCH', `/api/groups/${b.groupId}/sessions/${b.sessionId}`, '{"status":"closed"}'],
      ['POST', `/api/groups/${b.groupId}/invitations`, '{"memberId":"x"}'],
      ['DELETE', `/api/groups/${b.groupId}/invitations/${b.invitationIds[1]}`],
      ['POST', `/api/groups/${b.groupId}/invitations/${b.invitationIds[1]}/renew`],
      ['GET', `/api/sessions/${b.sessionId}`],
      ['GET', `/api/sessions/${b.sessionId}/report`],
      ['GET', `/api/sessions/${b.sessionId}/report?format=json`],
    ]
    const tried: string[] = []
    for (const token of [a.tokens.Fanny!, a.tokens.Bob!]) {
      for (const [method, path, body] of routes) {
        const response = await call(token, method, path, body)
        tried.push(`${method} ${path} -> ${response.status}`)
        expect(response.status, `${method} ${path}`).toBe(404)
        const error = ((await response.json()) as { error: string }).error
        expect(['group/not-found', 'session/not-found']).toContain(error)
      }
    }
    // Group B is untouched: its facilitator still sees it, its session still open.
    const view = await call(b.tokens.Fanny!, 'GET', `/api/groups/${b.groupId}`)
    expect(view.status).toBe(200)
    const session = await call(b.tokens.Bob!, 'GET', `/api/sessions/${b.sessionId}`)
    expect(((await session.json()) as { status: string }).status).toBe('open')

    // And B's session document refuses A's tokens.
    const wsUrl = server.url.replace('http', 'ws')
    const intruder = fuzzClient(wsUrl, b.sessionId, 'intruder', '', a.tokens.Bob!)
    await until(() => intruder.closes.includes('auth:session/not-member'), 5000, 'the refusal')
    expect(intruder.records.size).toBe(0)
    intruder.destroy()
    console.log(`security: ${tried.length} cross-group HTTP calls, all 404; WebSocket refused`)
  })

  it('refuses oversized, malformed and deeply nested bodies without failing', async () => {
    const cases: [string, number][] = [
      ['x'.repeat(70 * 1024), 413],
      ['{', 400],
      ['[]', 400],
      ['null', 400],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 413],
      [`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, 400],
      [
        JSON.stringify({ name: 'x', cycleLength: 1e308, facilitator: { name: 'F' }, members: [] }),
        400,
      ],
      [JSON.stringify({ name: '', cycleLength: 6, facilitator: {}, members: 'x' }), 400],
      ['\u0000\u0001\u0002', 400],
    ]
    // One keep-alive client for all: a 413 must close its socket (connection: close),
    // or the next request reuses a socket the server drops (regression: ECONNRESET).
    for (const [body, status] of cases) {
      const response = await call(null, 'POST', '/api/groups', body)
      expect(response.status, body.slice(0, 40)).toBe(status)
      expect(response.headers.get('content-type')).toContain('application/json')
      if (status === 413) expect(response.headers.get('connection')).toBe('close')
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it('returns hostile names and note text as JSON and escaped in the Markdown report', async () => {
    const wsUrl = server.url.replace('http', 'ws')
    const alice = fuzzClient(
      wsUrl,
      a.sessionId,
      'Alice',
      memberIdOf(a.tokens.Alice!),
      a.tokens.Alice!,
    )
    await until(() => settled([alice]), 10_000, 'Alice to sync')
    const id = 'shape:hostile'
    alice.records.set(
      id,
      noteRecord({ id, text: HOSTILE, author: alice.memberId, role: 'consultant' }),
    )
    await until(() => settled([alice]), 5000, 'the note to be acknowledged')
    alice.destroy()

    const view = await call(a.tokens.Fanny!, 'GET', `/api/groups/${a.groupId}`)
    expect(view.headers.get('content-type')).toContain('application/json')
    expect(await view.text()).toContain('onerror') // as data, inside JSON strings

    const report = await call(a.tokens.Bob!, 'GET', `/api/sessions/${a.sessionId}/report`)
    expect(report.status).toBe(200)
    expect(report.headers.get('content-type')).toContain('text/markdown')
    const markdown = await report.text()
    expect(markdown).not.toMatch(/<img|<script/)
    expect(markdown).not.toContain('](javascript:')
    // No user text opens a heading: every heading line is one of the report's own.
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'))
    expect(headings.some((line) => line.includes('heading'))).toBe(false)
  })
})
