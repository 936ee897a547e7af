import { zoneOf } from '@codev/domain'
import { drawableNoteProps } from '@codev/server/testing'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Box, centreOf } from './support/board.ts'
import { createGroupInUi, launchBrowser, openJoinLink, screenshot } from './support/browser.ts'
import { readRecord, runCommands, writeRecord } from './support/commands.ts'
import { createGroup } from './support/groups.ts'
import { type ServerProcess, serverProcess } from './support/serverProcess.ts'

/** Puts a sticky note at a point of the canvas and types its text, as a person would. */
async function addStickyNote(page: Page, x: number, y: number, text: string) {
  await page.mouse.click(x, y) // focus the canvas on an empty spot
  await page.keyboard.press('n')
  await page.mouse.click(x, y)
  // Type only once the note's text editor has focus, or the first letters land elsewhere.
  await page.locator('[contenteditable="true"]:focus').waitFor()
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
}

/** Where a shape is drawn once the view has stopped moving (the board glides to the step's zone). */
async function settledBox(shape: Locator): Promise<Box> {
  const last: { box: Box | null } = { box: null }
  const stillThere = async () => {
    const box = await shape.boundingBox()
    const same = box !== null && JSON.stringify(box) === JSON.stringify(last.box)
    last.box = box
    return same
  }
  await expect.poll(stillThere, { timeout: 10_000, interval: 150 }).toBe(true)
  return last.box as Box
}

/** How far a shape moved, in widths of the shape: the same on every screen, whatever its zoom. */
function movedBy(from: Box, to: Box) {
  return { x: (to.x - from.x) / from.width, y: (to.y - from.y) / from.width }
}

/** tldraw's note is this wide on the page (scale 1). */
const NOTE_WIDTH = 200

