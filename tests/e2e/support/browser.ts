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

/** Opens a personal join link in a fresh browser context (a new person) and waits for the board. */
export async function openJoinLink(browser: Browser, joinUrl: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(joinUrl)
  await page.waitForURL(/\/s\/[\w-]+$/)
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor()
  await page.locator('.tl-canvas').waitFor()
  return page
}

/** On the home page: creates a group as facilitator Fanny and returns the join links by name. */
export async function createGroupInUi(
  page: Page,
  members: string[],
): Promise<Record<string, string>> {
  await page.getByLabel('Nom du groupe').fill('Groupe du jeudi')
  await page.getByLabel('Votre prénom (facilitateur ou facilitatrice)').fill('Fanny')
  await page.getByLabel('Prénoms des membres, un par ligne').fill(members.join('\n'))
  await page.getByRole('button', { name: 'Créer le groupe' }).click()
  const rows = page.locator('[data-testid="join-link"]')
  await rows.first().waitFor()
  const links: Record<string, string> = {}
  for (const row of await rows.all()) {
    links[(await row.getAttribute('data-member'))!] = await row.locator('input').inputValue()
  }
  return links
}

export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const file = path.join(ARTIFACTS_DIR, `${name}.png`)
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false })
  return file
}
