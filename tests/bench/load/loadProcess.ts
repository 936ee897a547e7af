/**
 * A load process: holds many real clients (each one its own WebSocket, a
 * `@hocuspocus/provider` or a y-websocket provider), plays the codev-like workload W
 * and measures, in this one process, the time from a client's local change to each
 * other client's remote apply — sender and receiver share this clock. Driven by the
 * orchestrator (bench.ts) over IPC; it does nothing on its own.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import {
  type Actor,
  allowedKindsFor,
  LIVE_DRAG_FIELD,
  type LiveDragEntry,
  type NoteKind,
  type PhaseId,
  type RoleId,
  SESSION_STATE_ID,
  type SessionState,
  zoneOf,
} from '@codev/domain'
import { memberIdOf, noteRecord } from '@codev/server/testing'
import { HocuspocusProvider } from '@hocuspocus/provider'
import * as encoding from 'lib0/encoding'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { RECONNECT_OPTIONS } from '../../../apps/web/src/transport/reconnect.ts'
import { cpuSeconds } from '../support/processes.ts'
import type { FromLoad, Target, ToLoad } from './protocol.ts'

/** Hocuspocus' sync message type and y-protocols' update message type. */
const MESSAGE_SYNC = 0
const SYNC_UPDATE = 2
/** A client-to-server WebSocket frame header (masked): 6 bytes up to 125, 8 up to 64 KiB. */
const frameHeaderBytes = (payload: number) => (payload < 126 ? 6 : payload < 65_536 ? 8 : 14)
const SENT_KEEP_MS = 10_000
const NOTE_MARGIN = 20
const NOTE_SIZE = 200
/** Workload W's bursts: typing ~8 chars/s, drags at 30 Hz. */
const TYPE_INTERVAL_MS = 120
const DRAG_INTERVAL_MS = 33
/**
 * Average updates and duration of one burst (60 % typing 5–15 chars, 40 % drags of
 * 10–30 steps through awareness, then the drop written to the document).
 */
const WRITES_PER_BURST = 0.6 * 10 + 0.4 * 21
/** The scripted session's pace per client: 200 writes/s, under the 300/s rate limit. */
const SESSION_MS_PER_WRITE = 5
const BURST_S = 0.6 * 10 * 0.12 + 0.4 * 20 * 0.033

// y-websocket's provider adds a process 'exit' listener per client.
process.setMaxListeners(0)

const send = (message: FromLoad) => process.send?.(message)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A small seeded generator so that runs are comparable. */
function seeded(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}
const random = seeded(Number(process.env.CODEV_BENCH_SEED ?? 7))
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1))

interface OwnNote {
  id: string
  phase: PhaseId
  role: RoleId
  kind: NoteKind
  text: string
  at: { x: number; y: number }
}

/** Local change -> send time, keyed by room and the written value's fingerprint. */
const sentAt = new Map<string, number>()
let measuring = false
let latencies: number[] = []
/** Per write, its first receiver only: the server's path without the receivers' queue in this process. */
let firstLatencies: number[] = []
const firstSeen = new Set<string>()
let wireBytes: number[] = []
/** Document writes, and live drag steps (awareness updates) — both inbound updates. */
let writes = 0
let dragSteps = 0
/** Latencies of live drag steps (awareness); `latencies` holds the document writes'. */
let dragLatencies: number[] = []
/** Connections the server closed during a workload, by close reason ('limits/…'). */
let closes: Record<string, number> = {}

/**
 * CODEV_BENCH_TLDRAW_PROPS=1: write notes with all of tldraw's note props (rich text),
 * and say who each client is in awareness (`codev`), as the web app does, so that a
 * browser can draw the notes and the live drags (the browser bench).
 */
const TLDRAW_PROPS = process.env.CODEV_BENCH_TLDRAW_PROPS === '1'

