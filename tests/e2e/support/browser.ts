/**
 * Debian's Chromium driven by playwright-core (browser downloads fail here), and the
 * steps a person takes to reach a board.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { REPO_ROOT } from './serverProcess.ts'

export const CHROMIUM_PATH = process.env.CODEV_CHROMIUM ?? '/usr/bin/chromium'

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'tests/artifacts')

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Opens a session link in a fresh browser context (a new person) and joins under `name`. */
export async function joinAs(browser: Browser, sessionUrl: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(sessionUrl)
  await page.getByRole('textbox').fill(name)
  await page.getByRole('button', { name: 'Rejoindre la séance' }).click()
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor()
  await page.locator('.tl-canvas').waitFor()
  return page
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const file = path.join(ARTIFACTS_DIR, `${name}.png`)
  await page.screenshot({ path: file })
  return file
}
