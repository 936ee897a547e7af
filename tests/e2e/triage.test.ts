/**
 * The client's triage, not a vote: during the consultation only the client sorts
 * the consultants' contributions; everyone sees the sort on the board.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addStickyNote, boxOf, centreOf } from './support/board.ts'
import { launchBrowser, openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { type ServerProcess, serverProcess } from './support/serverProcess.ts'

describe("the client's triage", () => {
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

  it('is offered to the client alone and shown to everyone', async () => {
    const { sessionId, tokens, memberIds } = await createGroup(server.url, ['Alice', 'Bob'])
    await runCommands(server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      {
        type: 'setClientAndSubject',
        clientId: memberIds.Alice,
        subject: { kind: 'projet', title: 'Un projet' },
      },
      { type: 'next' },
      { type: 'next' },
      { type: 'next' },
      { type: 'next', override: true },
    ])
    const alice = await openJoinLink(browser, `${server.url}/join/${tokens.Alice}`)
    const bob = await openJoinLink(browser, `${server.url}/join/${tokens.Bob}`)
    await expect.poll(() => bob.getByTestId('current-step').textContent()).toContain('Consultation')

    const zone = centreOf(await boxOf(bob, '.zone[data-phase="consultation"]'))
    await addStickyNote(bob, zone.x, zone.y, 'Tester un binôme')
    // Bob selects his own contribution: no triage for him.
    await bob.locator('.tl-shape').filter({ hasText: 'Tester un binôme' }).click()
    expect(await bob.getByTestId('triage').count()).toBe(0)

    const note = alice.locator('.tl-shape').filter({ hasText: 'Tester un binôme' })
    await note.waitFor()
    await note.click()
    await alice.getByTestId('triage').getByRole('button', { name: 'Je retiens' }).click()
    await alice
      .getByTestId('triage')
      .getByRole('button', { name: /Me parle/ })
      .click()
    await expect
      .poll(() => bob.getByTestId('triage-badge').textContent(), { timeout: 10_000 })
      .toMatch(/Me parle.*Je retiens/)
    console.log('triage:', await screenshot(bob, 'triage'))
  })
})
