/**
 * A whole session driven through the UI by five people in five browser contexts,
 * against the real server: the facilitator creates the group, assigns the client
 * and subject, and moves through every step with the toolbar. In each step every
 * person's board offers exactly what the permission matrix allows, a note dropped
 * outside the open zone lands in it (never elsewhere, for anyone), and the header
 * shows the same step and timer to all. Screenshots go to tests/artifacts.
 */
import {
  allowedKindsFor,
  type Command,
  initialSessionState,
  type MemberId,
  PHASE_IDS,
  PHASES,
  type PhaseId,
  type RoleId,
  type SessionState,
  transition,
} from '@codev/domain'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultNoteKind } from '../../apps/web/src/board/methodRules.ts'
import {
  addStickyNote,
  boxOf,
  canvasIsWritable,
  centreOf,
  confirmStep,
  contains,
  intersect,
  stepText,
} from './support/board.ts'
import {
  ARTIFACTS_DIR,
  createGroupInUi,
  launchBrowser,
  openJoinLink,
  screenshot,
} from './support/browser.ts'
import { createGroup } from './support/groups.ts'
import { type ServerProcess, serverProcess } from './support/serverProcess.ts'

const ROLES: Record<string, RoleId> = {
  Fanny: 'facilitator',
  Alice: 'client',
  Bob: 'consultant',
  Chloé: 'consultant',
  David: 'consultant',
}

/** A state with the test's roles at a phase, to ask the domain what each role may do. */
function stateAt(phase: PhaseId): SessionState {
  const state = initialSessionState({
    sessionId: 's',
    facilitatorId: 'Fanny' as MemberId,
    members: Object.keys(ROLES).map((name) => ({ id: name as MemberId })),
    firstSessionOfGroup: true,
    now: 0,
  })
  return { ...state, roles: { ...ROLES }, clientId: 'Alice' as MemberId, phase }
}

function expectedFor(name: string, phase: PhaseId) {
  const actor = { memberId: name as MemberId, role: ROLES[name]! }
  const state = stateAt(phase)
  return { kinds: allowedKindsFor(actor, state), noteKind: defaultNoteKind(actor, state) }
}

/** Whether the domain accepts a facilitator's command at a phase (the toolbar must agree). */
function accepts(phase: PhaseId, command: Command): boolean {
  const facilitator = { memberId: 'Fanny' as MemberId, role: 'facilitator' as const }
  const state = { ...stateAt(phase), subject: { kind: 'projet' as const, title: 't' } }
  return transition(state, command, facilitator, 0).ok
}

const notes = (page: Page) => page.locator('.tl-shape[data-shape-type="note"]')

/** A point on the canvas inside a zone that is not the current step's, if one is in view. */
async function pointOutsideCurrentZone(page: Page, current: PhaseId) {
  const canvas = await boxOf(page, '.board-canvas')
  // Keep clear of tldraw's menus and toolbars at the edges.
  const safe = {
    x: canvas.x + 80,
    y: canvas.y + 80,
    width: canvas.width - 300,
    height: canvas.height - 200,
  }
  for (const phase of PHASE_IDS) {
    if (phase === current) continue
    const zone = page.locator(`.zone[data-phase="${phase}"]`)
    const box = await zone.boundingBox()
    const visible = box && intersect(box, safe)
    if (visible && visible.width > 60 && visible.height > 60)
      return { phase, point: centreOf(visible) }
  }
  return null
}