function tldrawNoteProps(text: string) {
  return {
    color: 'yellow',
    labelColor: 'black',
    size: 'm',
    font: 'draw',
    fontSizeAdjustment: 0,
    align: 'middle',
    verticalAlign: 'middle',
    growY: 0,
    url: '',
    richText: {
      type: 'doc',
      content: [
        text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' },
      ],
    },
    scale: 1,
    textLastEditedBy: null,
  }
}

function fingerprint(room: number, key: string, value: unknown): string {
  const record = value as { x?: number; y?: number; props?: { text?: string; richText?: unknown } }
  const text = record.props?.text ?? JSON.stringify(record.props?.richText ?? '')
  return `${room}|${key}|${record.x}|${record.y}|${text.length}`
}

const dragFingerprint = (room: number, entry: LiveDragEntry) =>
  `${room}|drag|${entry.id}|${entry.x}|${entry.y}`

class Client {
  readonly doc = new Y.Doc()
  readonly records = this.doc.getMap<unknown>('records')
  readonly memberId: string
  readonly room: number
  readonly index: number
  readonly provider: HocuspocusProvider | WebsocketProvider
  readonly notes: OwnNote[] = []
  synced = false
  syncedAt = 0
  unsynced = 0
  written = 0
  private readonly acked: (() => void)[] = []
  /**
   * Per record (or dragged note), the send time of the newest write this client has
   * counted. A value with an older send time is an old write seen again — the server
   * undoing a refused change brings back the value before it — not a delivery.
   */
  private readonly countedUpTo = new Map<string, number>()
  private created = 0
  private readonly roomName: string

