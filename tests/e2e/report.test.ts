/**
 * The session report at closing: downloaded as Markdown and printed to PDF from the
 * board, confidential to the group. The session is driven to closing by the
 * facilitator's commands over a real connection; the reading is done in the browser.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS_DIR, openJoinLink, screenshot } from './support/browser.ts'
import { runCommands } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

describe('the session report', () => {
  const env = useServerAndBrowser()

  it('confirms the contract, gathers evaluations anonymously, then gives the report as Markdown and PDF', async () => {
    const { sessionId, tokens, memberIds } = await createGroup(env.server.url, ['Alice', 'Bob'])
    const subject = { kind: 'probleme', title: 'Déléguer sans tout reprendre' }
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      { type: 'setClientAndSubject', clientId: memberIds.Alice, subject },
      ...Array.from({ length: 3 }, () => ({ type: 'next' })),
    ])

    // Contrat: each consultant confirms in the board; then the step moves on without override.
    const contractPanel = async (token: string) => {
      const page = await openJoinLink(env.browser, `${env.server.url}/join/${token}`)
      await page.locator('[data-testid="contract"]').waitFor()
      return page
    }
    for (const name of ['Bob', 'Fanny'] as const) {
      const page = await contractPanel(tokens[name]!)
      if (name === 'Bob') {
        await page.getByRole('button', { name: 'Le contrat est clair pour moi' }).click()
        await page.getByText('Vous avez confirmé le contrat.').waitFor()
      } else {
        await expect
          .poll(() => page.locator('[data-testid="contract-count"]').textContent())
          .toContain('1 / 1 (Bob)')
      }
      await page.context().close()
    }
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      ...Array.from({ length: 2 }, () => ({ type: 'next' })),
    ])

    // Apprentissage & régulation: each evaluates in private; the facilitator sees the aggregate.
    const fanny = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Fanny}`)
    const alice = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Alice}`)
    const bob = await openJoinLink(env.browser, `${env.server.url}/join/${tokens.Bob}`)
    await alice.getByRole('group', { name: 'Appréciation' }).getByLabel('4').check()
    await alice.getByLabel('Comment avez-vous vécu la séance ?').fill('Trop long')
    await alice.getByRole('button', { name: 'Envoyer mon évaluation' }).click()
    await bob.getByRole('group', { name: 'Appréciation' }).getByLabel('2').check()
    await bob.getByLabel('Comment avez-vous vécu la séance ?').fill('Merci à tous')
    await bob.getByLabel('Signer mon évaluation (sinon elle reste anonyme)').check()
    await bob.getByRole('button', { name: 'Envoyer mon évaluation' }).click()
    const summary = fanny.locator('[data-testid="evaluation-summary"]')
    await expect
      .poll(() => summary.textContent(), { timeout: 10_000 })
      .toMatch(/Trop long — anonyme.*Merci à tous — Bob|Merci à tous — Bob.*Trop long — anonyme/)
    expect(await summary.textContent()).toContain('3.0')
    console.log('evaluation summary:', await screenshot(fanny, 'evaluation-summary'))
    await runCommands(env.server.url, sessionId, tokens.Fanny!, [{ type: 'next' }])

    await bob.getByRole('button', { name: 'Télécharger le compte rendu' }).waitFor()
    const download = bob.waitForEvent('download')
    await bob.getByRole('button', { name: 'Télécharger le compte rendu' }).click()
    const file = path.join(ARTIFACTS_DIR, 'report.md')
    await (await download).saveAs(file)
    const markdown = readFileSync(file, 'utf8')
    expect(markdown).toContain('Confidentiel')
    expect(markdown).toContain('Déléguer sans tout reprendre')
    expect(markdown).toContain('Trop long — anonyme')
    expect(markdown).toContain('Merci à tous — Bob')
    console.log('report:', file)

    // Headless Chromium has no print dialog: page.pdf() below prints instead.
    await bob.evaluate(() => {
      window.print = () => {}
    })
    await bob.getByRole('button', { name: 'Imprimer / PDF' }).click()
    await bob.locator('[data-testid="report-print"]').waitFor({ state: 'attached' })
    await bob.emulateMedia({ media: 'print' })
    await expect
      .poll(() => bob.locator('[data-testid="report-print"]').textContent())
      .toContain('Déléguer sans tout reprendre')
    const pdf = path.join(ARTIFACTS_DIR, 'report.pdf')
    await bob.pdf({ path: pdf, format: 'A4' })
    console.log('report PDF:', pdf, 'print view:', await screenshot(bob, 'report-print'))
  })
})
