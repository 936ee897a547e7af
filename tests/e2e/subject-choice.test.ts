/**
 * Choix du sujet in the browser: members propose subjects and place their dots;
 * everyone sees the results.
 */
import { describe, expect, it } from 'vitest'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

describe('choosing the subject', () => {
  const env = useServerAndBrowser()

  it('takes proposals and dots, and shows the results to all', async () => {
    const { sessionId, tokens } = await createGroup(env.server.url, ['Alice', 'Bob'])
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      { type: 'setDots', dots: 2 },
    ])
    const alice = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Alice}`)
    const bob = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Bob}`)
    const fanny = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Fanny}`)

    for (const [page, title] of [
      [alice, 'Recadrer un collaborateur'],
      [bob, 'Lancer un projet transverse'],
    ] as const) {
      const panel = page.getByTestId('subject-choice')
      await panel.getByLabel('Titre du sujet').fill(title)
      await panel.getByRole('button', { name: 'Proposer ce sujet' }).click()
    }
    const aliceProposal = bob.locator('.tl-shape').filter({ hasText: 'Recadrer un collaborateur' })
    await aliceProposal.waitFor()
    await aliceProposal.click()
    const vote = bob.getByRole('button', { name: 'Placer une gommette sur ce sujet' })
    await vote.click()
    await expect.poll(() => bob.getByTestId('my-dots').textContent()).toContain('1')
    await vote.click()
    await expect.poll(() => bob.getByTestId('my-dots').textContent()).toContain('0')
    expect(await vote.isDisabled()).toBe(true)
    await bob.getByRole('button', { name: 'Retirer ma gommette' }).click()
    await expect.poll(() => bob.getByTestId('my-dots').textContent()).toContain('1')

    await expect
      .poll(() => fanny.getByTestId('vote-results').textContent(), { timeout: 10_000 })
      .toMatch(/Recadrer un collaborateur — 1.*Lancer un projet transverse — 0/)
    expect(await fanny.getByTestId('my-dots').count()).toBe(0)
    // The facilitator could only scribe a proposal for someone: no form offered.
    expect(await fanny.getByRole('button', { name: 'Proposer ce sujet' }).count()).toBe(0)
    console.log('subject choice:', await screenshot(fanny, 'subject-choice'))
  })
})