  constructor(
    target: Target,
    wsUrl: string,
    roomName: string,
    room: number,
    index: number,
    token: string,
  ) {
    this.room = room
    this.index = index
    this.roomName = roomName
    this.memberId = memberIdOf(token) || `m${index}`
    if (target === 'hocuspocus') {
      const provider = new HocuspocusProvider({
        url: `${wsUrl}/collab`,
        name: roomName,
        document: this.doc,
        token,
        ...RECONNECT_OPTIONS, // the web app's reconnection
      })
      provider.on('synced', ({ state }: { state: boolean }) => this.onSynced(state))
      provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
        const reason = event.reason || `code ${event.code}`
        closes[reason] = (closes[reason] ?? 0) + 1
      })
      provider.on('unsyncedChanges', ({ number }: { number: number }) => {
        this.unsynced = number
        if (number === 0) for (const resolve of this.acked.splice(0)) resolve()
      })
      this.provider = provider
    } else {
      const provider = new WebsocketProvider(wsUrl, roomName, this.doc, { disableBc: true })
      provider.on('sync', (state: boolean) => this.onSynced(state))
      this.provider = provider
    }
    if (TLDRAW_PROPS) {
      const identity = { memberId: this.memberId, name: `m${index}`, color: '#4a90d9' }
      this.provider.awareness?.setLocalStateField('codev', identity)
    }
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this.provider || !measuring) return
      wireBytes.push(this.envelopeBytes(update))
    })
    this.records.observe((event, transaction) => {
      if (transaction.local || !measuring) return
      const now = performance.now()
      for (const key of event.keysChanged) {
        const value = this.records.get(key)
        if (value === undefined) continue
        const written = fingerprint(this.room, key, value)
        const started = sentAt.get(written)
        if (started === undefined || !this.isNewDelivery(key, started)) continue
        latencies.push(now - started)
        if (!firstSeen.has(written)) {
          firstSeen.add(written)
          firstLatencies.push(now - started)
        }
      }
    })
    const awareness = this.provider.awareness
    awareness?.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if (!measuring) return
      const now = performance.now()
      for (const clientId of [...added, ...updated]) {
        if (clientId === awareness.clientID) continue
        const drag = awareness.getStates().get(clientId)?.[LIVE_DRAG_FIELD] as unknown
        if (!Array.isArray(drag)) continue
        for (const entry of drag as LiveDragEntry[]) {
          const started = sentAt.get(dragFingerprint(this.room, entry))
          if (started === undefined || !this.isNewDelivery(`drag|${entry.id}`, started)) continue
          dragLatencies.push(now - started)
        }
      }
    })
  }

  private isNewDelivery(key: string, started: number): boolean {
    if (started <= (this.countedUpTo.get(key) ?? Number.NEGATIVE_INFINITY)) return false
    this.countedUpTo.set(key, started)
    return true
  }

  /** Resolves when the server has acknowledged every local change (at once if it has). */
  whenAcknowledged(timeoutMs: number): Promise<void> {
    if (this.unsynced === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      this.acked.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  private onSynced(state: boolean) {
    if (state && !this.synced) this.syncedAt = performance.now()
    this.synced = state
  }

  /** The bytes of one update message on the wire: the envelope, the update, the frame header. */
  private envelopeBytes(update: Uint8Array): number {
    const encoder = encoding.createEncoder()
    if (this.provider instanceof HocuspocusProvider) encoding.writeVarString(encoder, this.roomName)
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    encoding.writeVarUint(encoder, SYNC_UPDATE)
    encoding.writeVarUint8Array(encoder, update)
    const payload = encoding.length(encoder)
    return payload + frameHeaderBytes(payload)
  }

  state(): SessionState | undefined {
    return this.records.get(SESSION_STATE_ID) as SessionState | undefined
  }

  /** Where and as what this client may write now; null when its role has no voice. */
  view(): { phase: PhaseId; role: RoleId; kind: NoteKind } | null {
    const state = this.state()
    if (!state)
      return {
        phase: 'welcome',
        role: this.index === 0 ? 'facilitator' : 'consultant',
        kind: 'note',
      }
    const role = state.roles[this.memberId as keyof typeof state.roles] as RoleId | undefined
    if (!role || role === 'observer') return null
    const kinds = allowedKindsFor({ memberId: this.memberId, role } as Actor, state)
    // The facilitator's 'note' outside welcome is as scribe only: write free notes.
    const preferred: NoteKind[] = role === 'facilitator' ? ['free', 'note'] : ['note', 'free']
    const kind = preferred.find((k) => kinds.includes(k)) ?? kinds[0]
    return kind ? { phase: state.phase, role, kind } : null
  }

  write(note: OwnNote) {
    const record = noteRecord({
      id: note.id,
      text: note.text,
      author: this.memberId,
      role: note.role,
      phase: note.phase,
      kind: note.kind,
      at: note.at,
    })
    const written = TLDRAW_PROPS ? { ...record, props: tldrawNoteProps(note.text) } : record
    if (measuring) sentAt.set(fingerprint(this.room, note.id, written), performance.now())
    writes++
    this.written++
    this.records.set(note.id, written)
  }

  /** One of this client's notes in the current step, new when asked or when it has none. */
  noteFor(view: { phase: PhaseId; role: RoleId; kind: NoteKind }, fresh: boolean): OwnNote {
    const mine = this.notes.filter((note) => note.phase === view.phase && this.records.has(note.id))
    if (!fresh && mine.length > 0) return mine[Math.floor(random() * mine.length)]!
    const zone = zoneOf(view.phase)
    const note: OwnNote = {
      id: `shape:b${this.index}n${this.created++}`,
      phase: view.phase,
      role: view.role,
      kind: view.kind,
      text: '',
      at: {
        x: between(NOTE_MARGIN, zone.w - NOTE_SIZE - NOTE_MARGIN),
        y: between(NOTE_MARGIN + 60, zone.h - NOTE_SIZE - NOTE_MARGIN),
      },
    }
    this.notes.push(note)
    this.write(note)
    return note
  }

  /** Whether the note's zone is still the open one (the web app stops an edit when it closes). */
  private open(note: OwnNote): boolean {
    const phase = this.state()?.phase
    return phase === undefined || phase === note.phase
  }

  async typeInto(note: OwnNote, chars: number, intervalMs: number) {
    for (let i = 0; i < chars && this.open(note); i++) {
      note.text += 'abcdefghij klmnopqrstuvwxyz'[Math.floor(random() * 27)]
      this.write(note)
      if (intervalMs > 0) await sleep(intervalMs * (0.5 + random()))
    }
  }

  /**
   * Drags a note in `steps` steps. Live (as the web app): each step's position goes
   * through awareness and only the drop is written to the document; otherwise every
   * step is a document write (the scripted 2-hour session's worst case).
   */
  async drag(note: OwnNote, steps: number, intervalMs: number, live: boolean) {
    const zone = zoneOf(note.phase)
    const dx = between(-6, 6) || 3
    const dy = between(-6, 6) || -3
    let moved = false
    for (let i = 0; i < steps && this.open(note); i++) {
      note.at = {
        x: Math.min(zone.w - NOTE_SIZE - NOTE_MARGIN, Math.max(NOTE_MARGIN, note.at.x + dx)),
        y: Math.min(zone.h - NOTE_SIZE - NOTE_MARGIN, Math.max(NOTE_MARGIN + 60, note.at.y + dy)),
      }
      moved = true
      if (live) this.showDrag(note)
      else this.write(note)
      if (intervalMs > 0) await sleep(intervalMs)
    }
    if (!live || !moved) return
    // The drop: the document first, then the live position goes (as the web app).
    if (this.open(note)) this.write(note)
    this.provider.awareness?.setLocalStateField(LIVE_DRAG_FIELD, null)
  }

  private showDrag(note: OwnNote) {
    const entry: LiveDragEntry = { id: note.id, ...this.absolute(note), rotation: 0 }
    if (measuring) sentAt.set(dragFingerprint(this.room, entry), performance.now())
    dragSteps++
    this.provider.awareness?.setLocalStateField(LIVE_DRAG_FIELD, [entry])
  }

  /** Where the note record puts the note on the page (noteRecord adds the zone's corner). */
  private absolute(note: OwnNote): { x: number; y: number } {
    const zone = zoneOf(note.phase)
    return { x: zone.x + note.at.x, y: zone.y + note.at.y }
  }

  command(command: { type: string }) {
    if (this.provider instanceof HocuspocusProvider) {
      this.provider.sendStateless(
        JSON.stringify({ type: 'command', requestId: `r${Date.now()}`, command }),
      )
    }
  }

  destroy() {
    this.provider.destroy()
  }
}

let clients: Client[] = []
let target: Target = 'hocuspocus'

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) return false
    await sleep(10)
  }
  return true
}

