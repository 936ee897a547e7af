/**
 * The client's triage, not a vote: during the consultation only the client sorts
 * the consultants' contributions; everyone sees the sort on the board.
 */
import { describe, expect, it } from 'vitest'
import { addStickyNote, boxOf, centreOf } from './support/board.ts'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

describe("the client's triage", () => {
  const env = useServerAndBrowser()

  it('is offered to the client alone, shown to everyone, and leads to the action plan', async () => {
    const { sessionId, tokens, memberIds } = await createGroup(env.server.url, ['Alice', 'Bob'])
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
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
    const alice = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Alice}`)
    const bob = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Bob}`)
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

    // Synthèse: the client builds the action plan; it is on the board and in the report.
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [{ type: 'next' }])
    const synthesis = alice.getByTestId('synthesis')
    await synthesis.getByLabel('Action').fill('Proposer un binôme à Karim')
    await synthesis.getByLabel('Premier pas').fill('Lui en parler jeudi')
    await synthesis.getByLabel('Échéance').fill('2026-12-15')
    await synthesis
      .getByLabel('À quoi verrez-vous que c’est réussi ?')
      .fill('Un premier binôme tenu')
    await synthesis.getByRole('button', { name: 'Ajouter l’action au plan' }).click()
    await expect
      .poll(() =>
        bob.locator('.tl-shape').filter({ hasText: 'Proposer un binôme à Karim' }).count(),
      )
      .toBe(1)
    expect(await bob.getByTestId('synthesis').count()).toBe(0)
    const report = await fetch(`${env.server.url}/api/sessions/${sessionId}/report?format=json`, {
      headers: { authorization: `Bearer ${tokens.Bob}` },
    })
    const { actions } = (await report.json()) as { actions: unknown[] }
    expect(actions).toEqual([
      expect.objectContaining({
        what: 'Proposer un binôme à Karim',
        firstStep: 'Lui en parler jeudi',
        dueDate: '2026-12-15',
        successIndicator: 'Un premier binôme tenu',
      }),
    ])
    console.log('action plan:', await screenshot(alice, 'synthesis-action'))
  })
})
