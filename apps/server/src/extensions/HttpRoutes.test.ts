/**
 * Every HTTP answer of ours carries the security headers: the app and its files,
 * the 404 page, the API (success and every kind of error), health and metrics.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECURITY_HEADERS } from '../http/respond.ts'
import {
  api,
  createGroup,
  startTestServer,
  type TestServer,
  tempDataDir,
} from '../testing/testServer.ts'

describe('HTTP security headers', () => {
  let test: TestServer
  beforeAll(async () => {
    // A stand-in for apps/web/dist: the server's tests do not need the real build.
    const dist = tempDataDir()
    mkdirSync(path.join(dist, 'assets'))
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>')
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)')
    test = await startTestServer({ webDistDir: dist })
  })
  afterAll(async () => {
    await test.stop()
  })

  function expectSecurityHeaders(response: Response, what: string) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(response.headers.get(name), `${name} on ${what}`).toBe(value)
    }
  }

  it('are on every kind of answer', async () => {
    const { sessionId, tokens } = await createGroup(test.url)
    const token = tokens.Alice!
    const answers: [string, Promise<Response>, number][] = [
      ['the app', fetch(`${test.url}/`), 200],
      ['a join link', fetch(`${test.url}/join/abc`), 200],
      ['a session page', fetch(`${test.url}/s/${sessionId}`), 200],
      ['an asset', fetch(`${test.url}/assets/app.js`), 200],
      ['an unknown session page', fetch(`${test.url}/s/nope`), 404],
      ['an unknown file', fetch(`${test.url}/nothing.txt`), 404],
      ['health', fetch(`${test.url}/healthz`), 200],
      ['metrics', fetch(`${test.url}/metrics`), 200],
      ['the API', api(test.url, token, 'GET', `/api/sessions/${sessionId}`), 200],
      ['an API 404', api(test.url, token, 'GET', '/api/sessions/nope'), 404],
      ['an API 401', fetch(`${test.url}/api/me`), 401],
      ['an API 405', fetch(`${test.url}/api/groups`), 405],
      ['a bad body', fetch(`${test.url}/api/groups`, { method: 'POST', body: '{oops' }), 400],
      [
        'a body too large',
        fetch(`${test.url}/api/groups`, { method: 'POST', body: 'x'.repeat(200 * 1024) }),
        413,
      ],
    ]
    for (const [what, answer, status] of answers) {
      const response = await answer
      expect(response.status, what).toBe(status)
      expectSecurityHeaders(response, what)
      await response.arrayBuffer()
    }
  })

  it('let the app run its own scripts and styles only, and never be framed', () => {
    const policy = SECURITY_HEADERS['content-security-policy']!
    expect(policy).toContain("script-src 'self'")
    expect(policy).not.toMatch(/script-src[^;]*unsafe/)
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).toContain("object-src 'none'")
  })
})
