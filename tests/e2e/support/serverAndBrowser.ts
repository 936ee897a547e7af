/** One real server process and one Chromium for a whole test file: starts them, stops them. */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser.ts'
import { type ServerProcess, serverProcess } from './serverProcess.ts'

export interface ServerAndBrowser {
  readonly server: ServerProcess
  readonly browser: Browser
}

export function useServerAndBrowser(): ServerAndBrowser {
  let server: ServerProcess | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await serverProcess()
    await server.start()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll')
      return server
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll')
      return browser
    },
  }
}
