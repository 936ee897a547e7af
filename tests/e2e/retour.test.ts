/**
 * Retour sur la séance précédente: the action plan of a session comes back in the
 * next session's retour zone, and a member records where each action stands.
 */
import { zoneOf } from '@codev/domain'
import { drawableNoteProps } from '@codev/server/testing'
import { describe, expect, it } from 'vitest'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands, writeRecord } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

describe('the retour', () => {
  const env = useServerAndBrowser()

  it("brings the previous plan back and records each action's follow-up", async () => {
    const { sessionId, tokens, memberIds } = await createGroup(env.server.url, ['Alice', 'Bob'])
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      {
        type: 'setClientAndSubject',
        clientId: memberIds.Alice,
        subject: { kind: 'projet', title: 'Un projet' },
      },
      ...Array.from({ length: 3 }, () => ({ type: 'next' })),
      { type: 'next', override: true },
      { type: 'next' },
    ])
    const synthese = zoneOf('synthese')
    await writeRecord(env.server.url, sessionId, tokens.Alice!, {
      id: 'shape:action1',
      typeName: 'shape',
      type: 'note',
      x: synthese.x + 60,
      y: synthese.y + 140,
      rotation: 0,
      index: 'a1',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      props: drawableNoteProps('Parler au directeur'),
      meta: {
        author: memberIds.Alice,
        role: 'client',
        phase: 'synthese',
        kind: 'action',
        action: {
          what: 'Parler au directeur',
          firstStep: 'Prendre rendez-vous',
          successIndicator: 'Rendez-vous fixé',
        },
      },
    })
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [{ type: 'close' }])

    const scheduled = await fetch(
      `${env.server.url}/api/groups/${await groupIdOf(tokens.Fanny!)}/sessions`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.Fanny}`, 'content-type': 'application/json' },
        body: JSON.stringify({ scheduledAt: Date.now() + 60_000 }),
      },
    )
    const next = (await scheduled.json()) as { id: string }
    await runCommands(env.server.url, next.id, tokens.Fanny!, [{ type: 'next' }])

    const alice = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Alice}`)
    const bob = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Bob}`)
    await expect.poll(() => alice.getByTestId('current-step').textContent()).toContain('Retour')
    const card = alice.locator('.tl-shape').filter({ hasText: 'Parler au directeur' })
    await card.waitFor()
    await card.click()
    const panel = alice.getByTestId('followup')
    await panel.getByLabel('En cours').check()
    await panel
      .getByLabel('Ce qui s’est passé, ce que vous en avez appris')
      .fill('Rendez-vous demandé')
    await panel.getByRole('button', { name: 'Ajouter le suivi' }).click()
    await expect
      .poll(
        () =>
          bob.locator('.tl-shape').filter({ hasText: 'En cours — Rendez-vous demandé' }).count(),
        {
          timeout: 10_000,
        },
      )
      .toBe(1)
    expect(await bob.getByTestId('refusal-notice').textContent()).toBe('')
    console.log('retour:', await screenshot(bob, 'retour-followup'))
  })

  async function groupIdOf(token: string): Promise<string> {
    const me = await fetch(`${env.server.url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
    return ((await me.json()) as { group: { id: string } }).group.id
  }
})
