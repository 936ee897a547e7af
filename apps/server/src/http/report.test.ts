import { beforeAll, describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { api, createGroup, type TestGroup } from '../testing/testServer.ts'

describe('GET /api/sessions/:id/report', () => {
  const session = useGroupSession()
  let other: TestGroup
  beforeAll(async () => {
    other = await createGroup(session.test.url, ['Zoé'])
  })
  const report = (token: string | null, query = '') =>
    api(session.test.url, token, 'GET', `/api/sessions/${session.group.sessionId}/report${query}`)

  it('is not available before the session has started', async () => {
    const response = await report(session.group.tokens.Alice!)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: 'report/not-available' })
  })

  it("gives the group its session's report, in French or English, confidential and escaped", async () => {
    const fanny = await session.connect('Fanny')
    const subject = { kind: 'probleme', title: 'Déléguer *sans* <script>alert(1)</script>' }
    const clientId = session.group.memberIds.Alice
    expect(await fanny.command({ type: 'setClientAndSubject', clientId, subject })).toMatchObject({
      ok: true,
    })

    const fr = await report(session.group.tokens.Bob!)
    expect(fr.status).toBe(200)
    expect(fr.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(fr.headers.get('content-disposition')).toContain('attachment')
    const markdown = await fr.text()
    expect(markdown).toMatch(/confidentiel/i)
    expect(markdown).toContain('Déléguer')
    expect(markdown).not.toContain('<script>')
    expect(markdown).not.toContain('*sans*')

    expect(await (await report(session.group.tokens.Bob!, '?lang=en')).text()).toMatch(
      /confidential/i,
    )
    const json = await report(session.group.tokens.Bob!, '?format=json')
    expect(await json.json()).toMatchObject({ sessionId: session.group.sessionId, closed: false })
  })

  it('is not found for anyone outside the group', async () => {
    expect((await report(other.tokens.Zoé!)).status).toBe(404)
    expect((await report(null)).status).toBe(401)
  })

  it('goes to the client alone when the client decides so', async () => {
    const alice = await session.connect('Alice')
    expect(await alice.command({ type: 'setReportAudience', audience: 'client' })).toMatchObject({
      ok: true,
    })
    expect((await report(session.group.tokens.Alice!)).status).toBe(200)
    const bob = await report(session.group.tokens.Bob!)
    expect(bob.status).toBe(403)
    expect(await bob.json()).toMatchObject({ error: 'report/client-only' })
    expect((await report(session.group.tokens.Fanny!)).status).toBe(403)
  })

  it("shows the group each session's client and subject, and who has been client", async () => {
    const response = await api(
      session.test.url,
      session.group.tokens.Bob!,
      'GET',
      `/api/groups/${session.group.groupId}`,
    )
    const group = (await response.json()) as {
      sessions: { clientId: string | null; subject: { title: string } | null }[]
      clientHistory: string[]
    }
    expect(group.sessions[0]).toMatchObject({
      clientId: session.group.memberIds.Alice,
      subject: { title: 'Déléguer *sans* <script>alert(1)</script>' },
    })
    expect(group.clientHistory).toEqual([session.group.memberIds.Alice])
  })
})
