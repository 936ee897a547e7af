/**
 * The notebook in the browser: what Alice writes in hers is never shown to Bob
 * and never even reaches his browser (not in his page, not in a WebSocket frame
 * he receives, while a board note of hers does), and it survives a reload. During
 * the exposé the consultants are told to listen, with their notebook at hand.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addStickyNote, boxOf, centreOf } from './support/board.ts'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

async function writeInNotebook(page: Page, text: string) {
  const notebook = page.getByTestId('notebook')
  if ((await notebook.getAttribute('open')) === null) {
    await notebook.locator('summary').click()
  }
  await notebook.getByLabel('Nouvelle note personnelle').fill(text)
  await notebook.getByRole('button', { name: 'Ajouter à mon carnet' }).click()
}

const entriesOf = (page: Page) => page.getByTestId('notebook-entries').textContent()

describe('the notebook', () => {
  const env = useServerAndBrowser()

  it('keeps a member’s notes in their browser alone, across a reload', async () => {
    const { sessionId, tokens, memberIds } = await createGroup(env.server.url, ['Alice', 'Bob'])
    const alice = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Alice}`)
    // Bob's browser: every WebSocket frame it receives, from the first.
    const bobContext = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const bob = await bobContext.newPage()
    const received: Buffer[] = []
    bob.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => received.push(Buffer.from(payload))),
    )
    await bob.goto(`${env.server.url}/join/${tokens.Bob}`)
    await bob.locator('[data-testid="connection-state"][data-state="connected"]').waitFor()
    await bob.locator('.tl-canvas').waitFor()

    const secret = 'Penser à relancer Karim sur le budget'
    await writeInNotebook(alice, secret)
    await expect.poll(() => entriesOf(alice)).toContain(secret)
    // A board note of Alice's does reach Bob, frames and all: the capture works.
    const spot = centreOf(await boxOf(alice, '.zone[data-phase="welcome"]'))
    await addStickyNote(alice, spot.x, spot.y, 'Bonjour à tous')
    await expect
      .poll(() => bob.locator('.tl-shape').filter({ hasText: 'Bonjour à tous' }).count(), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0)
    const receivedText = () => Buffer.concat(received).toString('utf8')
    expect(receivedText()).toContain('Bonjour à tous')
    expect(receivedText()).not.toContain(secret)
    expect(await bob.content()).not.toContain(secret)
    await bob.getByTestId('notebook').locator('summary').click()
    expect(await entriesOf(bob)).not.toContain(secret)

    // Still Alice's after a reload: it is stored by the server, for her.
    await alice.reload()
    await alice.locator('[data-testid="connection-state"][data-state="connected"]').waitFor()
    await alice.getByTestId('notebook').locator('summary').click()
    await expect.poll(() => entriesOf(alice), { timeout: 15_000 }).toContain(secret)

    // The exposé: Bob, a consultant, is told to listen, and writes in his notebook meanwhile.
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      {
        type: 'setClientAndSubject',
        clientId: memberIds.Alice,
        subject: { kind: 'probleme', title: 'Un budget' },
      },
      { type: 'next' },
    ])
    await bob.getByTestId('guidance-listen').waitFor({ timeout: 15_000 })
    expect(await bob.getByTestId('notebook').getAttribute('open')).not.toBeNull()
    await writeInNotebook(bob, 'Elle parle surtout de Karim')
    await expect.poll(() => entriesOf(bob)).toContain('Elle parle surtout de Karim')
    await expect.poll(() => entriesOf(alice)).not.toContain('Elle parle surtout de Karim')
    expect(receivedText()).not.toContain(secret)
    console.log('notebook during the exposé:', await screenshot(bob, 'notebook-expose'))
  }, 120_000)
})