describe('the first live board', () => {
  let server: ServerProcess
  let browser: Browser

  beforeAll(async () => {
    server = await serverProcess()
    await server.start()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('shows a note to every member of the group, live and after a server restart', async () => {
    const home = await (await browser.newContext()).newPage()
    await home.goto(server.url)
    const links = await createGroupInUi(home, ['Alice', 'Bob'])
    expect(Object.keys(links).sort()).toEqual(['Alice', 'Bob', 'Fanny'])
    expect(links.Alice).toMatch(/\/join\/[\w.-]+$/)

    const alice = await openJoinLink(browser, links.Alice!)
    const bob = await openJoinLink(browser, links.Bob!)
    // Both links lead to the group's current session; the names come from the group.
    expect(new URL(alice.url()).pathname).toBe(new URL(bob.url()).pathname)
    const sessionUrl = alice.url()

    await addStickyNote(alice, 500, 400, 'Bonjour le groupe')
    await expect
      .poll(() => bob.getByText('Bonjour le groupe').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)

    // Bob sees Alice's named cursor.
    await alice.mouse.move(650, 300)
    await expect
      .poll(() => bob.locator('.tl-nametag, .tl-collaborator__cursor-name').allTextContents(), {
        timeout: 10_000,
      })
      .toContain('Alice')
    console.log('screenshot:', await screenshot(bob, 'live-board-bob'))

    await server.stop()
    await expect
      .poll(() => alice.locator('[data-testid="connection-state"]').getAttribute('data-state'))
      .toBe('offline')
    await server.start()

    const fanny = await openJoinLink(browser, links.Fanny!)
    expect(fanny.url()).toBe(sessionUrl)
    await expect
      .poll(() => fanny.getByText('Bonjour le groupe').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
  })

  it('shows a note dragged by a consultant to the others while it moves, and stores only the drop', async () => {
    const { sessionId, tokens, memberIds } = await createGroup(server.url, ['Alice', 'Bob'])
    await runCommands(server.url, sessionId, tokens.Fanny!, [
      { type: 'next' },
      { type: 'skip' },
      {
        type: 'setClientAndSubject',
        clientId: memberIds.Alice,
        subject: { kind: 'projet', title: 'Lancer le projet' },
      },
      { type: 'next' },
      { type: 'next' },
      { type: 'next' },
      { type: 'next', override: true },
    ])
    const zone = zoneOf('consultation')
    const stored = { x: zone.x + 200, y: zone.y + 200 }
    await writeRecord(server.url, sessionId, tokens.Bob!, {
      id: 'shape:bob-idea',
      typeName: 'shape',
      type: 'note',
      ...stored,
      rotation: 0,
      index: 'a1',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      props: drawableNoteProps('Idée de Bob'),
      meta: { author: memberIds.Bob, role: 'consultant', phase: 'consultation', kind: 'idea' },
    })
    const storedRecord = () =>
      readRecord(server.url, sessionId, tokens.Fanny!, 'shape:bob-idea') as Promise<typeof stored>

    const bob = await openJoinLink(browser, `${server.url}/join/${tokens.Bob}`)
    const alice = await openJoinLink(browser, `${server.url}/join/${tokens.Alice}`)
    const noteOf = (page: Page) => page.locator('.tl-shape').filter({ hasText: 'Idée de Bob' })
    const bobStart = await settledBox(noteOf(bob))
    const aliceStart = await settledBox(noteOf(alice))

    // Bob drags his note slowly, and holds it.
    const grip = centreOf(bobStart)
    const drag = { x: 160, y: 90 }
    await bob.mouse.move(grip.x, grip.y)
    await bob.mouse.down()
    for (let step = 1; step <= 8; step++) {
      await bob.mouse.move(grip.x + (drag.x * step) / 8, grip.y + (drag.y * step) / 8)
      await bob.waitForTimeout(40) // a person's pace, so the drag spans many flushes
    }
    // Alice sees it move before it is dropped; the server has stored nothing yet.
    await expect
      .poll(async () => movedBy(aliceStart, (await noteOf(alice).boundingBox())!).x, {
        timeout: 5_000,
      })
      .toBeGreaterThan(0.3)
    expect(await storedRecord()).toMatchObject(stored)
    await bob.mouse.up()

    // The drop: stored once, where both pages show it.
    const shift = movedBy(bobStart, await settledBox(noteOf(bob)))
    expect(shift.x).toBeGreaterThan(0.5)
    await expect.poll(async () => (await storedRecord()).x, { timeout: 5_000 }).not.toBe(stored.x)
    const dropped = await storedRecord()
    const storedShift = {
      x: (dropped.x - stored.x) / NOTE_WIDTH,
      y: (dropped.y - stored.y) / NOTE_WIDTH,
    }
    const aliceShift = movedBy(aliceStart, await settledBox(noteOf(alice)))
    for (const seen of [storedShift, aliceShift]) {
      expect(Math.abs(seen.x - shift.x)).toBeLessThan(0.02)
      expect(Math.abs(seen.y - shift.y)).toBeLessThan(0.02)
    }
  })

  it('shows a clear page for a revoked link and for a session of another group', async () => {
    const home = await (await browser.newContext()).newPage()
    await home.goto(server.url)
    const links = await createGroupInUi(home, ['Alice', 'Bob'])
    const token = links.Bob!.split('/join/')[1]!
    const me = (await (
      await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { invitation: { id: string }; member: { groupId: string } }
    const fannyToken = links.Fanny!.split('/join/')[1]!
    const revoked = await fetch(
      `${server.url}/api/groups/${me.member.groupId}/invitations/${me.invitation.id}`,
      { method: 'DELETE', headers: { authorization: `Bearer ${fannyToken}` } },
    )
    expect(revoked.status).toBe(200)

    const page = await (await browser.newContext()).newPage()
    await page.goto(links.Bob!)
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('Lien révoqué')

    // A stranger (no link of this group) opening a session address gets an explanation.
    const alice = await openJoinLink(browser, links.Alice!)
    const stranger = await (await browser.newContext()).newPage()
    await stranger.goto(alice.url())
    await expect
      .poll(() => stranger.getByRole('heading').textContent())
      .toBe('Accès réservé au groupe')
  })

  it('shows a clear page for a session that does not exist', async () => {
    const page = await (await browser.newContext()).newPage()
    const response = await page.goto(`${server.url}/s/does-not-exist`)
    expect(response?.status()).toBe(404)
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('Séance introuvable')
  })
})