describe('a session through every step, five people, the toolbar', () => {
  let server: ServerProcess
  let browser: Browser

  beforeAll(async () => {
    server = await serverProcess()
    await server.start()
    browser = await launchBrowser()
    console.log('screenshots folder:', ARTIFACTS_DIR)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('offers each role exactly what the matrix allows, step by step, the same header for all', async () => {
    const home = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage()
    await home.goto(server.url)
    await screenshot(home, 'home')
    const links = await createGroupInUi(home, ['Alice', 'Bob', 'Chloé', 'David'])
    await screenshot(home, 'home-links')
    expect(Object.keys(links).sort()).toEqual(Object.keys(ROLES).sort())

    const pages: Record<string, Page> = {}
    await Promise.all(
      Object.keys(ROLES).map(async (name) => {
        pages[name] = await openJoinLink(browser, links[name]!)
      }),
    )
    const everyone = Object.entries(pages)
    const fanny = pages.Fanny!

    // Only the facilitator has the toolbar.
    expect(await fanny.locator('[data-testid="toolbar"]').count()).toBe(1)
    for (const name of ['Alice', 'Bob', 'Chloé', 'David']) {
      expect(await pages[name]!.locator('[data-testid="toolbar"]').count()).toBe(0)
    }

    // Everyone is seen, with a role.
    await expect
      .poll(() => pages.Bob!.locator('[data-testid="participants"] li').count(), {
        timeout: 10_000,
      })
      .toBe(5)

    // The facilitator names the client and the subject.
    await fanny.getByRole('button', { name: 'Rôles et sujet' }).click()
    const panel = fanny.locator('[data-testid="roles-panel"]')
    await panel.getByLabel('Client de la séance').selectOption({ label: 'Alice' })
    await panel.getByLabel('Type de sujet').selectOption('projet')
    await panel.getByLabel('Titre du sujet').fill('Lancer une équipe à distance')
    await panel.getByRole('button', { name: 'Confirmer le client et le sujet' }).click()
    await expect
      .poll(() => pages.Alice!.locator('[data-testid="my-role"]').textContent())
      .toContain('Client')
    await expect
      .poll(() => panel.locator('[data-testid="subject"]').textContent())
      .toContain('Lancer une équipe à distance')
    await screenshot(fanny, 'board-roles-panel')
    await fanny.keyboard.press('Escape')
    await fanny.getByRole('button', { name: 'Rôles et sujet' }).click()
    await expect.poll(() => panel.count()).toBe(0)

    // The timer: start, one more minute, pause; the same for all five.
    await fanny.getByRole('button', { name: 'Démarrer' }).click()
    await fanny.getByRole('button', { name: 'Pause' }).waitFor()
    await fanny.getByRole('button', { name: '+1 min' }).click()
    await fanny.getByRole('button', { name: 'Pause' }).click()
    await fanny.getByRole('button', { name: 'Démarrer' }).waitFor()
    await expect
      .poll(async () => new Set(await Promise.all(everyone.map(([, p]) => timerText(p)))).size)
      .toBe(1)
    expect(await timerText(fanny)).toMatch(/^Minuteur de l’étape : [56]:\d\d restant/)

    const started = performance.now()
    const timings: string[] = []
    for (const [index, phase] of PHASE_IDS.entries()) {
      const title = PHASES[phase].title.fr
      timings.push(`${phase} ${Math.round(performance.now() - started)} ms`)
      // The same step and timer in every header.
      for (const [, page] of everyone) {
        await expect.poll(() => stepText(page), { timeout: 10_000 }).toBe(`Étape : ${title}`)
      }
      await expect
        .poll(async () => new Set(await Promise.all(everyone.map(([, p]) => timerText(p)))).size)
        .toBe(1)

      // Each person is offered exactly what the matrix gives their role now.
      for (const [name, page] of everyone) {
        const { kinds } = expectedFor(name, phase)
        await expect
          .poll(() => canvasIsWritable(page), { message: `${name} in ${phase}` })
          .toBe(kinds.length > 0)
        const may = page.locator('[data-testid="guidance-may"]')
        if (kinds.length === 0) expect(await may.count(), `${name} in ${phase}`).toBe(0)
        else expect(await may.textContent(), `${name} in ${phase}`).toMatch(/^Vous pouvez écrire/)
      }

      // Someone whose voice this step gives writes a note, dropped outside the open
      // zone: it lands inside the open zone, for everyone.
      const writer =
        ['Alice', 'Bob', 'Chloé', 'David', 'Fanny'].find(
          (name) => expectedFor(name, phase).noteKind !== null,
        ) ?? null
      const silent = ['Bob', 'Alice'].find((name) => expectedFor(name, phase).kinds.length === 0)
      if (silent) {
        // A person with no voice now cannot put a note anywhere.
        const page = pages[silent]!
        const before = await notes(page).count()
        const zone = centreOf(await boxOf(page, '.zone-current'))
        await page.mouse.click(zone.x, zone.y)
        await page.keyboard.press('n')
        await page.mouse.click(zone.x, zone.y)
        expect(await page.locator('[contenteditable="true"]:focus').count()).toBe(0)
        expect(await notes(page).count()).toBe(before)
      }
      if (writer) {
        const page = pages[writer]!
        const text = `Note de ${writer} (${phase})`
        const outside = await pointOutsideCurrentZone(page, phase)
        const target = outside?.point ?? centreOf(await boxOf(page, '.zone-current'))
        await addStickyNote(page, target.x, target.y, text)
        for (const [name, other] of everyone) {
          const note = other.locator('.tl-shape[data-shape-type="note"]', { hasText: text })
          await expect.poll(() => note.count(), { timeout: 10_000, message: name }).toBe(1)
          // Inside the open zone (clamped), never in the zone it was dropped on.
          const zone = await boxOf(other, '.zone-current')
          const box = await note.boundingBox()
          if (box)
            expect(contains(zone, centreOf(box)), `${name} sees ${text} in the zone`).toBe(true)
        }
      }

      await screenshot(fanny, `board-${String(index).padStart(2, '0')}-${phase}`)

      if (phase === 'expose') {
        // Bob looks elsewhere; "everyone here" brings his view back to the step.
        const bob = pages.Bob!
        const canvas = await boxOf(bob, '.board-canvas')
        await bob.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2)
        await bob.mouse.wheel(2500, 1500)
        await expect
          .poll(async () => contains(canvas, centreOf(await boxOf(bob, '.zone-current'))))
          .toBe(false)
        await fanny.getByRole('button', { name: 'Tous ici' }).click()
        await expect
          .poll(async () => contains(canvas, centreOf(await boxOf(bob, '.zone-current'))), {
            timeout: 10_000,
          })
          .toBe(true)
      }

      // The toolbar offers previous and skip exactly where the domain accepts them.
      expect(await fanny.getByRole('button', { name: '← Étape précédente' }).count(), phase).toBe(
        accepts(phase, { type: 'back' }) ? 1 : 0,
      )
      expect(await fanny.getByRole('button', { name: 'Passer cette étape' }).count(), phase).toBe(
        accepts(phase, { type: 'skip' }) ? 1 : 0,
      )

      if (phase === 'consultation') {
        // "Follow me": the others' views follow the facilitator's until she stops.
        await fanny.getByRole('button', { name: 'Suivez-moi' }).click()
        for (const name of ['Alice', 'Bob']) {
          await expect
            .poll(() => pages[name]!.locator('[data-testid="following"]').count(), {
              timeout: 10_000,
            })
            .toBe(1)
          await expect.poll(() => pages[name]!.locator('.tlui-following-indicator').count()).toBe(1)
        }
        await fanny.getByRole('button', { name: 'Arrêter « suivez-moi »' }).click()
        await expect
          .poll(() => pages.Bob!.locator('.tlui-following-indicator').count(), { timeout: 10_000 })
          .toBe(0)
        expect(await pages.Bob!.locator('[data-testid="following"]').count()).toBe(0)
      }

      const next = PHASE_IDS[index + 1]
      if (!next) break
      if (phase === 'contrat') {
        // Nobody confirmed the contract: moving on is asked as an explicit override.
        await confirmStep(
          fanny,
          'Étape suivante →',
          new RegExp(`n’ont pas encore confirmé le contrat.*${PHASES[next].title.fr}`),
          'Passer quand même',
        )
      } else {
        await confirmStep(
          fanny,
          'Étape suivante →',
          new RegExp(`^Passer à l’étape ${PHASES[next].title.fr} \\?$`),
          'Confirmer',
        )
      }
    }

    console.log('each step reached at:', timings.join(', '))

    // Closing: nobody may write any more; every header says so.
    await confirmStep(fanny, 'Clore la séance', /^Clore la séance \?/, 'Clore la séance')
    for (const [name, page] of everyone) {
      await expect
        .poll(() => page.locator('[data-testid="session-closed"]').count(), { message: name })
        .toBe(1)
      await expect.poll(() => canvasIsWritable(page), { message: name }).toBe(false)
    }
    expect(await fanny.locator('[data-testid="toolbar"]').count()).toBe(0)
    await screenshot(fanny, 'board-11-closed')
    await screenshot(pages.Bob!, 'board-11-closed-consultant')
  }, 240_000) // about a minute alone; room for a machine shared with other test runs

  it('says when the connection is lost and back, and sends a note written offline', async () => {
    const group = await createGroup(server.url, ['Alice', 'Bob'])
    const fanny = await openJoinLink(browser, `${server.url}/join/${group.tokens.Fanny}`)
    const alice = await openJoinLink(browser, `${server.url}/join/${group.tokens.Alice}`)
    const connection = (page: Page) => page.locator('[data-testid="connection-state"]')

    await server.stop()
    for (const page of [fanny, alice]) {
      await expect.poll(() => connection(page).getAttribute('data-state')).toBe('offline')
    }
    expect(await connection(alice).textContent()).toBe(
      'Hors ligne — vos notes seront envoyées au retour de la connexion',
    )
    const zone = centreOf(await boxOf(alice, '.zone-current'))
    await addStickyNote(alice, zone.x, zone.y, 'Écrit hors ligne')
    await screenshot(alice, 'board-offline')
    expect(await notes(fanny).filter({ hasText: 'Écrit hors ligne' }).count()).toBe(0)

    await server.start()
    for (const page of [fanny, alice]) {
      await expect
        .poll(() => connection(page).getAttribute('data-state'), { timeout: 20_000 })
        .toBe('connected')
    }
    await expect
      .poll(() => notes(fanny).filter({ hasText: 'Écrit hors ligne' }).count(), { timeout: 10_000 })
      .toBe(1)
  })
})

async function timerText(page: Page): Promise<string> {
  return (await page.locator('[data-testid="step-timer"]').textContent()) ?? ''
}