async function connect(message: Extract<ToLoad, { type: 'connect' }>) {
  target = message.target
  const started = performance.now()
  const openMs: number[] = []
  const firstRoom = clients.length / 8
  for (const [r, room] of message.rooms.entries()) {
    const roomIndex = firstRoom + r
    const first = new Client(target, message.wsUrl, room.name, roomIndex, 0, room.tokens[0]!)
    const opened = performance.now()
    // The first client opens the room (a cold open when it is not loaded): time it alone.
    if (message.stagger) {
      await until(() => first.synced, 20_000)
      openMs.push(performance.now() - opened)
    }
    const others = room.tokens
      .slice(1)
      .map((token, i) => new Client(target, message.wsUrl, room.name, roomIndex, i + 1, token))
    clients.push(first, ...others)
    if (message.stagger) await until(() => others.every((c) => c.synced), 20_000)
  }
  await until(() => clients.every((c) => c.synced), 60_000)
  send({ type: 'connected', ms: performance.now() - started, openMs })
}

/** Idle propagation: one writer, spaced single writes, every other member measures. */
async function probe(message: Extract<ToLoad, { type: 'probe' }>) {
  const writer = clients[1] ?? clients[0]!
  latencies = []
  wireBytes = []
  measuring = true
  const ackMs: number[] = []
  const view = writer.view()!
  const note = writer.noteFor(view, true)
  await sleep(50)
  latencies = []
  firstLatencies = []
  firstSeen.clear()
  for (let i = 0; i < message.samples; i++) {
    const started = performance.now()
    await writer.typeInto(note, 1, 0)
    if (writer.provider instanceof HocuspocusProvider) {
      await writer.whenAcknowledged(5000)
      ackMs.push(performance.now() - started)
    }
    await sleep(message.intervalMs)
  }
  measuring = false
  send({ type: 'probed', propagationMs: latencies, firstPropagationMs: firstLatencies, ackMs })
}

