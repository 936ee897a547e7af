/**
 * `pnpm bench:browser`: a session board of 300 notes in headless Chromium while 7
 * peers edit. Reports the time until the board is interactive (connected, synced,
 * canvas drawn) and the long tasks (> 50 ms) of the page: while loading, during 20 s
 * with no edit, and during 20 s of the 7 peers playing workload W. Needs the built web
 * app (`pnpm build`) and Chromium. Writes tests/bench/results/browser-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'

// The load processes (forked after this line) write whole tldraw notes the page can draw.
process.env.CODEV_BENCH_TLDRAW_PROPS = '1'

import path from 'node:path'
import type { CreateGroupResponse } from '@codev/domain'
import { launchBrowser } from '../e2e/support/browser.ts'
import { LoadFleet } from './support/loadProcesses.ts'
import { projectServer } from './support/processes.ts'
import { round } from './support/stats.ts'

const NOTES = Number(process.env.CODEV_BENCH_NOTES ?? 300)
const WINDOW_MS = 20_000
const MEMBERS = ['Alice', 'Bruno', 'Chloé', 'David', 'Emma', 'Farid', 'Gaëlle']

interface LongTask {
  start: number
  duration: number
}

/** A long animation frame (Chromium's LoAF) with the scripts that ran in it. */
interface LongFrame extends LongTask {
  blocking: number
  /** Style, layout and paint at the frame's end. */
  render: number
  scripts: { invoker: string; type: string; duration: number; source: string }[]
}

/**
 * Long frames (> 50 ms) summed up by what started their longest script: a remote edit
 * arriving ('WebSocket.onmessage'), a frame callback, a timer... and each frame's detail.
 */
function attributed(frames: LongFrame[]) {
  const byInvoker: Record<string, { count: number; total_ms: number }> = {}
  for (const frame of frames) {
    const longest = [...frame.scripts].sort((a, b) => b.duration - a.duration)[0]
    const key = longest ? longest.invoker : '(rendering only)'
    const entry = byInvoker[key] ?? { count: 0, total_ms: 0 }
    byInvoker[key] = entry
    entry.count++
    entry.total_ms = round(entry.total_ms + frame.duration, 1)
  }
  return {
    count: frames.length,
    by_longest_script_invoker: byInvoker,
    frames: frames.map((frame) => ({
      duration_ms: round(frame.duration, 1),
      blocking_ms: round(frame.blocking, 1),
      render_ms: round(frame.render, 1),
      scripts: frame.scripts
        .filter((script) => script.duration >= 5)
        .map((script) => `${round(script.duration, 1)} ms ${script.invoker} (${script.source})`),
    })),
  }
}

