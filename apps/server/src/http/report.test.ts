import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  api,
  connectClient,
  createGroup,
  startTestServer,
  type TestClient,
  type TestGroup,
  type TestServer,
} from '../testing/testServer.ts'

describe('GET /api/sessions/:id/report', () => {
  let test: TestServer
  let group: TestGroup
  let other: TestGroup
  const clients: TestClient[] = []

  beforeAll(async () => {
    test = await startTestServer()
    group = await createGroup(test.url)
    other = await createGroup(test.url, ['Zoé'])
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await test.stop()
  })

  it('is not available before the session has started', async () => {
    const response = await api(
      test.url,
      group.tokens.Alice!,
      'GET',
      `/api/sessions/${group.sessionId}/report`,
    )
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: 'report/not-available' })
  })

  it("gives the group its session's report, in French or English, confidential and escaped", async () => {
    const fanny = connectClient(test.wsUrl, group.sessionId, group.tokens.Fanny!)
    clients.push(fanny)
    await fanny.synced()
    const subject = { kind: 'probleme', title: 'Déléguer *sans* <script>alert(1)</script>' }
    expect(
      await fanny.command({
        type: 'setClientAndSubject',
        clientId: group.memberIds.Alice,
        subject,
      }),
    ).toMatchObject({ ok: true })

    const fr = await api(
      test.url,
      group.tokens.Bob!,
      'GET',
      `/api/sessions/${group.sessionId}/report`,
    )
    expect(fr.status).toBe(200)
    expect(fr.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(fr.headers.get('content-disposition')).toContain('attachment')
    const markdown = await fr.text()
    expect(markdown).toMatch(/confidentiel/i)
    expect(markdown).toContain('Déléguer')
    expect(markdown).not.toContain('<script>')
    expect(markdown).not.toContain('*sans*')

    const en = await api(
      test.url,
      group.tokens.Bob!,
      'GET',
      `/api/sessions/${group.sessionId}/report?lang=en`,
    )
    expect(await en.text()).toMatch(/confidential/i)

    const json = await api(
      test.url,
      group.tokens.Bob!,
      'GET',
      `/api/sessions/${group.sessionId}/report?format=json`,
    )
    expect(await json.json()).toMatchObject({ sessionId: group.sessionId, closed: false })
  })

  it('is not found for anyone outside the group', async () => {
    const response = await api(
      test.url,
      other.tokens.Zoé!,
      'GET',
      `/api/sessions/${group.sessionId}/report`,
    )
    expect(response.status).toBe(404)
    const anonymous = await api(test.url, null, 'GET', `/api/sessions/${group.sessionId}/report`)
    expect(anonymous.status).toBe(401)
  })
})
