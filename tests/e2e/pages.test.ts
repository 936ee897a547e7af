/**
 * The pages around the board, as a facilitator and a member use them, against the
 * real server: the group page (links renewed and revoked, sessions scheduled), an
 * automated accessibility check (axe-core) of the home, group and board pages, and
 * no request to any host other than the server's.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGroupInUi, launchBrowser, openJoinLink, screenshot } from './support/browser.ts'
import { type ServerProcess, serverProcess } from './support/serverProcess.ts'

/** Serious and critical axe violations, one line each, for a readable failure. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** Every request a page makes, from now on. */
function recordRequests(page: Page): string[] {
  const urls: string[] = []
  page.on('request', (request) => urls.push(request.url()))
  return urls
}

describe('home, group page, accessibility, no outside request', () => {
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

  it('lets the facilitator renew, revoke and schedule from the group page; every page passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    page.on('dialog', (dialog) => void dialog.accept())
    const requests = recordRequests(page)
    await page.goto(server.url)
    expect(await seriousViolations(page), 'home').toEqual([])
    const links = await createGroupInUi(page, ['Alice', 'Bob', 'Chloé', 'David'])
    expect(await seriousViolations(page), 'home with links').toEqual([])

    await page.getByRole('button', { name: 'Page du groupe' }).click()
    await page.locator('[data-testid="group-page"]').waitFor()
    await expect.poll(() => page.locator('[data-testid="member"]').count()).toBe(5)
    expect(await page.locator('[data-testid="session"]').count()).toBe(1)
    expect(await page.locator('[data-testid="not-yet-client"]').textContent()).toContain(
      'Alice, Bob, Chloé, David',
    )

    // Renew Bob's link: a new one to copy, the old one stops working.
    await page.getByRole('button', { name: 'Renouveler le lien : Bob' }).click()
    const bobRow = page.locator('[data-testid="member"][data-member="Bob"]')
    const newLink = await bobRow.locator('[data-testid="new-link"]').inputValue()
    expect(newLink).toMatch(/\/join\/[\w.-]+$/)
    expect(newLink).not.toBe(links.Bob)
    const old = await (await browser.newContext()).newPage()
    await old.goto(links.Bob!)
    await expect.poll(() => old.getByRole('heading').textContent()).toBe('Lien révoqué')
    const bob = await openJoinLink(browser, newLink)
    expect(new URL(bob.url()).pathname).toMatch(/^\/s\//)

    // Revoke Chloé's link.
    await page.getByRole('button', { name: 'Révoquer le lien : Chloé' }).click()
    await expect
      .poll(() =>
        page
          .locator('[data-testid="member"][data-member="Chloé"] [data-testid="link-status"]')
          .textContent(),
      )
      .toBe('Lien révoqué')

    // Schedule the next session.
    await page.getByLabel('Date de la prochaine séance').fill('2030-01-17T18:30')
    await page.getByRole('button', { name: 'Planifier la séance' }).click()
    await expect.poll(() => page.locator('[data-testid="session"]').count()).toBe(2)
    expect(await seriousViolations(page), 'group page').toEqual([])
    console.log('screenshot:', await screenshot(page, 'group-page', { fullPage: true }))

    // The board, from the group page: accessible too.
    await page.getByRole('button', { name: 'Ouvrir la séance en cours' }).click()
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor()
    await page.locator('.tl-canvas').waitFor()
    await page.locator('[data-testid="toolbar"]').waitFor()
    expect(await seriousViolations(page), 'board').toEqual([])

    // Everything came from the server itself (bundled fonts, icons, translations).
    const origin = new URL(server.url).origin
    const outside = requests.filter(
      (url) =>
        !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin,
    )
    expect(outside).toEqual([])
    expect(requests.length).toBeGreaterThan(5)
  })

  it('works from the keyboard: the toolbar and its confirmation, the guidance panel', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage()
    await page.goto(server.url)
    const links = await createGroupInUi(page, ['Alice', 'Bob'])
    const fanny = await openJoinLink(browser, links.Fanny!)
    const next = fanny.getByRole('button', { name: 'Étape suivante →' })
    await next.focus()
    await fanny.keyboard.press('Enter')
    const dialog = fanny.locator('[data-testid="confirm-dialog"]')
    await dialog.waitFor()
    // Escape cancels; the step does not change.
    await fanny.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await fanny.locator('[data-testid="current-step"]').textContent()).toBe(
      'Étape : Accueil',
    )
    await next.focus()
    await fanny.keyboard.press('Enter')
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Confirmer' }).focus()
    await fanny.keyboard.press('Enter')
    await expect
      .poll(() => fanny.locator('[data-testid="current-step"]').textContent())
      .toBe('Étape : Retour sur la séance précédente')
    await expect
      .poll(() => fanny.locator('[data-testid="step-announcer"]').textContent())
      .toBe('Nouvelle étape : Retour sur la séance précédente')
    // The guidance panel folds and unfolds from the keyboard.
    const summary = fanny.locator('[data-testid="guidance"] summary')
    await summary.focus()
    await fanny.keyboard.press('Enter')
    expect(await fanny.locator('[data-testid="guidance"]').getAttribute('open')).toBeNull()
    await fanny.keyboard.press('Enter')
    expect(await fanny.locator('[data-testid="guidance"]').getAttribute('open')).toBe('')

    // English, remembered after a reload.
    await fanny.getByLabel('Langue').selectOption('en')
    await fanny.getByRole('button', { name: 'Next step →' }).waitFor()
    await fanny.reload()
    await expect
      .poll(() => fanny.locator('[data-testid="current-step"]').textContent())
      .toBe('Step: Follow-up on the previous session')
    expect(await fanny.locator('html').getAttribute('lang')).toBe('en')
    expect(await fanny.locator('[data-testid="guidance"] summary').textContent()).toBe(
      'Step guide — Follow-up on the previous session',
    )
  })
})