// Chromium first: when it cannot start, no server or load process is left behind.
const browser = await launchBrowser()
const server = await projectServer({ web: true })
await server.start()
const fleet = new LoadFleet(1)
try {
  const response = await fetch(`${server.url}/api/groups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Groupe bench',
      cycleLength: 6,
      facilitator: { name: 'Fanny' },
      members: MEMBERS.map((name) => ({ name })),
    }),
  })
  const created = (await response.json()) as CreateGroupResponse
  const tokens = created.invitations.map((invitation) => invitation.token)
  const sessionId = created.group.currentSessionId!
  // The 7 peers: the facilitator and every member but Alice (index 1), who opens the browser.
  const peers = [tokens[0]!, ...tokens.slice(2)]
  const peerRoom = { name: sessionId, tokens: peers }
  await fleet.processes[0]!.ask(
    {
      type: 'connect',
      target: 'hocuspocus',
      wsUrl: server.url.replace('http', 'ws'),
      rooms: [peerRoom],
    },
    'connected',
  )
  await fleet.processes[0]!.ask(
    { type: 'session2h', notes: NOTES, writes: NOTES * 12 },
    'sessionDone',
  )

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = []
    ;(globalThis as unknown as { __longTasks: typeof tasks }).__longTasks = tasks
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ start: entry.startTime, duration: entry.duration })
    }).observe({ type: 'longtask', buffered: true })
    // Long animation frames say which scripts ran and who called them: a WebSocket
    // message (a remote edit arriving), a frame callback, a timer...
    const frames: unknown[] = []
    ;(globalThis as unknown as { __longFrames: unknown[] }).__longFrames = frames
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as {
        startTime: number
        duration: number
        blockingDuration: number
        renderStart: number
        scripts: {
          invoker: string
          invokerType: string
          duration: number
          sourceURL: string
          sourceFunctionName: string
          sourceCharPosition: number
        }[]
      }[]) {
        frames.push({
          start: entry.startTime,
          duration: entry.duration,
          blocking: entry.blockingDuration,
          render: entry.renderStart > 0 ? entry.startTime + entry.duration - entry.renderStart : 0,
          scripts: entry.scripts.map((script) => ({
            invoker: script.invoker,
            type: script.invokerType,
            duration: script.duration,
            source: `${script.sourceURL.split('/').pop()}:${script.sourceCharPosition} ${script.sourceFunctionName}`,
          })),
        })
      }
    }).observe({ type: 'long-animation-frame', buffered: true })
  })
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[page] ${message.text().slice(0, 400)}`)
  })
  page.on('pageerror', (error) => console.error(`[page error] ${String(error).slice(0, 400)}`))
  await page.goto(`${server.url}/join/${tokens[1]}`)
  await page.waitForURL(/\/s\/[\w-]+$/, { timeout: 60_000 })
  await page
    .locator('[data-testid="connection-state"][data-state="connected"]')
    .waitFor({ timeout: 60_000 })
  await page
    .locator('.tl-canvas')
    .waitFor({ timeout: 30_000 })
    .catch(async (error: unknown) => {
      await page.screenshot({
        path: path.join(import.meta.dirname, 'results', 'browser-failure.png'),
      })
      throw error
    })
  await page.locator('.tl-shape').first().waitFor({ timeout: 60_000 })
  const interactiveAt = await page.evaluate(() => performance.now())
  const shapes = await page.locator('.tl-shape').count()
  const read = () =>
    page.evaluate(() => (globalThis as unknown as { __longTasks: LongTask[] }).__longTasks.slice())
  const now = () => page.evaluate(() => performance.now())

  await page.waitForTimeout(2000)
  const idleFrom = await now()
  await page.waitForTimeout(WINDOW_MS)
  // CODEV_BENCH_BROWSER_PROFILE=<file>: a CPU profile of the page while the peers edit.
  const profileFile = process.env.CODEV_BENCH_BROWSER_PROFILE
  const cdp = profileFile ? await context.newCDPSession(page) : null
  if (cdp) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.start')
  }
  const editFrom = await now()
  await fleet.processes[0]!.ask(
    {
      type: 'workload',
      durationMs: WINDOW_MS,
      warmupMs: 0,
      updatesPerClientPerS: 2,
      stepEveryMs: 10_000_000,
    },
    'worked',
  )
  const editTo = await now()
  if (cdp && profileFile) {
    const { profile } = await cdp.send('Profiler.stop')
    writeFileSync(profileFile, JSON.stringify(profile))
  }
  const tasks = await read()
  const frames = await page.evaluate(() =>
    (globalThis as unknown as { __longFrames: LongFrame[] }).__longFrames.slice(),
  )
  const editingFrames = frames.filter((f) => f.start >= editFrom && f.start < editTo)
  const within = (from: number, to: number) => tasks.filter((t) => t.start >= from && t.start < to)
  const summary = (list: LongTask[]) => ({
    count: list.length,
    max_ms: round(Math.max(0, ...list.map((t) => t.duration)), 1),
    total_ms: round(
      list.reduce((sum, t) => sum + t.duration, 0),
      1,
    ),
  })
  const loading = summary(within(0, interactiveAt))
  const idle = summary(within(idleFrom, editFrom))
  const editing = summary(within(editFrom, editTo))
  const result = {
    notes: NOTES,
    shapes_in_dom: shapes,
    browser_tti_ms: round(interactiveAt, 0),
    long_tasks_loading: loading,
    long_tasks_idle_20s: idle,
    long_tasks_7_peers_editing_20s: editing,
    long_frames_7_peers_editing_20s: attributed(editingFrames),
    measured_at: new Date().toISOString(),
  }
  console.log(JSON.stringify(result, null, 2))
  const dir = path.join(import.meta.dirname, 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'browser-latest.json'), `${JSON.stringify(result, null, 2)}\n`)
} finally {
  await browser.close()
  await fleet.close()
  await server.stop()
}
