/** Steps a person takes on the board, through the UI only, for the browser tests. */
import type { Page } from 'playwright-core'

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

const CHECK_EVERY_MS = 100
/** Longer than the glide, and than the frame it may wait for on a busy machine. */
const STILL_FOR_MS = 400
const STILL_TIMEOUT_MS = 5_000

/**
 * Where an element of the page is, once it has held still for STILL_FOR_MS. The
 * board glides to each new step's zone (300 ms, from the frame after the step
 * changed): a box read before or during the glide points where the zone no longer
 * is, and a click there lands outside it (a note is then refused, and no editor opens).
 */
export async function boxOf(page: Page, selector: string): Promise<Box> {
  const read = async () => {
    const box = await page.locator(selector).first().boundingBox()
    if (!box) throw new Error(`no box for ${selector}`)
    return box
  }
  let box = await read()
  let stillFor = 0
  for (let waited = 0; waited < STILL_TIMEOUT_MS; waited += CHECK_EVERY_MS) {
    await page.waitForTimeout(CHECK_EVERY_MS)
    const next = await read()
    stillFor = sameBox(next, box) ? stillFor + CHECK_EVERY_MS : 0
    box = next
    if (stillFor >= STILL_FOR_MS) return box
  }
  throw new Error(`${selector} kept moving for ${STILL_TIMEOUT_MS} ms`)
}

function sameBox(a: Box, b: Box): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height
}

export function intersect(a: Box, b: Box): Box | null {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  const right = Math.min(a.x + a.width, b.x + b.width)
  const bottom = Math.min(a.y + a.height, b.y + b.height)
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null
}

export function centreOf(box: Box): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

export function contains(outer: Box, point: { x: number; y: number }): boolean {
  return (
    point.x >= outer.x &&
    point.x <= outer.x + outer.width &&
    point.y >= outer.y &&
    point.y <= outer.y + outer.height
  )
}

/** Puts a sticky note at a point of the canvas and types its text, as a person would. */
export async function addStickyNote(page: Page, x: number, y: number, text: string) {
  await page.mouse.click(x, y) // focus the canvas on an empty spot
  // The shortcut below reaches the board only once it has focus (not a form's field).
  await page.locator('.tl-container.tl-container__focused').waitFor({ timeout: 5_000 })
  await page.keyboard.press('Escape')
  await page.keyboard.press('n')
  await page.mouse.click(x, y)
  // Type only once the note's text editor has focus, or the first letters land elsewhere.
  await page.locator('[contenteditable="true"]:focus').waitFor({ timeout: 5_000 })
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
}

/** Whether the canvas offers drawing tools (tldraw hides them when read-only). */
export async function canvasIsWritable(page: Page): Promise<boolean> {
  return (await page.locator('[data-testid="tools.draw"]').count()) > 0
}

export async function stepText(page: Page): Promise<string | null> {
  return page.locator('[data-testid="current-step"]').textContent()
}

/** Clicks a toolbar button and confirms the dialog that names the step. */
export async function confirmStep(
  page: Page,
  button: string,
  expectedMessage: RegExp,
  confirm: string,
) {
  await page.getByRole('button', { name: button, exact: true }).click()
  const dialog = page.locator('[data-testid="confirm-dialog"]')
  await dialog.waitFor()
  const message = (await dialog.locator('p').textContent()) ?? ''
  if (!expectedMessage.test(message)) throw new Error(`dialog says "${message}"`)
  await dialog.getByRole('button', { name: confirm, exact: true }).click()
  await dialog.waitFor({ state: 'detached' })
}
