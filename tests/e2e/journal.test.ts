/**
 * The cycle's journal through the UI: a member writes entries on their journal
 * page, shares one with the facilitator and exports the journal; another member's
 * page shows none of it; the facilitator sees the shared entry in the cycle
 * summary, and the export in the group page's log, where they also set the
 * retention period.
 */

import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot } from './support/browser.ts'
import { createGroup } from './support/groups.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

/** Serious and critical axe violations of the page, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** Opens a personal link in a new context, so the browser holds the member's token, without waiting for the board. */
async function signIn(browser: Browser, joinUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(joinUrl)
  await page.waitForURL(/\/s\/[\w-]+$/)
  return page
}

describe('the learning journal', () => {
  const env = useServerAndBrowser()

  it('keeps a member’s entries private, shares one with the facilitator, logs the export', {
    timeout: 240_000,
  }, async () => {
    const url = env.server.url
    const { tokens } = await createGroup(url, ['Alice', 'Bob'])
    const me = await fetch(`${url}/api/me`, {
      headers: { authorization: `Bearer ${tokens.Fanny}` },
    })
    const groupId = ((await me.json()) as { group: { id: string } }).group.id

    const alice = await signIn(env.browser, `${url}/join/${tokens.Alice}`)
    await alice.goto(`${url}/?group=${groupId}`)
    await alice.getByRole('button', { name: 'Mon journal' }).click()
    await alice.getByTestId('journal-page').waitFor()
    for (const text of ['Écouter jusqu’au bout', 'Oser demander de l’aide']) {
      await alice.getByRole('textbox', { name: 'Nouvelle entrée' }).fill(text)
      await alice.getByRole('button', { name: 'Ajouter l’entrée' }).click()
      await alice.getByTestId('journal-entry').filter({ hasText: text }).waitFor()
    }
    await alice.getByRole('button', { name: 'Partager : Oser demander de l’aide' }).click()
    await expect
      .poll(() =>
        alice.getByTestId('journal-entry').filter({ hasText: 'Oser demander' }).textContent(),
      )
      .toContain('partagée avec le facilitateur')
    expect(
      await alice.getByTestId('journal-entry').filter({ hasText: 'Écouter' }).textContent(),
    ).toContain('privée')
    const download = alice.waitForEvent('download')
    await alice.getByRole('button', { name: 'Exporter mon journal (Markdown)' }).click()
    expect((await download).suggestedFilename()).toBe('codev-journal.md')
    expect(await seriousViolations(alice)).toEqual([])
    console.log('journal:', await screenshot(alice, 'journal', { fullPage: true }))

    const bob = await signIn(env.browser, `${url}/join/${tokens.Bob}`)
    await bob.goto(`${url}/?group=${groupId}&view=journal`)
    await bob.getByTestId('journal-page').waitFor()
    expect(await bob.getByTestId('journal-entry').count()).toBe(0)
    expect(await bob.getByTestId('journal-page').textContent()).not.toContain('Oser demander')

    const fanny = await signIn(env.browser, `${url}/join/${tokens.Fanny}`)
    await fanny.goto(`${url}/?group=${groupId}&view=summary`)
    const shared = fanny.getByTestId('shared-journal')
    await shared.waitFor()
    expect(await shared.textContent()).toContain('Alice')
    expect(await shared.textContent()).toContain('Oser demander de l’aide')
    expect(await shared.textContent()).not.toContain('Écouter jusqu’au bout')

    await fanny.goto(`${url}/?group=${groupId}`)
    const log = fanny.getByTestId('group-log')
    await log.waitFor()
    expect(await log.locator('li[data-kind="export/journal"]').textContent()).toContain('Alice')
    await fanny.getByTestId('retention-days').fill('365')
    await fanny.getByRole('button', { name: 'Enregistrer la durée' }).click()
    await expect
      .poll(() => fanny.getByTestId('retention-status').textContent())
      .toBe('Durée de conservation enregistrée.')
    await expect.poll(() => log.locator('li[data-kind="retention/set"]').count()).toBe(1)
    console.log(
      'retention and log:',
      await screenshot(fanny, 'group-retention-log', { fullPage: true }),
    )
  })
})
