/**
 * The facilitator's cycle summary of a seeded cycle of six sessions — the last
 * two one meeting of two consultations — seeded quickly through the API and the
 * facilitator's commands: clients, subjects, actions followed up in the next
 * retour, and the 4A evaluation averages drawn as a chart with its table. The
 * page is screenshotted for people to look at.
 */

import AxeBuilder from '@axe-core/playwright'
import {
  carriedActionId,
  DAY_MS,
  EVALUATION_ENTRY_ID,
  privateDocumentName,
  zoneOf,
} from '@codev/domain'
import { drawableNoteProps } from '@codev/server/testing'
import { HocuspocusProvider } from '@hocuspocus/provider'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openJoinLink, screenshot } from './support/browser.ts'
import { runCommands, writeRecord } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

const note = (id: string, text: string, phase: 'synthese' | 'retour', meta: object) => ({
  id,
  typeName: 'shape',
  type: 'note',
  x: zoneOf(phase).x + 60,
  y: zoneOf(phase).y + 140,
  rotation: 0,
  index: 'a1',
  parentId: 'page:page',
  isLocked: false,
  opacity: 1,
  props: drawableNoteProps(text),
  meta: { phase, ...meta },
})

/** Serious and critical axe violations of the page, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

const MEMBERS = ['Alice', 'Bob', 'Chloé', 'David', 'Emma', 'Farid']
const PLAN = [
  {
    client: 'Alice',
    subject: 'Reprendre une équipe en difficulté',
    action: 'Rencontrer chaque membre',
    scores: [3, 3, 4],
    followUp: 'done',
  },
  {
    client: 'Bob',
    subject: 'Dire non à ma direction',
    action: 'Préparer trois arguments',
    scores: [3, 4, 4],
    followUp: 'in-progress',
  },
  {
    client: 'Chloé',
    subject: 'Un projet qui s’enlise',
    action: 'Redécouper le projet',
    scores: [4, 4, 4],
    followUp: 'dropped',
  },
  {
    client: 'David',
    subject: 'Trouver du temps pour penser',
    action: 'Bloquer deux heures le lundi',
    scores: [4, 4, 5],
    followUp: 'done',
  },
  {
    client: 'Emma',
    subject: 'Un conflit entre deux collègues',
    action: 'Proposer une médiation',
    scores: [4, 5, 5],
    followUp: null,
  },
  {
    client: 'Farid',
    subject: 'Passer de pair à manager',
    action: 'Demander un mentor',
    scores: [5, 5, 4],
    followUp: null,
  },
] as const

describe('the cycle summary', () => {
  const env = useServerAndBrowser()

  it('renders six sessions, the follow-up of their actions and the evaluation trend', async () => {
    const url = env.server.url
    const { sessionId: first, tokens, memberIds } = await createGroup(url, MEMBERS)
    const fanny = tokens.Fanny!
    const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${fanny}` } })
    const groupId = ((await me.json()) as { group: { id: string } }).group.id
    const post = async (path: string, body: object) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fanny}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(response.status).toBe(201)
      return (await response.json()) as { id: string }
    }
    const toSynthese = [
      ...Array.from({ length: 3 }, () => ({ type: 'next' })),
      { type: 'next', override: true },
      { type: 'next' },
    ]

    let sessionId = first
    for (const [index, step] of PLAN.entries()) {
      const clientId = memberIds[step.client]!
      const subject = { kind: 'probleme', title: step.subject }
      if (index === 5) {
        // The sixth client is the second consultation of the fifth meeting.
        sessionId = (
          await post(`/api/sessions/${sessionId}/second-consultation`, { clientId, subject })
        ).id
        await runCommands(url, sessionId, fanny, toSynthese.slice(1))
      } else {
        if (index > 0) {
          sessionId = (
            await post(`/api/groups/${groupId}/sessions`, {
              scheduledAt: Date.now() + index * 7 * DAY_MS,
            })
          ).id
        }
        await runCommands(url, sessionId, fanny, [
          { type: 'next' },
          ...(index === 0 ? [{ type: 'skip' }] : []),
        ])
        const previous = PLAN[index - 1]
        if (previous?.followUp) {
          const by = memberIds[previous.client]!
          await writeRecord(
            url,
            sessionId,
            tokens[previous.client]!,
            note(`shape:f${index}`, 'Suivi', 'retour', {
              author: by,
              role: 'consultant',
              kind: 'followup',
              followUp: {
                actionId: carriedActionId(`shape:a${index - 1}`),
                status: previous.followUp,
                comment: 'Fait en réunion',
              },
            }),
          )
        }
        await runCommands(url, sessionId, fanny, [
          ...(index > 0 ? [{ type: 'next' }] : []),
          { type: 'setClientAndSubject', clientId, subject },
          ...toSynthese,
        ])
      }
      await writeRecord(
        url,
        sessionId,
        tokens[step.client]!,
        note(`shape:a${index}`, step.action, 'synthese', {
          author: clientId,
          role: 'client',
          kind: 'action',
          action: {
            what: step.action,
            firstStep: 'Commencer',
            successIndicator: 'Fait',
            dueDate: '2026-12-15',
          },
        }),
      )
      await runCommands(url, sessionId, fanny, [{ type: 'next' }])
      // Members evaluate with their board open: the server judges a private space by its session's state.
      const board = new HocuspocusProvider({
        url: `${url.replace('http', 'ws')}/collab`,
        name: sessionId,
        document: new Y.Doc(),
        token: fanny,
      })
      await new Promise<void>((resolve) => board.on('synced', () => resolve()))
      const raters = MEMBERS.filter((name) => name !== step.client).slice(0, 3)
      for (const [r, name] of raters.entries()) {
        await writeRecord(
          url,
          privateDocumentName(sessionId, 'evaluation', memberIds[name]!),
          tokens[name]!,
          {
            id: EVALUATION_ENTRY_ID,
            typeName: 'codev_evaluation',
            author: memberIds[name],
            evaluation: {
              anonymous: true,
              appreciation: step.scores[r],
              methodRespected: Math.min(5, step.scores[r]! + (r % 2)),
            },
          },
        )
      }
      board.destroy()
    }

    // The facilitator's browser holds their link, then opens the summary.
    const page = await openJoinLink(env.browser, `${url}/join/${fanny}`)
    await page.goto(`${url}/?group=${groupId}&view=summary`)
    await page.getByTestId('cycle-summary').waitFor()
    const rows = page.getByTestId('cycle-session')
    await expect.poll(() => rows.count()).toBe(6)
    expect(await rows.nth(5).textContent()).toContain('2e consultation')
    expect(await rows.nth(5).textContent()).toContain('Farid')
    expect(await rows.nth(0).textContent()).toContain('Reprendre une équipe en difficulté')
    expect(await page.getByTestId('cycle-totals').textContent()).toContain('6 actions')
    const actions = page.getByTestId('cycle-action')
    expect(await actions.nth(0).textContent()).toContain('faite')
    expect(await actions.nth(1).textContent()).toContain('en cours')
    expect(await actions.nth(2).textContent()).toContain('abandonnée')
    expect(await actions.nth(4).textContent()).toContain('pas encore suivie')
    const chart = page.getByTestId('trend-chart')
    expect(await chart.getAttribute('role')).toBe('img')
    await expect.poll(() => chart.locator('circle').count()).toBe(7) // six points and the legend
    const table = page.getByTestId('trend-table')
    expect(await table.locator('tbody tr').count()).toBe(6)
    expect(await table.locator('tbody tr').nth(0).textContent()).toContain('3,3')
    expect(await seriousViolations(page)).toEqual([])
    console.log('cycle summary:', await screenshot(page, 'cycle-summary', { fullPage: true }))
  })
})
