/**
 * Issue 10's meeting, through the UI on a real server: two consultations (Alice's,
 * then Bob's) with a secretary (Chloé) and a timekeeper (David). It covers the
 * group's rules, the turn order in the clarification, the contract re-opened in
 * the consultation, the secretary writing for a consultant, the client's triage
 * feeding the action plan, two reports, and each client's learnings in their
 * journal.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addStickyNote, boxOf, centreOf } from './support/board.ts'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

const LONG = { timeout: 30_000 }
const text = (page: Page, testId: string) => page.getByTestId(testId).textContent()
const step = (page: Page, title: string) =>
  expect.poll(() => text(page, 'current-step'), LONG).toContain(title)

interface Report {
  client: string
  contract: { requests: string[] }
  contributions: Record<string, { text: string; author: string }[]>
  actions: { what: string }[]
}

describe('a meeting of two consultations', () => {
  const env = useServerAndBrowser()

  it('with a secretary and a timekeeper: turns, a re-opened contract, triage, two reports, journals', async () => {
    const { sessionId, tokens, memberIds } = await createGroup(env.server.url, [
      'Alice',
      'Bob',
      'Chloé',
      'David',
    ])
    const url = env.server.url
    const fannyCommands = (id: string, commands: object[]) =>
      runCommands(url, id, tokens.Fanny!, commands)
    await fannyCommands(sessionId, [
      { type: 'next' },
      { type: 'skip' },
      {
        type: 'setClientAndSubject',
        clientId: memberIds.Alice,
        subject: { kind: 'projet', title: 'Lancer le projet' },
      },
      { type: 'next' },
    ])
    const pages: Record<string, Page> = {}
    for (const name of ['Fanny', 'Alice', 'Bob', 'Chloé', 'David']) {
      pages[name] = await openJoinLink(env.browser, `${url}/join/${tokens[name]}`)
    }
    const {
      Fanny: fanny,
      Alice: alice,
      Bob: bob,
      Chloé: chloe,
      David: david,
    } = pages as Record<'Fanny' | 'Alice' | 'Bob' | 'Chloé' | 'David', Page>

    // Everyone accepts the group's rules; the facilitator names the duties.
    for (const page of Object.values(pages)) {
      await page.getByRole('button', { name: 'J’accepte les règles' }).click()
    }
    await expect.poll(() => text(fanny, 'rules-accepted'), LONG).toContain('5 / 5')
    await fanny.getByRole('button', { name: 'Rôles et sujet' }).click()
    await fanny.getByTestId('duties').getByLabel('Secrétaire').selectOption({ label: 'Chloé' })
    await fanny
      .getByTestId('duties')
      .getByLabel('Gardien du temps')
      .selectOption({ label: 'David' })
    await fanny.getByRole('button', { name: 'Rôles et sujet' }).click()
    await expect.poll(() => text(alice, 'duties-line'), LONG).toContain('Gardien du temps : David')

    // The timekeeper runs the exposé's timer.
    await step(david, 'Exposé')
    await david.getByTestId('toolbar').getByRole('button', { name: 'Démarrer' }).click()
    await expect
      .poll(() => alice.getByTestId('step-timer').getAttribute('data-running'), LONG)
      .toBe('true')

    // Clarification in turn: the circle of consultants, each handing over.
    await fannyCommands(sessionId, [{ type: 'next' }])
    await step(fanny, 'Clarification')
    await fanny.getByTestId('turns').getByRole('button', { name: 'Tour de table' }).click()
    await expect.poll(() => text(alice, 'turns-speaker'), LONG).toBe('Parole à : Bob')
    expect(await text(alice, 'turns-next')).toBe('Ensuite : Chloé')
    const clarification = centreOf(await boxOf(bob, '.zone[data-phase="clarification"]'))
    await addStickyNote(bob, clarification.x, clarification.y, 'Qui décide ?')
    await bob.getByRole('button', { name: 'J’ai terminé' }).click()
    await expect.poll(() => text(alice, 'turns-speaker'), LONG).toBe('Parole à : Chloé')
    await chloe.getByRole('button', { name: 'J’ai terminé' }).click()
    await expect.poll(() => text(alice, 'turns-speaker'), LONG).toBe('Parole à : David')
    await fanny.getByTestId('turns').getByRole('button', { name: 'Passer la parole' }).click()
    await expect.poll(() => text(alice, 'turns-speaker'), LONG).toBe('Le tour est terminé.')
    console.log('turns:', await screenshot(alice, 'meeting-turns'))

    // The contract, re-opened during the consultation.
    const putRequest = async (request: string) => {
      const form = alice.getByTestId('contract-request')
      await form.getByLabel('Ce que vous demandez au groupe').fill(request)
      await form.getByLabel('Idées et pistes d’action').check()
      await form.getByRole('button', { name: 'Poser la demande sur le tableau' }).click()
      await bob.locator('.tl-shape').filter({ hasText: request }).first().waitFor(LONG)
    }
    await fannyCommands(sessionId, [{ type: 'next' }])
    await step(alice, 'Contrat')
    await putRequest('Comment lancer le projet ?')
    await fannyCommands(sessionId, [{ type: 'next', override: true }])
    await step(alice, 'Consultation')
    await putRequest('Comment trouver un premier allié ?')
    await expect
      .poll(() => text(david, 'contract-current'), LONG)
      .toMatch(/Contrat rouvert.*premier allié/)
    expect(await text(david, 'contract-previous')).toContain('Comment lancer le projet ?')

    // The secretary writes David's idea so Alice can listen; Alice keeps it.
    const secretary = chloe.getByTestId('secretary')
    await secretary.getByLabel('Écrire pour').selectOption({ label: 'David' })
    await secretary.getByLabel('Type de contribution').selectOption({ label: 'idées' })
    await secretary.getByLabel('Ce qu’il ou elle dit').fill('Un café avec la direction')
    await secretary.getByRole('button', { name: 'Ajouter au tableau' }).click()
    const idea = alice.locator('.tl-shape').filter({ hasText: 'Un café avec la direction' })
    await idea.waitFor(LONG)
    await expect
      .poll(() => text(bob, 'note-attribution'), LONG)
      .toBe('Dit par David · écrit par Chloé')
    await idea.click()
    await alice.getByTestId('triage').getByRole('button', { name: 'Je retiens' }).click()
    await expect.poll(() => text(bob, 'triage-badge'), LONG).toContain('Je retiens')
    expect(await bob.getByTestId('triage').count()).toBe(0)

    // Synthèse: the kept idea becomes an action.
    await fannyCommands(sessionId, [{ type: 'next' }])
    await step(alice, 'Synthèse')
    // The idea Alice kept is still selected: the action links to it.
    const synthesis = alice.getByTestId('synthesis')
    await synthesis.getByLabel('Action').fill('Inviter la direction à un café')
    await synthesis.getByRole('button', { name: 'Ajouter l’action au plan' }).click()
    await bob.locator('.tl-shape').filter({ hasText: 'Inviter la direction' }).waitFor(LONG)

    // Apprentissage: Alice notes a learning; then the closing.
    await fannyCommands(sessionId, [{ type: 'next' }])
    await step(alice, 'Apprentissage')
    const learning = centreOf(await boxOf(alice, '.zone[data-phase="apprentissage"]'))
    await addStickyNote(alice, learning.x, learning.y, 'Demander de l’aide tôt')
    await bob.locator('.tl-shape').filter({ hasText: 'Demander de l’aide tôt' }).waitFor(LONG)
    await fannyCommands(sessionId, [{ type: 'next' }])
    await step(alice, 'Clôture')
    // The whole group receives Alice's report (her choice, left as it is).
    expect(
      await alice.getByTestId('report-audience').getByLabel('Tout le groupe').isChecked(),
    ).toBe(true)

    // The second consultation of the meeting: Bob's.
    const started = await fetch(`${url}/api/sessions/${sessionId}/second-consultation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.Fanny}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: memberIds.Bob,
        subject: { kind: 'probleme', title: 'Un conflit dans l’équipe' },
      }),
    })
    expect(started.status).toBe(201)
    const secondId = ((await started.json()) as { id: string }).id
    await fannyCommands(sessionId, [{ type: 'close' }])
    for (const page of Object.values(pages)) await page.goto(`${url}/s/${secondId}`)
    await step(bob, 'Exposé')
    expect(await text(bob, 'my-role')).toContain('Client')
    // The opening round is shared: rules and duties carry over.
    expect(await bob.getByTestId('rules').count()).toBe(0)
    await expect.poll(() => text(alice, 'duties-line'), LONG).toContain('Secrétaire : Chloé')

    await fannyCommands(secondId, [{ type: 'next' }, { type: 'next' }])
    await step(bob, 'Contrat')
    const request = bob.getByTestId('contract-request')
    await request.getByLabel('Ce que vous demandez au groupe').fill('Comment apaiser l’équipe ?')
    await request.getByLabel('Idées et pistes d’action').check()
    await request.getByRole('button', { name: 'Poser la demande sur le tableau' }).click()
    await alice.locator('.tl-shape').filter({ hasText: 'Comment apaiser' }).waitFor(LONG)
    await fannyCommands(secondId, [{ type: 'next', override: true }])
    await step(chloe, 'Consultation')
    await chloe.getByTestId('secretary').getByLabel('Écrire pour').selectOption({ label: 'Alice' })
    await chloe
      .getByTestId('secretary')
      .getByLabel('Type de contribution')
      .selectOption({ label: 'idées' })
    await chloe.getByTestId('secretary').getByLabel('Ce qu’il ou elle dit').fill('Un tour de météo')
    await chloe.getByTestId('secretary').getByRole('button', { name: 'Ajouter au tableau' }).click()
    const second = bob.locator('.tl-shape').filter({ hasText: 'Un tour de météo' })
    await second.waitFor(LONG)
    await second.click()
    await bob.getByTestId('triage').getByRole('button', { name: 'Je retiens' }).click()
    await expect.poll(() => text(alice, 'triage-badge'), LONG).toContain('Je retiens')
    await fannyCommands(secondId, [{ type: 'next' }, { type: 'next' }])
    await step(bob, 'Apprentissage')
    const secondLearning = centreOf(await boxOf(bob, '.zone[data-phase="apprentissage"]'))
    await addStickyNote(bob, secondLearning.x, secondLearning.y, 'Nommer les tensions')
    await alice.locator('.tl-shape').filter({ hasText: 'Nommer les tensions' }).waitFor(LONG)
    await fannyCommands(secondId, [{ type: 'next' }, { type: 'close' }])
    await expect.poll(() => bob.getByTestId('session-closed').count(), LONG).toBe(1)
    console.log('second consultation:', await screenshot(bob, 'meeting-second'))

    // Two reports, each with its own contract, contributions and plan.
    const reportOf = async (id: string, name: string) => {
      const response = await fetch(`${url}/api/sessions/${id}/report?format=json`, {
        headers: { authorization: `Bearer ${tokens[name]}` },
      })
      expect(response.status).toBe(200)
      return (await response.json()) as Report
    }
    const first = await reportOf(sessionId, 'David')
    expect(first.client).toBe('Alice')
    expect([...first.contract.requests].sort()).toEqual([
      'Comment lancer le projet ?',
      'Comment trouver un premier allié ?',
    ])
    expect(first.contributions.idea).toEqual([
      expect.objectContaining({
        text: 'Un café avec la direction',
        author: 'David',
        writtenBy: 'Chloé',
      }),
    ])
    expect(first.actions).toEqual([
      expect.objectContaining({ what: 'Inviter la direction à un café' }),
    ])
    const secondReport = await reportOf(secondId, 'Chloé')
    expect(secondReport.client).toBe('Bob')
    expect(secondReport.contract.requests).toEqual(['Comment apaiser l’équipe ?'])
    expect(secondReport.contributions.idea).toEqual([
      expect.objectContaining({ text: 'Un tour de météo', author: 'Alice' }),
    ])

    // Each client's learning is in their journal, from the right consultation.
    const session = (await (
      await fetch(`${url}/api/sessions/${sessionId}`, {
        headers: { authorization: `Bearer ${tokens.Alice}` },
      })
    ).json()) as { groupId: string }
    const journalOf = async (name: string) =>
      (await (
        await fetch(`${url}/api/groups/${session.groupId}/journal`, {
          headers: { authorization: `Bearer ${tokens[name]}` },
        })
      ).json()) as { learnings: { sessionId: string; text: string }[] }
    expect((await journalOf('Alice')).learnings).toEqual([
      expect.objectContaining({ sessionId, text: 'Demander de l’aide tôt' }),
    ])
    expect((await journalOf('Bob')).learnings).toEqual([
      expect.objectContaining({ sessionId: secondId, text: 'Nommer les tensions' }),
    ])
  }, 600_000)
})
