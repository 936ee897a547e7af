/**
 * HttpRoutes: the HTTP side of the single server port — the JSON API (http/api.ts),
 * the health check, Prometheus metrics, and the built web app (with a real 404 page
 * for unknown sessions).
 */
import { existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import type { Extension, onRequestPayload } from '@hocuspocus/server'
import type { Logger } from 'pino'
import sirv from 'sirv'
import type { ServerConfig } from '../config.ts'
import { type ApiContext, handleApi } from '../http/api.ts'
import { NOT_FOUND_PAGE } from '../http/notFoundPage.ts'
import { HttpError, sendError, sendHtml, sendJson, setSecurityHeaders } from '../http/respond.ts'
import type { Metrics } from '../ops/metrics.ts'
import type { AppData } from '../storage/Storage.ts'

const SESSION_PAGE = /^\/s\/([^/]+)\/?$/
const JOIN_PAGE = /^\/join\/[^/]+\/?$/

type StaticHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void

/** Tells Hocuspocus the request was answered: a hook that rejects with nothing stops the chain. */
function handled(): Promise<never> {
  return Promise.reject()
}

export class HttpRoutes implements Extension {
  priority = 100
  private readonly app: AppData
  private readonly api: ApiContext
  private readonly metrics: Metrics
  private readonly log: Logger
  private readonly serveStatic: StaticHandler | null
  private readonly indexHtml: string | null

  constructor(api: ApiContext, config: ServerConfig, metrics: Metrics, log: Logger) {
    this.app = api.app
    this.api = api
    this.metrics = metrics
    this.log = log
    const dist = config.webDistDir
    const hasWebApp = dist !== null && existsSync(path.join(dist, 'index.html'))
    this.serveStatic = hasWebApp ? sirv(dist, { etag: true, dev: false }) : null
    this.indexHtml = hasWebApp ? path.join(dist, 'index.html') : null
  }

  async onRequest({ request, response }: onRequestPayload): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    setSecurityHeaders(response)
    try {
      if (url.pathname === '/healthz') {
        sendJson(response, 200, { ok: true })
      } else if (url.pathname === '/metrics') {
        response.writeHead(200, { 'content-type': this.metrics.registry.contentType })
        response.end(await this.metrics.text())
      } else if (url.pathname.startsWith('/api/')) {
        await handleApi(this.api, request, response, url.pathname)
      } else {
        await this.page(request, response, url.pathname)
      }
    } catch (error) {
      if (error instanceof HttpError) {
        // The rest of a refused body is never read and the socket is dropped: tell
        // keep-alive clients not to send their next request on it.
        if (error.status === 413) response.setHeader('connection', 'close')
        sendError(response, error.status, error.code, error.message)
      } else {
        this.log.error({ err: error, path: url.pathname }, 'http request failed')
        sendError(response, 500, 'server/internal', 'Internal server error')
      }
    }
    return handled()
  }

  private async page(request: IncomingMessage, response: ServerResponse, pathname: string) {
    const session = SESSION_PAGE.exec(pathname)
    if (session && !(await this.app.getSession(decodeURIComponent(session[1]!)))) {
      sendHtml(response, 404, NOT_FOUND_PAGE)
      return
    }
    if (!this.serveStatic || !this.indexHtml) {
      sendError(response, 404, 'http/no-web-app', 'The web app is not built (pnpm build)')
      return
    }
    // Known app routes get index.html; files come from the build; the rest is a 404.
    if (session || pathname === '/' || JOIN_PAGE.test(pathname)) {
      request.url = '/index.html'
    }
    this.serveStatic(request, response, () => sendHtml(response, 404, NOT_FOUND_PAGE))
  }
}