/** Workload W: each client alternates pauses and bursts; the facilitator changes steps. */
async function workload(message: Extract<ToLoad, { type: 'workload' }>) {
  const endAt = Date.now() + message.warmupMs + message.durationMs
  const pauseMeanS = Math.max(0.05, WRITES_PER_BURST / message.updatesPerClientPerS - BURST_S)
  latencies = []
  wireBytes = []
  sentAt.clear()
  firstSeen.clear()
  const loop = monitorEventLoopDelay({ resolution: 5 })
  let windowStart = 0
  let cpuStart = 0
  let writesStart = 0
  let dragStepsStart = 0
  closes = {}
  const warm = setTimeout(() => {
    measuring = true
    latencies = []
    dragLatencies = []
    wireBytes = []
    writesStart = writes
    dragStepsStart = dragSteps
    windowStart = performance.now()
    cpuStart = cpuSeconds(process.pid)
    loop.enable()
  }, message.warmupMs)
  const prune = setInterval(() => {
    const old = performance.now() - SENT_KEEP_MS
    for (const [key, at] of sentAt) {
      if (at >= old) break
      sentAt.delete(key)
    }
  }, 2000)

  const play = async (client: Client) => {
    // Start as if the clients had been playing for a while: a random point of their pause.
    await sleep(Math.min(random() * pauseMeanS * 1000, endAt - Date.now()))
    while (Date.now() < endAt) {
      const view = client.view()
      if (view) {
        if (random() < 0.6) {
          const note = client.noteFor(view, random() < 0.25)
          await client.typeInto(note, between(5, 15), TYPE_INTERVAL_MS)
        } else {
          const note = client.noteFor(view, false)
          await client.drag(note, between(10, 30), DRAG_INTERVAL_MS, true)
        }
      }
      await sleep(
        Math.min(Math.max(0, endAt - Date.now()), -Math.log(1 - random()) * pauseMeanS * 1000),
      )
    }
  }
  const steps = clients
    .filter((c) => c.index === 0)
    .map(async (facilitator) => {
      let nextAt = Date.now() + random() * message.stepEveryMs
      while (nextAt < endAt) {
        await sleep(Math.max(0, nextAt - Date.now()))
        facilitator.command({ type: facilitator.state()?.phase === 'welcome' ? 'next' : 'back' })
        nextAt += message.stepEveryMs
      }
    })
  await Promise.all([...clients.map(play), ...steps])
  clearTimeout(warm)
  clearInterval(prune)
  measuring = false
  loop.disable()
  const windowS = (performance.now() - windowStart) / 1000
  send({
    type: 'worked',
    latencyMs: latencies,
    dragLatencyMs: dragLatencies,
    writes: writes - writesStart,
    dragSteps: dragSteps - dragStepsStart,
    windowS,
    wireBytes: sample(wireBytes, 20_000),
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    cpuS: cpuSeconds(process.pid) - cpuStart,
    closes,
  })
}

function sample(values: number[], max: number): number[] {
  if (values.length <= max) return values
  const step = values.length / max
  return Array.from({ length: max }, (_, i) => values[Math.floor(i * step)]!)
}

/**
 * A scripted 2-hour session, compressed: 8 members write `notes` notes in total,
 * each created, typed into character by character and dragged twice at 30 Hz, until
 * about `writes` whole-record writes. Ends when the server acknowledged everything.
 */
