/**
 * Issue 10 in the browser, feature by feature: the group's rules accepted on
 * joining, the duties (timekeeper, co-facilitator with delegation), the turns to
 * speak; then in the consultation the secretary writing for a consultant, the
 * client's signals, the living contract, the request to make a contribution
 * precise, and the client's choice of the report's audience.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addStickyNote, boxOf, centreOf } from './support/board.ts'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

const LONG = { timeout: 20_000 }
const text = (page: Page, testId: string) => page.getByTestId(testId).textContent()

describe('turns, duties and the group rules', () => {
  const env = useServerAndBrowser()

  it('rules accepted on joining, a timekeeper and a delegated co-facilitator, a circle and a queue', async () => {
    const names = ['Alice', 'Bob', 'Chloé', 'David']
    const { sessionId, tokens, memberIds } = await createGroup(env.server.url, names)
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      {
        type: 'setClientAndSubject',
        clientId: memberIds.Alice,
        subject: { kind: 'probleme', title: 'Un problème' },
      },
      { type: 'next' },
      { type: 'next' },
    ])
    const open = (name: string) =>
      openJoinLink(env.browser, `${env.server.url}/join/${tokens[name]}`)
    const fanny = await open('Fanny')
    const alice = await open('Alice')
    const bob = await open('Bob')
    const chloe = await open('Chloé')
    const david = await open('David')

    // The rules are shown on joining; the facilitator sees who accepted them.
    const rules = bob.getByTestId('rules')
    await expect.poll(() => rules.textContent(), LONG).toContain('Confidentialité')
    await rules.getByRole('button', { name: 'J’accepte les règles' }).click()
    await expect.poll(() => rules.count(), LONG).toBe(0)
    await fanny.getByTestId('rules').getByRole('button', { name: 'J’accepte les règles' }).click()
    await expect.poll(() => text(fanny, 'rules-accepted'), LONG).toMatch(/2 \/ 5.*Bob/)

    // Duties: Chloé keeps the time, David co-facilitates.
    await fanny.getByRole('button', { name: 'Rôles et sujet' }).click()
    const duties = fanny.getByTestId('duties')
    await duties.getByLabel('Gardien du temps').selectOption({ label: 'Chloé' })
    await duties.getByLabel('Co-animateur numérique').selectOption({ label: 'David' })
    await expect.poll(() => text(bob, 'duties-line'), LONG).toContain('Gardien du temps : Chloé')
    expect(
      await fanny.getByTestId('roles-panel').getByTestId('rules-cell').first().textContent(),
    ).toBe('—')

    // The timekeeper gets the timer's controls, and only those.
    const chloeTools = chloe.getByTestId('toolbar')
    await chloeTools.getByRole('button', { name: 'Démarrer' }).click()
    await expect
      .poll(() => bob.getByTestId('step-timer').getAttribute('data-running'), LONG)
      .toBe('true')
    expect(await chloeTools.getByRole('button', { name: /Étape suivante/ }).count()).toBe(0)
    expect(await chloeTools.getByRole('button', { name: 'Rôles et sujet' }).count()).toBe(0)

    // The co-facilitator moves the steps only while the facilitator delegates them.
    expect(await david.getByRole('button', { name: /Étape suivante/ }).count()).toBe(0)
    // Checked by the session state: the box follows once the server has applied the command.
    const delegation = duties.getByLabel('Le co-animateur peut changer d’étape')
    await delegation.click()
    await expect.poll(() => delegation.isChecked(), LONG).toBe(true)
    await david.getByRole('button', { name: /Étape suivante/ }).waitFor(LONG)
    expect(await david.getByRole('button', { name: 'Démarrer' }).count()).toBe(0)
    await delegation.click()
    await expect.poll(() => delegation.isChecked(), LONG).toBe(false)
    await expect
      .poll(() => david.getByRole('button', { name: /Étape suivante/ }).count(), LONG)
      .toBe(0)
    await fanny.getByRole('button', { name: 'Rôles et sujet' }).click()

    // Bob asks a question; the circle of consultants starts with him.
    const zone = centreOf(await boxOf(bob, '.zone[data-phase="clarification"]'))
    await addStickyNote(bob, zone.x, zone.y, 'Qui décide ?')
    await alice.locator('.tl-shape').filter({ hasText: 'Qui décide ?' }).waitFor(LONG)
    expect(await bob.getByTestId('turns').count()).toBe(0)
    await fanny.getByTestId('turns').getByRole('button', { name: 'Tour de table' }).click()
    for (const page of [alice, bob, chloe, david, fanny]) {
      await expect.poll(() => text(page, 'turns-speaker'), LONG).toContain('Parole à : Bob')
    }
    expect(await text(alice, 'turns-next')).toBe('Ensuite : Chloé')
    await expect
      .poll(() => alice.locator('.avatar[data-speaking]').getAttribute('data-member'), LONG)
      .toBe('Bob')
    await expect.poll(() => alice.getByTestId('speaker-ring').count(), LONG).toBe(1)
    // The speaker's cursor is marked for the others.
    await bob.mouse.move(zone.x + 40, zone.y + 60)
    await expect
      .poll(() => alice.locator('.speaker-cursor .tl-nametag').allTextContents(), LONG)
      .toContain('🎤 Bob')
    console.log('turns:', await screenshot(alice, 'turns-circle'))
    // Only the speaker and the facilitator pass the turn.
    expect(
      await chloe.getByTestId('turns').getByRole('button', { name: 'Passer la parole' }).count(),
    ).toBe(0)
    await bob.getByTestId('turns').getByRole('button', { name: 'J’ai terminé' }).click()
    await expect.poll(() => text(alice, 'turns-speaker'), LONG).toBe('Parole à : Chloé')
    await expect.poll(() => alice.getByTestId('speaker-ring').count(), LONG).toBe(0)
    await fanny.getByTestId('turns').getByRole('button', { name: 'Passer la parole' }).click()
    await expect.poll(() => text(alice, 'turns-speaker'), LONG).toBe('Parole à : David')
    await fanny.getByTestId('turns').getByRole('button', { name: 'Terminer le tour' }).click()
    await expect.poll(() => alice.getByTestId('turns').count(), LONG).toBe(0)

    // A queue: hands raised in order, a hand lowered before speaking.
    await fanny.getByTestId('turns').getByRole('button', { name: 'File des mains levées' }).click()
    await expect.poll(() => text(bob, 'turns-speaker'), LONG).toContain('Personne n’a la parole')
    await chloe.getByRole('button', { name: /Lever la main/ }).click()
    await expect.poll(() => text(bob, 'turns-speaker'), LONG).toBe('Parole à : Chloé')
    await david.getByRole('button', { name: /Lever la main/ }).click()
    await expect.poll(() => text(bob, 'turns-next'), LONG).toBe('Ensuite : David')
    await david.getByRole('button', { name: 'Baisser la main' }).click()
    await expect.poll(() => bob.getByTestId('turns-next').count(), LONG).toBe(0)
    expect(await fanny.getByRole('button', { name: /Lever la main/ }).count()).toBe(0)
    for (const page of [fanny, alice, bob, chloe, david]) await page.context().close()
  }, 300_000)

  it('the secretary, the client’s signals, the living contract, a contribution to make precise, the report’s audience', async () => {
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
        subject: { kind: 'projet', title: 'Un projet' },
      },
      { type: 'next' },
      { type: 'next' },
      { type: 'next' },
      { type: 'assignDuty', duty: 'secretary', memberId: memberIds.Bob },
    ])
    const open = (name: string) =>
      openJoinLink(env.browser, `${env.server.url}/join/${tokens[name]}`)
    const fanny = await open('Fanny')
    const alice = await open('Alice')
    const bob = await open('Bob')
    const chloe = await open('Chloé')

    // The contract, then the client re-opens it during the consultation.
    const putRequest = async (request: string) => {
      const form = alice.getByTestId('contract-request')
      await form.getByLabel('Ce que vous demandez au groupe').fill(request)
      await form.getByLabel('Idées et pistes d’action').check()
      await form.getByRole('button', { name: 'Poser la demande sur le tableau' }).click()
      await bob.locator('.tl-shape').filter({ hasText: request }).first().waitFor(LONG)
    }
    await putRequest('Comment lancer le projet ?')
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [{ type: 'next', override: true }])
    await expect
      .poll(() => text(bob, 'contract-current'), LONG)
      .toContain('Comment lancer le projet ?')
    await putRequest('Comment trouver un premier allié ?')
    await expect
      .poll(() => text(chloe, 'contract-current'), LONG)
      .toMatch(/Contrat rouvert.*premier allié/)
    expect(await text(chloe, 'contract-previous')).toContain('Comment lancer le projet ?')

    // The secretary writes Chloé's idea; the note says who said it and who wrote it.
    const secretary = bob.getByTestId('secretary')
    await secretary.getByLabel('Écrire pour').selectOption({ label: 'Chloé' })
    await secretary.getByLabel('Type de contribution').selectOption({ label: 'idées' })
    await secretary.getByLabel('Ce qu’il ou elle dit').fill('Un café avec la direction')
    await secretary.getByRole('button', { name: 'Ajouter au tableau' }).click()
    await alice.locator('.tl-shape').filter({ hasText: 'Un café avec la direction' }).waitFor(LONG)
    await expect
      .poll(() => text(alice, 'note-attribution'), LONG)
      .toBe('Dit par Chloé · écrit par Bob')
    expect(await chloe.getByTestId('secretary').count()).toBe(0)

    // The client asks to make it precise: Chloé, who said it, sees the request.
    await alice.locator('.tl-shape').filter({ hasText: 'Un café avec la direction' }).click()
    await alice.getByTestId('triage').getByRole('button', { name: 'À préciser' }).click()
    await expect
      .poll(() => text(chloe, 'clarify-requests'), LONG)
      .toContain('Un café avec la direction')
    expect(await text(bob, 'clarify-requests')).toBe('')

    // The client signals discomfort: the facilitator sees it at once, dismisses it, keeps it.
    const signals = alice.getByTestId('signals')
    expect(await bob.getByTestId('signals').count()).toBe(0)
    await signals.getByRole('button', { name: 'Inconfort' }).click()
    await expect
      .poll(() => text(fanny, 'signal-alert'), LONG)
      .toMatch(/Inconfort.*signalé par le client \(\d\d:\d\d\)/)
    console.log('signal:', await screenshot(fanny, 'client-signal'))
    await fanny.getByTestId('signal-alert').getByRole('button', { name: 'Vu' }).click()
    expect(await text(fanny, 'signal-alert')).toBe('')
    await signals.getByRole('button', { name: 'Recentrer' }).click()
    await expect.poll(() => text(fanny, 'signal-alert'), LONG).toContain('Recentrer')
    expect(await fanny.getByTestId('signals-history').locator('li').count()).toBe(2)

    // Closing: the client keeps the report to herself.
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'next' },
      { type: 'next' },
    ])
    const clientOnly = alice.getByTestId('report-audience').getByLabel('Moi seulement')
    await clientOnly.click()
    await expect.poll(() => clientOnly.isChecked(), LONG).toBe(true)
    const reportFor = (name: string) =>
      fetch(`${env.server.url}/api/sessions/${sessionId}/report?format=json`, {
        headers: { authorization: `Bearer ${tokens[name]}` },
      })
    await expect.poll(async () => (await reportFor('Bob')).status, LONG).toBe(403)
    const report = (await (await reportFor('Alice')).json()) as {
      contributions: Record<string, { text: string; author: string }[]>
      contract: { requests: string[] }
    }
    expect(report.contributions.idea).toEqual([
      expect.objectContaining({ text: 'Un café avec la direction', author: 'Chloé' }),
    ])
    expect([...report.contract.requests].sort()).toEqual([
      'Comment lancer le projet ?',
      'Comment trouver un premier allié ?',
    ])
    expect(await bob.getByTestId('report-audience').count()).toBe(0)
  }, 300_000)
})
