/**
 * Two consultations in one meeting, through the UI: the facilitator opens the
 * second consultation from the first board (another client, another subject), the
 * members' boards offer the way to it at once, it starts at the exposé, and the
 * group page lists both consultations.
 */
import { describe, expect, it } from 'vitest'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

describe('two consultations in one meeting', () => {
  const env = useServerAndBrowser()

  it('opens the second consultation from the first board, and everyone can move to it', async () => {
    const { sessionId, tokens, memberIds } = await createGroup(env.server.url, [
      'Alice',
      'Bob',
      'Chloé',
    ])
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      {
        type: 'setClientAndSubject',
        clientId: memberIds.Alice,
        subject: { kind: 'projet', title: 'Lancer une équipe' },
      },
    ])
    const fanny = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Fanny}`)
    const bob = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Bob}`)
    const meeting = fanny.getByTestId('meeting')
    await expect
      .poll(() => meeting.locator('h2').textContent())
      .toBe('Première consultation de la rencontre')
    // Only the facilitator is offered to open it; a member sees nothing yet.
    expect(await bob.getByTestId('meeting').count()).toBe(0)
    await meeting.getByLabel('Client de la seconde consultation').selectOption({ label: 'Bob' })
    await meeting.getByLabel('Nature du sujet').selectOption({ label: 'Problème' })
    await meeting.getByLabel('Sujet', { exact: true }).fill('Un conflit dans l’équipe')
    await meeting.getByRole('button', { name: 'Ouvrir la seconde consultation' }).click()

    const link = bob.getByRole('link', { name: 'Aller à la seconde consultation' })
    await link.waitFor({ timeout: 15_000 })
    await link.click()
    await bob.waitForURL((url) => url.pathname !== `/s/${sessionId}`)
    await bob.locator('[data-testid="connection-state"][data-state="connected"]').waitFor()
    await expect
      .poll(() => bob.getByTestId('current-step').textContent(), { timeout: 15_000 })
      .toContain('Exposé')
    await expect
      .poll(() => bob.getByTestId('meeting').locator('h2').textContent())
      .toBe('Seconde consultation de la rencontre')
    expect(
      await bob.getByRole('link', { name: 'Revenir à la première consultation' }).count(),
    ).toBe(1)
    console.log('second consultation:', await screenshot(bob, 'second-consultation'))

    const me = await fetch(`${env.server.url}/api/me`, {
      headers: { authorization: `Bearer ${tokens.Fanny}` },
    })
    const groupId = ((await me.json()) as { group: { id: string } }).group.id
    await fanny.goto(`${env.server.url}/?group=${groupId}`)
    const sessions = fanny.getByTestId('session')
    await expect.poll(() => sessions.count()).toBe(2)
    expect(await sessions.nth(1).getAttribute('data-consultation')).toBe('2')
    expect(await sessions.nth(1).textContent()).toContain('seconde consultation')
    expect(await sessions.nth(1).textContent()).toContain('Bob — Un conflit dans l’équipe')
    expect(await sessions.nth(0).textContent()).toContain('Alice — Lancer une équipe')
  })
})