async function session2h(message: Extract<ToLoad, { type: 'session2h' }>) {
  measuring = true
  wireBytes = []
  const startWrites = writes
  const perNote = message.writes / message.notes
  const chars = Math.round(perNote * 0.6)
  const dragSteps = Math.round((perNote * 0.4) / 2)
  const members = clients.slice(0, 8)
  await Promise.all(
    members.map(async (client, m) => {
      const view = client.view()
      if (!view) return
      const mine = Math.floor(message.notes / 8) + (m < message.notes % 8 ? 1 : 0)
      for (let n = 0; n < mine; n++) {
        const noteStarted = performance.now()
        const before = client.written
        const note = client.noteFor(view, true)
        await client.typeInto(note, between(chars - 30, chars + 30), 0)
        await client.drag(note, between(dragSteps - 13, dragSteps + 13), 0, false)
        await client.drag(note, between(dragSteps - 13, dragSteps + 13), 0, false)
        // Let the socket drain: stay under the server's message rate limit.
        await client.whenAcknowledged(30_000)
        const paced =
          (client.written - before) * SESSION_MS_PER_WRITE - (performance.now() - noteStarted)
        await sleep(Math.max(20, paced))
      }
    }),
  )
  await until(() => members.every((c) => c.unsynced === 0), 60_000)
  measuring = false
  send({
    type: 'sessionDone',
    writes: writes - startWrites,
    wireBytes: sample(wireBytes, 20_000),
    jsonBytes: JSON.stringify(members[0]!.records.toJSON()).length,
  })
}

/**
 * Waits until this process has caught up: every client's changes acknowledged and
 * the event loop free again (five 10 ms timers in a row late by less than 20 ms).
 * After an overloaded ramp step the process can be seconds behind; a restart
 * measured from there would time this process's backlog, not the server.
 */
async function drain(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  const caughtUp = await until(() => clients.every((c) => c.unsynced === 0), timeoutMs)
  let onTime = 0
  while (onTime < 5 && Date.now() < deadline) {
    const started = performance.now()
    await sleep(10)
    onTime = performance.now() - started < 30 ? onTime + 1 : 0
  }
  send({ type: 'drained', caughtUp: caughtUp && onTime >= 5 })
}

let markedAt = 0
function mark() {
  markedAt = performance.now()
  for (const client of clients) {
    client.synced = false
    client.syncedAt = 0
  }
  send({ type: 'marked' })
}

async function awaitSynced(timeoutMs: number) {
  await until(() => clients.every((c) => c.syncedAt > 0), timeoutMs)
  const done = clients.filter((c) => c.syncedAt > 0)
  send({
    type: 'synced',
    seconds: done.map((c) => (c.syncedAt - markedAt) / 1000),
    missing: clients.length - done.length,
  })
}

async function echo(message: Extract<ToLoad, { type: 'echo' }>) {
  const socket = new WebSocket(message.wsUrl)
  socket.binaryType = 'arraybuffer'
  await new Promise((resolve, reject) => {
    socket.onopen = resolve
    socket.onerror = reject
  })
  const rttMs: number[] = []
  const payload = new Uint8Array(400)
  for (let i = 0; i < message.samples; i++) {
    const started = performance.now()
    await new Promise<void>((resolve) => {
      socket.onmessage = () => resolve()
      socket.send(payload)
    })
    rttMs.push(performance.now() - started)
    await sleep(5)
  }
  socket.close()
  send({ type: 'echoed', rttMs })
}

process.on('message', (message: ToLoad) => {
  const run = async () => {
    switch (message.type) {
      case 'connect':
        return connect(message)
      case 'probe':
        return probe(message)
      case 'workload':
        return workload(message)
      case 'session2h':
        return session2h(message)
      case 'drain':
        return drain(message.timeoutMs)
      case 'mark':
        return mark()
      case 'awaitSynced':
        return awaitSynced(message.timeoutMs)
      case 'echo':
        return echo(message)
      case 'close':
        for (const client of clients) client.destroy()
        clients = []
        setTimeout(() => process.exit(0), 100)
    }
  }
  run().catch((error: unknown) =>
    send({ type: 'error', message: String((error as Error)?.stack ?? error) }),
  )
})
