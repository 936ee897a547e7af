/**
 * A whole codev session played through the UI only: a facilitator, a client and
 * three consultants in five browser contexts, from the retour to the closing, each
 * step's outcome checked, ending with the downloaded report.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addStickyNote, boxOf, centreOf, confirmStep } from './support/board.ts'
import { ARTIFACTS_DIR, createGroupInUi, openJoinLink, screenshot } from './support/browser.ts'
import { useServerAndBrowser } from './support/serverAndBrowser.ts'

describe('a whole session through the UI', () => {
  const env = useServerAndBrowser()

  it('plays every step, from the retour to the report', async () => {
    const home = await (await env.browser.newContext()).newPage()
    await home.goto(env.server.url)
    const links = await createGroupInUi(home, ['Alice', 'Bob', 'Chloé', 'David'])
    const p: Record<string, Page> = {}
    for (const name of ['Fanny', 'Alice', 'Bob', 'Chloé', 'David']) {
      p[name] = await openJoinLink(env.browser, links[name]!)
    }
    const fanny = p.Fanny!
    const alice = p.Alice!
    const started = Date.now()
    const next = (step: string) => {
      // Where the time goes, step by step (the test runs under the README's test command).
      console.log(`whole session: ${step} at ${Math.round((Date.now() - started) / 1000)} s`)
      return confirmStep(fanny, 'Étape suivante →', new RegExp(`${step}`), 'Confirmer')
    }
    const onBoard = (page: Page, text: string) =>
      expect
        .poll(() => page.locator('.tl-shape').filter({ hasText: text }).count(), {
          timeout: 10_000,
        })
        .toBeGreaterThan(0)
    /** A sticky note in the zone, `dx` screen pixels from its centre (apart from others). */
    const write = async (page: Page, phase: string, text: string, dx = 0) => {
      const spot = centreOf(await boxOf(page, `.zone[data-phase="${phase}"]`))
      await addStickyNote(page, spot.x + dx, spot.y, text)
    }

    // Welcome, then the retour (skipped: the group's first session).
    await next('Retour')
    await fanny.getByRole('button', { name: 'Passer cette étape' }).click()
    await fanny.getByTestId('confirm-dialog').getByRole('button', { name: 'Confirmer' }).click()

    // Choix du sujet: Alice proposes, the others put dots, Fanny confirms client and subject.
    const choice = alice.getByTestId('subject-choice')
    await choice.getByLabel('Titre du sujet').fill('Dire non à mon directeur')
    await choice.getByRole('button', { name: 'Proposer ce sujet' }).click()
    for (const name of ['Bob', 'Chloé']) {
      const page = p[name]!
      const proposal = page.locator('.tl-shape').filter({ hasText: 'Dire non à mon directeur' })
      await proposal.waitFor()
      await proposal.click()
      await page.getByRole('button', { name: 'Placer une gommette sur ce sujet' }).click()
    }
    await expect
      .poll(() => fanny.getByTestId('vote-results').textContent())
      .toContain('Dire non à mon directeur — 2')
    await fanny.getByRole('button', { name: 'Rôles et sujet' }).click()
    const roles = fanny.locator('[data-testid="roles-panel"]')
    await roles.getByLabel('Client de la séance').selectOption({ label: 'Alice' })
    await roles.getByLabel('Titre du sujet').fill('Dire non à mon directeur')
    await roles.getByRole('button', { name: 'Confirmer le client et le sujet' }).click()
    await expect.poll(() => alice.getByTestId('my-role').textContent()).toContain('Client')
    await fanny.keyboard.press('Escape')
    await next('Exposé')

    // Exposé: the client writes the key points, the facilitator scribes one for her; consultants listen.
    await write(alice, 'expose', 'Trois refus en un mois')
    await onBoard(p.David!, 'Trois refus en un mois')
    await p.David!.getByTestId('guidance-listen').waitFor()
    const scribe = fanny.getByTestId('scribe')
    // The client comes first among the members the facilitator may write for.
    expect(await scribe.getByLabel('Au nom de').locator('option:checked').textContent()).toBe(
      'Alice',
    )
    await scribe.getByLabel('Ce que le membre dit').fill('Mon directeur décide seul')
    await scribe.getByRole('button', { name: 'Poser la note en son nom' }).click()
    await onBoard(p.David!, 'Mon directeur décide seul')
    await expect
      .poll(() => p.David!.getByTestId('note-attribution').allTextContents())
      .toContain('Dit par Alice · écrit par Fanny')
    await next('Clarification')

    // Clarification: Bob and Chloé ask; Alice answers each, reached from the unanswered list.
    await write(p.Bob!, 'clarification', 'Que dit votre contrat ?')
    await write(p.Chloé!, 'clarification', 'Depuis quand ?', -200)
    const unanswered = fanny.getByTestId('unanswered-count')
    await expect.poll(() => unanswered.getAttribute('data-count')).toBe('2')
    for (const [asked, answer] of [
      ['Que dit votre contrat ?', 'Rien de précis'],
      ['Depuis quand ?', 'Depuis la réorganisation'],
    ] as const) {
      await alice.getByTestId('unanswered-list').getByRole('button', { name: asked }).click()
      await alice.getByTestId('answer').getByLabel('Votre réponse').fill(answer)
      await alice.getByRole('button', { name: 'Ajouter la réponse' }).click()
      await onBoard(p.Chloé!, answer)
    }
    await expect.poll(() => unanswered.getAttribute('data-count')).toBe('0')
    expect(await unanswered.textContent()).toBe('Toutes les questions ont une réponse.')
    await expect
      .poll(() => p.David!.locator('[data-testid="question-mark"][data-answered="true"]').count())
      .toBe(2)
    console.log('questions answered:', await screenshot(p.David!, 'whole-session-questions'))
    await next('Contrat')

    // Contrat: the request, then each consultant confirms; no override needed.
    const request = alice.getByTestId('contract-request')
    await request.getByLabel('Ce que vous demandez au groupe').fill('Comment refuser sans casser ?')
    await request.getByLabel('Idées et pistes d’action').check()
    await request.getByRole('button', { name: 'Poser la demande sur le tableau' }).click()
    for (const name of ['Bob', 'Chloé', 'David']) {
      await p[name]!.getByRole('button', { name: 'Le contrat est clair pour moi' }).click()
    }
    await expect.poll(() => fanny.getByTestId('contract-count').textContent()).toContain('3 / 3')
    await next('Consultation')

    // Consultation: Chloé picks a kind the contract asked for; David's note is an idea; Alice keeps it.
    const picker = p.Chloé!.getByTestId('kind-picker')
    await expect.poll(() => picker.getByRole('radio').count()).toBe(2) // idea, suggestion
    await picker.getByRole('radio', { name: 'Suggestion' }).check()
    await write(p.Chloé!, 'consultation', 'Lister vos marges de manœuvre', -200)
    await expect
      .poll(() => alice.locator('[data-testid="kind-badge"][data-kind="suggestion"]').count())
      .toBe(1)
    console.log('kind picker:', await screenshot(p.Chloé!, 'whole-session-kind-picker'))
    await write(p.David!, 'consultation', 'Proposer une alternative')
    const idea = alice.locator('.tl-shape').filter({ hasText: 'Proposer une alternative' })
    await idea.waitFor()
    await idea.click()
    await alice.getByTestId('triage').getByRole('button', { name: 'Je retiens' }).click()
    await expect
      .poll(() => p.Bob!.getByTestId('triage-badge').textContent())
      .toContain('Je retiens')
    await next('Synthèse')

    // Synthèse: the kept idea (still selected) becomes an action.
    const synthesis = alice.getByTestId('synthesis')
    await synthesis.getByLabel('Action').fill('Proposer deux options au directeur')
    await synthesis.getByLabel('Premier pas').fill('Préparer les options')
    await synthesis.getByLabel('Échéance').fill('2026-12-20')
    await synthesis.getByLabel('À quoi verrez-vous que c’est réussi ?').fill('Une option choisie')
    await synthesis.getByRole('button', { name: 'Ajouter l’action au plan' }).click()
    await onBoard(fanny, 'Proposer deux options au directeur')
    // Bob's learning of the day, from the form, in his part of the zone.
    const learning = p.Bob!.getByTestId('learning')
    await learning.getByLabel('Ce que j’apprends aujourd’hui').fill('Les questions ouvertes aident')
    await learning.getByRole('button', { name: 'Poser mon apprentissage' }).click()
    await onBoard(fanny, 'Les questions ouvertes aident')
    await next('Apprentissage')

    // Apprentissage & régulation: learnings on the board, evaluations in private.
    await write(p.Chloé!, 'apprentissage', 'Reformuler avant de proposer')
    for (const name of ['Alice', 'Bob']) {
      const page = p[name]!
      await page.getByRole('group', { name: 'Appréciation' }).getByLabel('5').check()
      await page.getByLabel('Comment avez-vous vécu la séance ?').fill(`Merci de ${name}`)
      await page.getByRole('button', { name: 'Envoyer mon évaluation' }).click()
    }
    await expect.poll(() => fanny.getByTestId('evaluation-summary').textContent()).toContain('2')
    const regulation = fanny.getByTestId('regulation')
    await regulation
      .getByLabel('Régulation décidée pour la prochaine séance')
      .fill('Tenir le temps de l’exposé')
    await regulation.getByRole('button', { name: 'Poser la régulation' }).click()
    await onBoard(alice, 'Tenir le temps de l’exposé')
    await next('Clôture')

    // Closing: the report holds each step's outcome.
    const download = alice.waitForEvent('download')
    await alice.getByRole('button', { name: 'Télécharger le compte rendu' }).click()
    const file = path.join(ARTIFACTS_DIR, 'whole-session-report.md')
    await (await download).saveAs(file)
    const report = readFileSync(file, 'utf8')
    for (const expected of [
      'Dire non à mon directeur',
      'Que dit votre contrat ?',
      'Rien de précis',
      'Depuis la réorganisation',
      'Mon directeur décide seul — Alice',
      'Comment refuser sans casser ?',
      '### Suggestions\n\n- Lister vos marges de manœuvre — Chloé',
      'Les questions ouvertes aident — Bob',
      '## Régulation pour la prochaine fois\n\n- Tenir le temps de l’exposé — Fanny',
      'Proposer une alternative',
      'Proposer deux options au directeur',
      '2026-12-20',
      'Reformuler avant de proposer',
      'Merci de Alice — anonyme',
    ]) {
      expect(report, expected).toContain(expected)
    }
    console.log('whole session report:', file, await screenshot(fanny, 'whole-session-closing'))

    // Printed to PDF from the board's print view, and the PDF as PNG pages to look at.
    await alice.evaluate(() => {
      window.print = () => {} // headless Chromium has no print dialog: page.pdf() prints
    })
    await alice.getByRole('button', { name: 'Imprimer / PDF' }).click()
    await alice.locator('[data-testid="report-print"]').waitFor({ state: 'attached' })
    await alice.emulateMedia({ media: 'print' })
    const pdf = path.join(ARTIFACTS_DIR, 'whole-session-report.pdf')
    await alice.pdf({ path: pdf, format: 'A4' })
    const pages = path.join(ARTIFACTS_DIR, 'whole-session-report-page')
    execFileSync('pdftoppm', ['-png', '-r', '80', pdf, pages])
    const pngs = readdirSync(ARTIFACTS_DIR).filter((f) => f.startsWith('whole-session-report-page'))
    expect(pngs.length).toBeGreaterThan(0)
    console.log('whole session report PDF:', pdf, 'pages:', pngs.join(', '))

    // The group page shows the cycle: this session's client and subject.
    await home.getByRole('button', { name: 'Page du groupe' }).click()
    await expect
      .poll(() => home.getByTestId('session-subject').first().textContent())
      .toBe('Alice — Dire non à mon directeur')
    console.log('group page:', await screenshot(home, 'whole-session-group-page'))
  }, 420_000) // about a minute alone; more than four under a load average of 38 on 2 cores
})
