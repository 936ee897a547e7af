/**
 * Clarification and contract in the browser: a consultant asks, the client answers
 * that very question (the answer is linked to it); then the client puts the request
 * and the kinds of consultation wanted on the board.
 */
import { describe, expect, it } from 'vitest'
import { addStickyNote, boxOf, centreOf } from './support/board.ts'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

describe('clarification and contract', () => {
  const env = useServerAndBrowser()

  it('links the answer to its question and puts the request on the board', async () => {
    const { sessionId, tokens, memberIds } = await createGroup(env.server.url, ['Alice', 'Bob'])
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      {
        type: 'setClientAndSubject',
        clientId: memberIds.Alice,
        subject: { kind: 'preoccupation', title: 'Une préoccupation' },
      },
      { type: 'next' },
      { type: 'next' },
    ])
    const alice = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Alice}`)
    const bob = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Bob}`)
    await expect
      .poll(() => bob.getByTestId('current-step').textContent())
      .toContain('Clarification')

    const zone = centreOf(await boxOf(bob, '.zone[data-phase="clarification"]'))
    await addStickyNote(bob, zone.x, zone.y, 'Qui décide ?')
    const question = alice.locator('.tl-shape').filter({ hasText: 'Qui décide ?' })
    await question.waitFor()
    await question.click()
    await alice.getByTestId('answer').getByLabel('Votre réponse').fill('Le comité, chaque lundi')
    await alice.getByRole('button', { name: 'Ajouter la réponse' }).click()
    await expect
      .poll(() => bob.locator('.tl-shape').filter({ hasText: 'Le comité, chaque lundi' }).count())
      .toBe(1)

    await runCommands(env.server.url, sessionId, tokens.Fanny!, [{ type: 'next' }])
    const request = alice.getByTestId('contract-request')
    await request.getByLabel('Ce que vous demandez au groupe').fill('Comment me faire entendre ?')
    await request.getByLabel('Idées et pistes d’action').check()
    await request.getByLabel('Témoignages d’expérience').check()
    await request.getByRole('button', { name: 'Poser la demande sur le tableau' }).click()
    await expect
      .poll(() =>
        bob.locator('.tl-shape').filter({ hasText: 'Comment me faire entendre ?' }).count(),
      )
      .toBe(1)
    expect(await bob.getByTestId('contract-request').count()).toBe(0)
    console.log('contract:', await screenshot(bob, 'contract-request'))

    // The report links the answer to its question and carries the contract.
    const report = await fetch(`${env.server.url}/api/sessions/${sessionId}/report?format=json`, {
      headers: { authorization: `Bearer ${tokens.Bob}` },
    })
    const json = (await report.json()) as {
      questions: { question: { text: string }; answers: { text: string }[] }[]
      contract: { requests: string[]; consultationTypes: string[] }
    }
    expect(json.questions).toEqual([
      expect.objectContaining({
        question: expect.objectContaining({ text: 'Qui décide ?' }),
        answers: [expect.objectContaining({ text: 'Le comité, chaque lundi' })],
      }),
    ])
    expect(json.contract.requests).toEqual(['Comment me faire entendre ?'])
    expect(json.contract.consultationTypes.sort()).toEqual(['experience', 'ideas'])
  })
})
