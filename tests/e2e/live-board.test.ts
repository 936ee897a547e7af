import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGroupInUi, launchBrowser, openJoinLink, screenshot } from './support/browser.ts'
import { type ServerProcess, serverProcess } from './support/serverProcess.ts'

/** Puts a sticky note at a point of the canvas and types its text, as a person would. */
async function addStickyNote(page: Page, x: number, y: number, text: string) {
  await page.mouse.click(x, y) // focus the canvas on an empty spot
  await page.keyboard.press('n')
  await page.mouse.click(x, y)
  // Type only once the note's text editor has focus, or the first letters land elsewhere.
  await page.locator('[contenteditable="true"]:focus').waitFor()
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

  it('shows a note to every member of the group, live and after a server restart', async () => {
    const home = await (await browser.newContext()).newPage()
    await home.goto(server.url)
    const links = await createGroupInUi(home, ['Alice', 'Bob'])
    expect(Object.keys(links).sort()).toEqual(['Alice', 'Bob', 'Fanny'])
    expect(links.Alice).toMatch(/\/join\/[\w.-]+$/)

    const alice = await openJoinLink(browser, links.Alice!)
    const bob = await openJoinLink(browser, links.Bob!)
    // Both links lead to the group's current session; the names come from the group.
    expect(new URL(alice.url()).pathname).toBe(new URL(bob.url()).pathname)
    const sessionUrl = alice.url()

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

    const fanny = await openJoinLink(browser, links.Fanny!)
    expect(fanny.url()).toBe(sessionUrl)
    await expect
      .poll(() => fanny.getByText('Bonjour le groupe').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
  })

  it('shows a clear page for a revoked link and for a session of another group', async () => {
    const home = await (await browser.newContext()).newPage()
    await home.goto(server.url)
    const links = await createGroupInUi(home, ['Alice', 'Bob'])
    const token = links.Bob!.split('/join/')[1]!
    const me = (await (
      await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { invitation: { id: string }; member: { groupId: string } }
    const fannyToken = links.Fanny!.split('/join/')[1]!
    const revoked = await fetch(
      `${server.url}/api/groups/${me.member.groupId}/invitations/${me.invitation.id}`,
      { method: 'DELETE', headers: { authorization: `Bearer ${fannyToken}` } },
    )
    expect(revoked.status).toBe(200)

    const page = await (await browser.newContext()).newPage()
    await page.goto(links.Bob!)
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('Lien révoqué')

    // A stranger (no link of this group) opening a session address gets an explanation.
    const alice = await openJoinLink(browser, links.Alice!)
    const stranger = await (await browser.newContext()).newPage()
    await stranger.goto(alice.url())
    await expect
      .poll(() => stranger.getByRole('heading').textContent())
      .toBe('Accès réservé au groupe')
  })

  it('shows a clear page for a session that does not exist', async () => {
    const page = await (await browser.newContext()).newPage()
    const response = await page.goto(`${server.url}/s/does-not-exist`)
    expect(response?.status()).toBe(404)
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('Séance introuvable')
  })
})
