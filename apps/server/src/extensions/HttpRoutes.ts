/**
 * HttpRoutes: the HTTP side of the single server port — the JSON API, the health
 * check, and the built web app (with a real 404 page for unknown sessions).
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import type { Extension, onRequestPayload } from '@hocuspocus/server'
import sirv from 'sirv'
import type { ServerConfig } from '../config.ts'
import { NOT_FOUND_PAGE } from '../http/notFoundPage.ts'
import { HttpError, readJsonBody, sendError, sendHtml, sendJson } from '../http/respond.ts'
import type { SqliteStore } from '../storage/SqliteStore.ts'

const SESSION_PAGE = /^\/s\/([^/]+)\/?$/
const SESSION_API = /^\/api\/sessions\/([^/]+)$/

type StaticHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void

/** Tells Hocuspocus the request was answered: a hook that rejects with nothing stops the chain. */
function handled(): Promise<never> {
  return Promise.reject()
}

export function newSessionId(): string {
  return randomBytes(12).toString('base64url')
}

export class HttpRoutes implements Extension {
  priority = 100
  private readonly store: SqliteStore
  private readonly config: ServerConfig
  private readonly serveStatic: StaticHandler | null
  private readonly indexHtml: string | null

  constructor(store: SqliteStore, config: ServerConfig) {
    this.store = store
    this.config = config
    const dist = config.webDistDir
    const hasWebApp = dist !== null && existsSync(path.join(dist, 'index.html'))
    this.serveStatic = hasWebApp ? sirv(dist, { etag: true, dev: false }) : null
    this.indexHtml = hasWebApp ? path.join(dist, 'index.html') : null
  }

  async onRequest({ request, response }: onRequestPayload): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    try {
      if (url.pathname === '/healthz') {
        sendJson(response, 200, { ok: true })
      } else if (url.pathname.startsWith('/api/')) {
        await this.api(request, response, url.pathname)
      } else {
        this.page(request, response, url.pathname)
      }
    } catch (error) {
      if (error instanceof HttpError) sendError(response, error.status, error.code, error.message)
      else sendError(response, 500, 'server/internal', 'Internal server error')
    }
    return handled()
  }

  private async api(request: IncomingMessage, response: ServerResponse, pathname: string) {
    if (pathname === '/api/sessions') {
      if (request.method !== 'POST') throw new HttpError(405, 'http/method', 'Use POST')
      await readJsonBody(request, this.config.maxHttpBodyBytes)
      const id = newSessionId()
      this.store.createSession(id, Date.now())
      sendJson(response, 201, { id, path: `/s/${id}` })
      return
    }
    const session = SESSION_API.exec(pathname)
    if (session) {
      if (request.method !== 'GET') throw new HttpError(405, 'http/method', 'Use GET')
      const id = decodeURIComponent(session[1]!)
      if (!this.store.sessionExists(id)) {
        throw new HttpError(404, 'session/not-found', 'No session with this id')
      }
      sendJson(response, 200, { id })
      return
    }
    throw new HttpError(404, 'http/not-found', 'No such API route')
  }

  private page(request: IncomingMessage, response: ServerResponse, pathname: string) {
    const session = SESSION_PAGE.exec(pathname)
    if (session && !this.store.sessionExists(decodeURIComponent(session[1]!))) {
      sendHtml(response, 404, NOT_FOUND_PAGE)
      return
    }
    if (!this.serveStatic || !this.indexHtml) {
      sendError(response, 404, 'http/no-web-app', 'The web app is not built (pnpm build)')
      return
    }
    // Known app routes get index.html; files come from the build; the rest is a 404.
    if (session || pathname === '/') {
      request.url = '/index.html'
    }
    this.serveStatic(request, response, () => sendHtml(response, 404, NOT_FOUND_PAGE))
  }
}
