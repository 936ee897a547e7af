import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { joinAs, launchBrowser, screenshot } from './support/browser.ts'
import { type ServerProcess, serverProcess } from './support/serverProcess.ts'

/** Puts a sticky note at a point of the canvas and types its text, as a person would. */
async function addStickyNote(page: Page, x: number, y: number, text: string) {
  await page.mouse.click(x, y) // focus the canvas on an empty spot
  await page.keyboard.press('n')
  await page.mouse.click(x, y)
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
}

describe('the first live board', () => {
  let server: ServerProcess
  let browser: Browser

  beforeAll(async () => {
    server = await serverProcess()
    await server.start()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('shows a note to everyone with the link, live and after a server restart', async () => {
    const home = await (await browser.newContext()).newPage()
    await home.goto(server.url)
    await home.getByRole('button', { name: 'Nouvelle séance' }).click()
    await home.waitForURL(/\/s\/[\w-]+$/)
    const sessionUrl = home.url()

    const alice = await joinAs(browser, sessionUrl, 'Alice')
    const bob = await joinAs(browser, sessionUrl, 'Bob')

    await addStickyNote(alice, 500, 400, 'Bonjour le groupe')
    await expect
      .poll(() => bob.getByText('Bonjour le groupe').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)

    // Bob sees Alice's named cursor.
    await alice.mouse.move(650, 300)
    await expect
      .poll(() => bob.locator('.tl-nametag, .tl-collaborator__cursor-name').allTextContents(), {
        timeout: 10_000,
      })
      .toContain('Alice')
    console.log('screenshot:', await screenshot(bob, 'live-board-bob'))

    await server.stop()
    await expect
      .poll(() => alice.locator('[data-testid="connection-state"]').getAttribute('data-state'))
      .toBe('offline')
    await server.start()

    const carol = await joinAs(browser, sessionUrl, 'Carol')
    await expect
      .poll(() => carol.getByText('Bonjour le groupe').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
  })

  it('shows a clear page for a session that does not exist', async () => {
    const page = await (await browser.newContext()).newPage()
    const response = await page.goto(`${server.url}/s/does-not-exist`)
    expect(response?.status()).toBe(404)
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('Séance introuvable')
  })
})
