/**
 * Silent writing in the browser: consultants write alone in their drafts, the
 * others see only counts, and at the reveal every draft appears on the board.
 */
import { describe, expect, it } from 'vitest'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

describe('silent writing', () => {
  const env = useServerAndBrowser()

  it('keeps drafts private until the facilitator reveals them', async () => {
    const { sessionId, tokens, memberIds } = await createGroup(env.server.url, [
      'Alice',
      'Bob',
      'Chloé',
    ])
    const fanny = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Fanny}`)
    const bob = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Bob}`)
    const chloe = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Chloé}`)

    // To the clarification, with Alice as client.
    const subject = { kind: 'probleme', title: 'Prendre la parole en comité' }
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      { type: 'setClientAndSubject', clientId: memberIds.Alice, subject },
      { type: 'next' },
      { type: 'next' },
    ])
    await expect
      .poll(() => bob.getByTestId('current-step').textContent())
      .toContain('Clarification')
    expect(await bob.getByTestId('drafts').count()).toBe(0)

    await fanny.getByRole('button', { name: 'Écriture silencieuse' }).click()
    await bob.getByTestId('drafts').waitFor()
    await bob.getByLabel('Votre note').fill('Depuis quand ce comité existe-t-il ?')
    await bob.getByRole('button', { name: 'Ajouter à mes brouillons' }).click()
    await expect.poll(() => fanny.getByTestId('draft-counts').textContent()).toContain('Bob : 1')
    await expect.poll(() => chloe.getByTestId('draft-counts').textContent()).toContain('Bob : 1')
    expect(await chloe.getByText('Depuis quand ce comité existe-t-il ?').count()).toBe(0)
    console.log('drafts:', await screenshot(chloe, 'silent-writing-counts'))

    await fanny.getByRole('button', { name: 'Dévoiler les notes' }).click()
    for (const page of [fanny, chloe, bob]) {
      await expect
        .poll(
          () =>
            page.locator('.tl-canvas').getByText('Depuis quand ce comité existe-t-il ?').count(),
          {
            timeout: 10_000,
          },
        )
        .toBeGreaterThan(0)
    }
    console.log('revealed:', await screenshot(chloe, 'silent-writing-revealed'))
  })
})
