/**
 * `pnpm bench [--quick] [--runs N]`: measures the project's server (everything on)
 * side by side with a plain Hocuspocus, a WebSocket echo and the y-websocket server,
 * under the codev-like workload W, prints a table and writes
 * tests/bench/results/latest.json (the field names of issue 7). It asserts nothing
 * about time: it fails only when the harness cannot produce a figure.
 * What each figure means: docs/PERFORMANCE.md.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { CreateGroupResponse } from '@codev/domain'
import * as Y from 'yjs'
import { measureCrossInstance, servicesMissing } from '../scale/measurePropagation.ts'
import type { RoomSpec } from './load/protocol.ts'
import { yjsWriteMicros } from './support/coldWork.ts'
import { LoadFleet } from './support/loadProcesses.ts'
import {
  type BenchServer,
  cpuModel,
  cpuSeconds,
  liveBytesAfterGc,
  mainThreadCpuSeconds,
  type ProjectServer,
  projectServer,
  rssBytes,
  runOnIdleCpuOnly,
  SERVER_REPO,
  startBaseline,
} from './support/processes.ts'
import { median, percentile, round } from './support/stats.ts'

/** A p99 of no samples (a quick run's probe room may see no drag step) is none, not NaN. */
const msOrNone = (value: number) => (Number.isNaN(value) ? 'none' : `${round(value)} ms`)

const args = process.argv.slice(2)
const QUICK = args.includes('--quick')
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 1
const RESULTS_DIR = path.join(import.meta.dirname, 'results')
const MIB = 1024 * 1024

/** Every knob of a run; the quick run keeps the shape and shrinks the sizes. */
const PLAN = QUICK
  ? {
      rooms: 4,
      loadProcesses: 1,
      probeRooms: 1,
      workMs: 3000,
      warmupMs: 1000,
      ramp: [2],
      idleSamples: 40,
      sessionNotes: 16,
      sessionWrites: 1000,
      openRooms: 3,
      stepEveryMs: 20_000,
      echoSamples: 50,
      crossInstanceWrites: 100,
    }
  : {
      rooms: 100,
      loadProcesses: 2,
      probeRooms: 4,
      workMs: 30_000,
      warmupMs: 5000,
      ramp: [0.5, 1, 2, 2.5, 3, 4],
      idleSamples: 400,
      sessionNotes: 300,
      sessionWrites: 50_000,
      openRooms: 20,
      stepEveryMs: 300_000,
      echoSamples: 400,
      crossInstanceWrites: 1000,
    }
// `--rooms N` overrides K (e.g. a small K where the load processes are not the bottleneck).
const ROOMS_OVERRIDE = Number(args[args.indexOf('--rooms') + 1])
if (args.includes('--rooms') && ROOMS_OVERRIDE > 0) PLAN.rooms = ROOMS_OVERRIDE
// `--work-seconds N` overrides how long each W run measures (e.g. a longer quick run to profile).
const WORK_SECONDS = Number(args[args.indexOf('--work-seconds') + 1])
if (args.includes('--work-seconds') && WORK_SECONDS > 0) PLAN.workMs = WORK_SECONDS * 1000
// `--load-processes N` overrides how many bulk load processes hold the rooms.
const LOAD_PROCESSES = Number(args[args.indexOf('--load-processes') + 1])
if (args.includes('--load-processes') && LOAD_PROCESSES > 0) PLAN.loadProcesses = LOAD_PROCESSES
// `--ramp 2,3` overrides the rates (updates/s per client) of the project's server's W runs.
const RAMP_OVERRIDE = args.includes('--ramp')
  ? (args[args.indexOf('--ramp') + 1] ?? '').split(',').map(Number)
  : []
if (RAMP_OVERRIDE.length > 0 && RAMP_OVERRIDE.every((rate) => rate > 0)) PLAN.ramp = RAMP_OVERRIDE
// `--w-only a,b,d` plays only W on the named servers, prints it and writes
// w-only-latest.json (measureWOnly): the K = 100 figure in minutes rather than a full run.
const W_ONLY = args.includes('--w-only')
  ? (args[args.indexOf('--w-only') + 1] ?? 'a').split(',')
  : null
// `--idle-only a,b,d` measures only idle propagation on the named servers (measureIdleOnly).
const IDLE_ONLY = args.includes('--idle-only')
  ? (args[args.indexOf('--idle-only') + 1] ?? 'a').split(',')
  : null
const BASE_RATE = 2 // updates per second per client in W
const MEMBERS = ['Alice', 'Bruno', 'Chloé', 'David', 'Emma', 'Farid', 'Gaëlle']
const SETTLE_MS = QUICK ? 500 : 2000

/** The figures of issue 7, in this order, with their targets for the table. */
const FIGURES = {
  echo_rtt_p50_ms: 'floor',
  propagation_idle_p50_ms: '<= 2 x echo p50',
  propagation_idle_p99_ms: '<= 5',
  propagation_k100_p99_ms: '<= 16',
  baseline_k100_p99_ms: '(b) plain Hocuspocus',
  guarantee_overhead_p99_ratio: '<= 1.3',
  updates_per_s_per_core: '>= 2000',
  rss_per_room_idle_mib: '<= 1',
  rss_per_room_2h_mib: '<= 8',
  doc_bytes_2h: '<= 409600',
  doc_to_json_ratio_2h: '<= 3',
  bytes_per_note_update_median: '<= 500',
  cold_open_p95_ms: '<= 300',
  durable_p95_ms: '<= 50',
  reconnect_800_p95_s: '<= 5',
  reconnect_800_p99_s: '<= 35',
  ywebsocket_k100_p99_ms: '(d) y-websocket',
  single_instance_propagation_p99_ms: "PostgreSQL + Redis, reader on the writer's instance",
  cross_instance_propagation_p99_ms: '<= single-instance + 10',
  cross_instance_p99_difference_ms: '<= 10',
} as const
type Figure = keyof typeof FIGURES
type Figures = Record<Figure, number>

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const wsOf = (url: string) => url.replace('http', 'ws')
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`)

async function createGroups(url: string, count: number): Promise<RoomSpec[]> {
  const rooms: RoomSpec[] = []
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/api/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `Groupe bench ${i}`,
        cycleLength: 6,
        facilitator: { name: 'Fanny' },
        members: MEMBERS.map((name) => ({ name })),
      }),
    })
    if (response.status !== 201) throw new Error(`create group: HTTP ${response.status}`)
    const created = (await response.json()) as CreateGroupResponse
    rooms.push({
      name: created.group.currentSessionId!,
      tokens: created.invitations.map((inv) => inv.token),
    })
  }
  return rooms
}

const anonymousRooms = (count: number): RoomSpec[] =>
  Array.from({ length: count }, (_, i) => ({ name: `room-${i}`, tokens: Array(8).fill('bench') }))

/**
 * From the project server's /metrics: refused changes, the count and seconds of
 * storage appends, its event loop's delay since the last read (prom-client resets it
 * on each read) and its garbage collections' seconds (zeros for servers without /metrics).
 */
async function serverCounters(url: string) {
  const counters = {
    refused: 0,
    appends: 0,
    appendSeconds: 0,
    loopDelayP99Ms: 0,
    loopDelayMaxMs: 0,
    gcMajorSeconds: 0,
    gcSeconds: 0,
    read: false,
  }
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(180_000) })
    if (!response.ok) return counters
    const text = await response.text()
    for (const match of text.matchAll(/^codev_refused_changes_total\{[^}]*\} (\d+)/gm)) {
      counters.refused += Number(match[1])
    }
    const count = /^codev_storage_seconds_count\{operation="append"\} ([\d.e+-]+)/m.exec(text)
    const sum = /^codev_storage_seconds_sum\{operation="append"\} ([\d.e+-]+)/m.exec(text)
    counters.appends = Number(count?.[1] ?? 0)
    counters.appendSeconds = Number(sum?.[1] ?? 0)
    const seconds = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0)
    counters.loopDelayP99Ms = seconds(/^codev_nodejs_eventloop_lag_p99_seconds ([\d.e+-]+)/m) * 1000
    counters.loopDelayMaxMs = seconds(/^codev_nodejs_eventloop_lag_max_seconds ([\d.e+-]+)/m) * 1000
    counters.gcMajorSeconds = seconds(
      /^codev_nodejs_gc_duration_seconds_sum\{kind="major"\} ([\d.e+-]+)/m,
    )
    for (const match of text.matchAll(
      /^codev_nodejs_gc_duration_seconds_sum\{[^}]*\} ([\d.e+-]+)/gm,
    )) {
      counters.gcSeconds += Number(match[1])
    }
    counters.read = count !== null
  } catch {
    // not the project server
  }
  return counters
}

/** Connects the rooms over a fleet of load processes and plays W once per rate. */
async function playW(
  server: BenchServer,
  target: 'hocuspocus' | 'ywebsocket',
  rooms: RoomSpec[],
  rates: number[],
) {
  // The bulk processes hold most rooms, 400 clients each at K = 100: their event loops
  // queue every delivery behind hundreds of others, which no member's browser does.
  // The probe process holds PLAN.probeRooms rooms, playing the same W: the propagation
  // figures are its clients'. The bulk clients' own figure is kept as `packedP99`.
  const fleet = new LoadFleet(PLAN.loadProcesses + 1)
  const probe = PLAN.loadProcesses
  const probeRooms = Math.min(PLAN.probeRooms, rooms.length - 1)
  const bulkRooms = rooms.slice(probeRooms)
  // The bulk processes need more CPU than the 2 cores left beside the server: they run
  // only on the CPU time the server and the probe leave, as if on other machines.
  // Their real send rate is what the figures count (inboundPerS).
  const policies = fleet.processes.slice(0, probe).map((bulk) => runOnIdleCpuOnly(bulk.pid))
  log(`bulk load processes: ${[...new Set(policies)].join(', ')}`)
  const roomsOf = (i: number) =>
    i === probe ? rooms.slice(0, probeRooms) : bulkRooms.filter((_, r) => r % probe === i)
  const runs: {
    rate: number
    p99: number
    p50: number
    packedP99: number
    documentP99: number
    dragP99: number
    inboundPerS: number
    documentPerS: number
    dragPerS: number
    serverCpu: number
    serverLoopCpu: number
    loadLagP99: number
    probeLagP99: number
    bulkCpu: number
    wire: number[]
    closed: number
    refused: number
    appendMeanMs: number
    appendBusyShare: number
    serverLoopDelayP99Ms: number
    serverLoopDelayMaxMs: number
    gcMajorMs: number
    gcMs: number
  }[] = []
  try {
    const wsUrl = wsOf(server.url)
    await fleet.all((i) => ({ type: 'connect', target, wsUrl, rooms: roomsOf(i) }), 'connected')
    await sleep(SETTLE_MS)
    for (const rate of rates) {
      await sleep(SETTLE_MS)
      const before = await serverCounters(server.url)
      const countersFrom = performance.now()
      const cpuBefore = cpuSeconds(server.pid())
      const loopCpuBefore = mainThreadCpuSeconds(server.pid())
      const worked = await fleet.all(
        () => ({
          type: 'workload',
          durationMs: PLAN.workMs,
          warmupMs: PLAN.warmupMs,
          updatesPerClientPerS: rate,
          stepEveryMs: PLAN.stepEveryMs,
        }),
        'worked',
      )
      const playedS = (PLAN.workMs + PLAN.warmupMs) / 1000
      const serverCpu = (cpuSeconds(server.pid()) - cpuBefore) / playedS
      // The main thread alone: without GC helpers and the SQLite writer thread.
      const serverLoopCpu = (mainThreadCpuSeconds(server.pid()) - loopCpuBefore) / playedS
      const probed = worked[probe]!
      const documentLatencies = probed.latencyMs
      const dragLatencies = probed.dragLatencyMs
      // What a member sees arrive: document writes and live drag steps alike.
      const latencies = [...documentLatencies, ...dragLatencies]
      const packed = worked.filter((_, i) => i !== probe)
      const packedLatencies = packed.flatMap((w) => [...w.latencyMs, ...w.dragLatencyMs])
      const documentPerS = worked.reduce((sum, w) => sum + w.writes / w.windowS, 0)
      const dragPerS = worked.reduce((sum, w) => sum + w.dragSteps / w.windowS, 0)
      // Inbound updates: document writes and live drag steps (awareness), each relayed to 7.
      const inboundPerS = documentPerS + dragPerS
      const closes: Record<string, number> = {}
      for (const w of worked) {
        for (const [reason, n] of Object.entries(w.closes))
          closes[reason] = (closes[reason] ?? 0) + n
      }
      const closed = Object.values(closes).reduce((sum, n) => sum + n, 0)
      const run = {
        rate,
        p99: percentile(latencies, 99),
        p50: percentile(latencies, 50),
        packedP99: percentile(packedLatencies, 99),
        documentP99: percentile(documentLatencies, 99),
        dragP99: percentile(dragLatencies, 99),
        inboundPerS,
        documentPerS,
        dragPerS,
        serverCpu,
        serverLoopCpu,
        loadLagP99: Math.max(...packed.map((w) => w.loopDelayP99Ms)),
        // Cores the load processes used: the bulk ones together, and the probe.
        bulkCpu: packed.reduce((sum, w) => sum + w.cpuS / w.windowS, 0),
        probeCpu: probed.cpuS / probed.windowS,
        probeLagP99: probed.loopDelayP99Ms,
        wire: worked.flatMap((w) => w.wireBytes),
        closed,
      }
      log(
        `${target} ${rooms.length} rooms @${rate}/s/client: p50 ${round(run.p50)} ms p99 ${round(run.p99)} ms (probe rooms; packed rooms p99 ${round(run.packedP99)} ms), ` +
          `${Math.round(inboundPerS)} updates/s in (${Math.round(documentPerS)} document, ${Math.round(dragPerS)} live drag), p99 document ${msOrNone(run.documentP99)} / drag ${msOrNone(run.dragP99)}, ${latencies.length} deliveries, server CPU ${round(serverCpu * 100, 0)} % (main thread ${round(serverLoopCpu * 100, 0)} %), loop delay p99 ${round(run.probeLagP99)} ms probe / ${round(run.loadLagP99)} ms packed, load CPU ${round(run.probeCpu * 100, 0)} % probe / ${round(run.bulkCpu * 100, 0)} % bulk`,
      )
      if (closed > 0) log(`  connections closed by the server: ${JSON.stringify(closes)}`)
      // A starved load process sends late: say so when W's rate was not reached.
      const planned = rate * rooms.length * 8
      if (inboundPerS < 0.9 * planned)
        log(`  W fell short: ${Math.round(inboundPerS)} updates/s in of ${planned} planned`)
      const after = await serverCounters(server.url)
      const appends = after.appends - before.appends
      const appendSeconds = after.appendSeconds - before.appendSeconds
      const storage = {
        refused: after.refused - before.refused,
        appendMeanMs: appends > 0 ? (appendSeconds / appends) * 1000 : 0,
        appendBusyShare: appendSeconds / ((performance.now() - countersFrom) / 1000),
        serverLoopDelayP99Ms: after.loopDelayP99Ms,
        serverLoopDelayMaxMs: after.loopDelayMaxMs,
        gcMajorMs: (after.gcMajorSeconds - before.gcMajorSeconds) * 1000,
        gcMs: (after.gcSeconds - before.gcSeconds) * 1000,
      }
      if (before.read && after.read) {
        log(
          `  storage: ${appends} appends, mean ${round(storage.appendMeanMs)} ms, commits busy ${round(storage.appendBusyShare * 100, 0)} % of the time (on the writer thread); ${storage.refused} changes refused`,
        )
        log(
          `  server: event loop delay p99 ${round(storage.serverLoopDelayP99Ms)} ms, max ${round(storage.serverLoopDelayMaxMs)} ms; garbage collection ${round(storage.gcMs, 0)} ms (major ${round(storage.gcMajorMs, 0)} ms)`,
        )
      }
      runs.push({ ...run, ...storage })
    }
    return { runs, fleet }
  } catch (error) {
    await fleet.close()
    throw error
  }
}

/** W on a baseline at the base rate, K anonymous rooms: its one run. */
async function playBaselineW(server: BenchServer, target: 'hocuspocus' | 'ywebsocket') {
  const { runs, fleet } = await playW(server, target, anonymousRooms(PLAN.rooms), [BASE_RATE])
  await fleet.close()
  return runs[0]!
}

/** Idle propagation: one room of 8, spaced single writes, each after the previous ack. */
async function idleProbe(server: BenchServer, target: 'hocuspocus' | 'ywebsocket', room: RoomSpec) {
  const fleet = new LoadFleet(1)
  try {
    await fleet.processes[0]!.ask(
      { type: 'connect', target, wsUrl: wsOf(server.url), rooms: [room] },
      'connected',
    )
    const probed = await fleet.processes[0]!.ask(
      { type: 'probe', samples: PLAN.idleSamples, intervalMs: 10 },
      'probed',
    )
    return {
      p50: round(median(probed.propagationMs), 3),
      p99: round(percentile(probed.propagationMs, 99), 3),
      // The 7 receivers share one load process: the last waits for the others' applies.
      firstP50: round(median(probed.firstPropagationMs), 3),
      ackMs: probed.ackMs,
    }
  } finally {
    await fleet.close()
  }
}

/** (c) The floor: a WebSocket echo on loopback, its round trip's p50. */
async function echoFloorP50(): Promise<number> {
  const echo = await startBaseline('echoServer.ts')
  const fleet = new LoadFleet(1)
  try {
    const { rttMs } = await fleet.processes[0]!.ask(
      { type: 'echo', wsUrl: wsOf(echo.url), samples: PLAN.echoSamples },
      'echoed',
    )
    return round(median(rttMs), 3)
  } finally {
    await fleet.close()
    await echo.stop()
  }
}

function readStoredDocument(file: string, documentName: string): Y.Doc {
  const db = new DatabaseSync(file, { readOnly: true })
  const doc = new Y.Doc()
  const snapshot = db
    .prepare('SELECT data FROM document_snapshots WHERE document = ?')
    .get(documentName) as { data: Uint8Array } | undefined
  if (snapshot) Y.applyUpdate(doc, snapshot.data)
  for (const row of db
    .prepare('SELECT data FROM document_updates WHERE document = ? ORDER BY seq')
    .all(documentName) as { data: Uint8Array }[]) {
    Y.applyUpdate(doc, row.data)
  }
  db.close()
  return doc
}

async function measureOnce(): Promise<Figures & Record<string, number>> {
  const figures: Partial<Figures> & Record<string, number> = {}
  // Other work on the machine skews every figure: keep the load average beside them.
  figures.load_average_1m_at_start = round(loadavg()[0]!, 1)

  figures.echo_rtt_p50_ms = await echoFloorP50()
  log(`echo floor: p50 ${figures.echo_rtt_p50_ms} ms`)
  // What a cold CPU costs here: idle propagation pays it in each of its processes.
  figures.yjs_write_warm_us = round(await yjsWriteMicros(0), 1)
  figures.yjs_write_after_idle_us = round(await yjsWriteMicros(20), 1)
  log(
    `one Yjs write and apply: ${figures.yjs_write_warm_us} us back to back, ${figures.yjs_write_after_idle_us} us after 20 ms idle`,
  )

  // (a) The project's server, everything on.
  const server: ProjectServer = await projectServer()
  const databaseFile = path.join(server.dataDir, 'codev.sqlite')
  await server.start()
  try {
    // Idle propagation and durability, one room of 8.
    {
      const [room] = await createGroups(server.url, 1)
      const idle = await idleProbe(server, 'hocuspocus', room!)
      figures.propagation_idle_p50_ms = idle.p50
      figures.propagation_idle_p99_ms = idle.p99
      figures.durable_p95_ms = round(percentile(idle.ackMs, 95), 3)
      figures.durable_p50_ms = round(median(idle.ackMs), 3)
      figures.propagation_idle_first_receiver_p50_ms = idle.firstP50
      log(
        `idle: propagation p50 ${figures.propagation_idle_p50_ms} p99 ${figures.propagation_idle_p99_ms} ms; acknowledged (= on disk) p95 ${figures.durable_p95_ms} ms`,
      )
    }

    // Idle rooms' memory, then W with K rooms, then the ramp, then a restart.
    await sleep(SETTLE_MS)
    const rooms = await createGroups(server.url, PLAN.rooms)
    const rssBase = rssBytes(server.pid())
    const { runs, fleet } = await playW(server, 'hocuspocus', rooms, PLAN.ramp)
    try {
      // playW connected and settled before its first run; the idle RSS is read from the log of
      // that moment below, so measure it again on a fresh connect would double the work: the
      // rooms are still connected and idle now, after W they hold W's notes (a few KiB each).
      const rssIdle = rssBytes(server.pid())
      figures.rss_per_room_after_w_mib = round((rssIdle - rssBase) / PLAN.rooms / MIB, 3)
      const base = runs.find((run) => run.rate === BASE_RATE)!
      figures.propagation_k100_p99_ms = round(base.p99, 2)
      figures.propagation_k100_p50_ms = round(base.p50, 2)
      figures.propagation_k100_packed_p99_ms = round(base.packedP99, 2)
      figures.inbound_updates_per_s_w = round(base.inboundPerS, 0)
      figures.inbound_document_updates_per_s_w = round(base.documentPerS, 0)
      figures.inbound_drag_updates_per_s_w = round(base.dragPerS, 0)
      figures.propagation_k100_document_p99_ms = round(base.documentP99, 2)
      figures.propagation_k100_drag_p99_ms = round(base.dragP99, 2)
      figures.server_cpu_share_w = round(base.serverCpu, 2)
      figures.server_main_thread_cpu_share_w = round(base.serverLoopCpu, 2)
      figures.append_mean_ms_w = round(base.appendMeanMs, 2)
      figures.append_busy_share_w = round(base.appendBusyShare, 2)
      figures.refused_changes_w = base.refused
      figures.connections_closed_w = base.closed
      const sustained = runs.filter((run) => run.p99 <= 50)
      figures.updates_per_s_per_core = round(
        Math.max(
          0,
          ...sustained.map((run) => run.inboundPerS / Math.max(1, Math.ceil(run.serverCpu - 0.05))),
        ),
        0,
      )
      figures.updates_per_server_cpu_s = round(base.inboundPerS / Math.max(0.01, base.serverCpu), 0)

      // All clients back in sync after a restart (SIGTERM, start again on the same data),
      // once the load processes have caught up with the ramp (its last step overloads them).
      const drained = await fleet.all(() => ({ type: 'drain', timeoutMs: 120_000 }), 'drained')
      if (!drained.every((d) => d.caughtUp))
        log('restart: a load process did not catch up in 120 s')
      await fleet.all(() => ({ type: 'mark' }), 'marked')
      const stopping = performance.now()
      await server.stop('SIGTERM')
      const starting = performance.now()
      await server.start()
      figures.restart_stop_s = round((starting - stopping) / 1000, 2)
      figures.restart_start_s = round((performance.now() - starting) / 1000, 2)
      const synced = await fleet.all(() => ({ type: 'awaitSynced', timeoutMs: 90_000 }), 'synced')
      const seconds = synced.flatMap((s) => s.seconds)
      const missing = synced.reduce((sum, s) => sum + s.missing, 0)
      figures.reconnect_800_p95_s =
        missing > seconds.length * 0.05
          ? Number.POSITIVE_INFINITY
          : round(percentile(seconds, 95), 2)
      figures.reconnect_800_p99_s =
        missing > seconds.length * 0.01
          ? Number.POSITIVE_INFINITY
          : round(percentile(seconds, 99), 2)
      log(
        `restart: ${seconds.length} of ${seconds.length + missing} clients back in sync, p95 ${figures.reconnect_800_p95_s} s p99 ${figures.reconnect_800_p99_s} s`,
      )
    } finally {
      await fleet.close()
    }

    // Memory of idle rooms: a fresh server, K rooms of 8 connected, nothing written.
    // First the RSS growth; then, on another fresh server, what stays alive after a
    // full garbage collection (forcing one before the RSS reading would skew it: V8
    // gives pages back after it and takes them again as the rooms connect).
    for (const reading of ['rss', 'live'] as const) {
      await server.stop('SIGTERM')
      await server.start()
      const memory = () =>
        reading === 'rss' ? Promise.resolve(rssBytes(server.pid())) : liveBytesAfterGc(server.pid())
      const warm = new LoadFleet(1)
      await warm.processes[0]!.ask(
        {
          type: 'connect',
          target: 'hocuspocus',
          wsUrl: wsOf(server.url),
          rooms: rooms.slice(0, 1),
        },
        'connected',
      )
      await sleep(SETTLE_MS)
      const before = await memory()
      const idleRooms = await createGroups(server.url, PLAN.rooms)
      const fleet = new LoadFleet(PLAN.loadProcesses)
      await fleet.all(
        (i) => ({
          type: 'connect',
          target: 'hocuspocus',
          wsUrl: wsOf(server.url),
          rooms: fleet.split(idleRooms, i),
        }),
        'connected',
      )
      await sleep(SETTLE_MS)
      const perRoom = ((await memory()) - before) / PLAN.rooms / MIB
      if (reading === 'rss') figures.rss_per_room_idle_mib = round(perRoom, 3)
      else figures.live_heap_per_room_idle_mib = round(perRoom, 3)
      await fleet.close()
      await warm.close()
    }
    log(
      `idle rooms: ${figures.rss_per_room_idle_mib} MiB (RSS) per room of 8; ${figures.live_heap_per_room_idle_mib} MiB alive after a full GC`,
    )

    // A scripted 2-hour session, then its size, its cold opens and its memory.
    {
      const [room] = await createGroups(server.url, 1)
      const openRooms = await createGroups(server.url, PLAN.openRooms)
      const fleet = new LoadFleet(1)
      await fleet.processes[0]!.ask(
        { type: 'connect', target: 'hocuspocus', wsUrl: wsOf(server.url), rooms: [room!] },
        'connected',
      )
      const started = performance.now()
      const done = await fleet.processes[0]!.ask(
        { type: 'session2h', notes: PLAN.sessionNotes, writes: PLAN.sessionWrites },
        'sessionDone',
      )
      await fleet.close()
      figures.bytes_per_note_update_median = median(done.wireBytes)
      figures.session_writes = done.writes
      log(
        `2-hour session: ${done.writes} writes in ${round((performance.now() - started) / 1000, 1)} s, median ${figures.bytes_per_note_update_median} B on the wire per update`,
      )
      await server.stop('SIGTERM')
      const doc = readStoredDocument(databaseFile, room!.name)
      const encoded = Y.encodeStateAsUpdate(doc)
      const json = JSON.stringify(doc.getMap('records').toJSON())
      figures.doc_bytes_2h = encoded.length
      figures.doc_to_json_ratio_2h = round(encoded.length / json.length, 2)
      figures.session_records = doc.getMap('records').size
      // The storage part of a cold open, as Persistence does it: read the rows, apply them.
      const storageOpenMs = Array.from({ length: 20 }, () => {
        const started = performance.now()
        readStoredDocument(databaseFile, room!.name).destroy()
        return performance.now() - started
      })
      figures.cold_open_storage_p95_ms = round(percentile(storageOpenMs, 95), 2)
      log(
        `2-hour document: ${encoded.length} B encoded, ${json.length} B of JSON, ${doc.getMap('records').size} records`,
      )
      doc.destroy()

      // Give every open-room session the same stored 2-hour document (a snapshot).
      const db = new DatabaseSync(databaseFile)
      const insert = db.prepare(
        'INSERT INTO document_snapshots (document, data, updated_at) VALUES (?, ?, ?) ON CONFLICT (document) DO UPDATE SET data = excluded.data',
      )
      for (const open of openRooms) insert.run(open.name, encoded, Date.now())
      db.close()

      await server.start()
      const warm = new LoadFleet(1)
      const [warmRoom] = await createGroups(server.url, 1)
      await warm.processes[0]!.ask(
        { type: 'connect', target: 'hocuspocus', wsUrl: wsOf(server.url), rooms: [warmRoom!] },
        'connected',
      )
      await sleep(SETTLE_MS)
      const before = rssBytes(server.pid())
      const opener = new LoadFleet(1)
      const connected = await opener.processes[0]!.ask(
        {
          type: 'connect',
          target: 'hocuspocus',
          wsUrl: wsOf(server.url),
          rooms: openRooms,
          stagger: true,
        },
        'connected',
      )
      await sleep(SETTLE_MS)
      figures.rss_per_room_2h_mib = round(
        (rssBytes(server.pid()) - before) / PLAN.openRooms / MIB,
        3,
      )
      figures.cold_open_p95_ms = round(percentile(connected.openMs, 95), 1)
      figures.cold_open_p50_ms = round(median(connected.openMs), 1)
      log(
        `2-hour rooms: cold open p50 ${figures.cold_open_p50_ms} p95 ${figures.cold_open_p95_ms} ms; ${figures.rss_per_room_2h_mib} MiB per room of 8`,
      )
      await opener.close()
      await warm.close()
    }
  } finally {
    await server.stop('SIGTERM')
  }

  // (b) Plain Hocuspocus, same workload.
  {
    const plain = await startBaseline('plainHocuspocus.ts')
    try {
      const idle = await idleProbe(plain, 'hocuspocus', anonymousRooms(1)[0]!)
      figures.baseline_idle_p50_ms = idle.p50
      figures.baseline_idle_p99_ms = idle.p99
      figures.baseline_idle_first_receiver_p50_ms = idle.firstP50
      log(`plain Hocuspocus idle: propagation p50 ${idle.p50} p99 ${idle.p99} ms`)
      const run = await playBaselineW(plain, 'hocuspocus')
      figures.baseline_k100_p99_ms = round(run.p99, 2)
      figures.baseline_k100_packed_p99_ms = round(run.packedP99, 2)
      figures.baseline_inbound_updates_per_s = round(run.inboundPerS, 0)
    } finally {
      await plain.stop()
    }
  }
  figures.guarantee_overhead_p99_ratio = round(
    figures.propagation_k100_p99_ms! / figures.baseline_k100_p99_ms,
    2,
  )

  // (d) The y-websocket reference server, same workload.
  {
    const reference = await startBaseline('yWebsocketServer.ts')
    try {
      const idle = await idleProbe(reference, 'ywebsocket', anonymousRooms(1)[0]!)
      figures.ywebsocket_idle_p50_ms = idle.p50
      figures.ywebsocket_idle_p99_ms = idle.p99
      figures.ywebsocket_idle_first_receiver_p50_ms = idle.firstP50
      log(`y-websocket idle: propagation p50 ${idle.p50} p99 ${idle.p99} ms`)
      const run = await playBaselineW(reference, 'ywebsocket')
      figures.ywebsocket_k100_p99_ms = round(run.p99, 2)
      figures.ywebsocket_k100_packed_p99_ms = round(run.packedP99, 2)
    } finally {
      await reference.stop()
    }
  }
  // Issue 8: two instances on PostgreSQL + Redis, one writer at 50 Hz, a reader on
  // each instance observing the same writes.
  {
    const missing = await servicesMissing()
    if (missing.length > 0) {
      log(
        `cross-instance figure NOT MEASURED: not reachable: ${missing.join(', ')} — start them (scripts/ensure-services.sh) or point CODEV_TEST_DATABASE_URL / CODEV_TEST_REDIS_URL at them`,
      )
    } else {
      const { sameInstance, otherInstance } = await measureCrossInstance(PLAN.crossInstanceWrites)
      figures.single_instance_propagation_p99_ms = sameInstance.p99
      figures.cross_instance_propagation_p99_ms = otherInstance.p99
      figures.cross_instance_p99_difference_ms = round(otherInstance.p99 - sameInstance.p99, 2)
      figures.single_instance_propagation_p50_ms = sameInstance.p50
      figures.cross_instance_propagation_p50_ms = otherInstance.p50
      log(
        `two instances (PostgreSQL + Redis), ${PLAN.crossInstanceWrites} writes at 50 Hz: p50 ${sameInstance.p50} / ${otherInstance.p50} ms, p99 ${sameInstance.p99} / ${otherInstance.p99} ms (same / across instances)`,
      )
    }
  }
  figures.load_average_1m_at_end = round(loadavg()[0]!, 1)
  return figures as Figures & Record<string, number>
}

/**
 * The measured server's commit (CODEV_BENCH_REPO's when set), with "+dirty" when its
 * working tree differs from it.
 */
function gitDescribe(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      cwd: SERVER_REPO,
    }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
      cwd: SERVER_REPO,
    }).trim()
    return dirty ? `${commit}+dirty` : commit
  } catch {
    return 'unknown'
  }
}

/** A result file's fields, with the machine, the mode and the commit they were measured on. */
function withMachine<T extends object>(fields: T) {
  return {
    cpu_model: cpuModel(),
    cores: availableParallelism(),
    quick: QUICK,
    ...fields,
    measured_at: new Date().toISOString(),
    commit: gitDescribe(),
  }
}

function writeResult(name: string, result: object) {
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(path.join(RESULTS_DIR, name), `${JSON.stringify(result, null, 2)}\n`)
}

function report(all: (Figures & Record<string, number>)[]) {
  const keys = [...new Set(all.flatMap((f) => Object.keys(f)))]
  const medians: Record<string, number> = {}
  for (const key of keys)
    medians[key] = median(all.map((f) => f[key]).filter((v) => v !== undefined))
  const result = withMachine({
    runs: all.length,
    ...Object.fromEntries(Object.keys(FIGURES).map((key) => [key, medians[key]])),
    extra: Object.fromEntries(
      keys.filter((key) => !(key in FIGURES)).map((key) => [key, medians[key]]),
    ),
    per_run: all,
  })
  console.log(
    `\n${result.cpu_model}, ${result.cores} cores, ${QUICK ? 'quick' : 'full'}, median of ${all.length} run(s)`,
  )
  console.table(
    Object.entries(FIGURES).map(([figure, target]) => ({ figure, value: medians[figure], target })),
  )
  console.table(Object.entries(result.extra).map(([figure, value]) => ({ figure, value })))
  writeResult('latest.json', result)
  const missing = Object.keys(FIGURES).filter(
    (key) => typeof medians[key] !== 'number' || Number.isNaN(medians[key]),
  )
  if (missing.length > 0) {
    console.error(`the harness produced no value for: ${missing.join(', ')}`)
    process.exitCode = 1
  }
}

/** The baselines of `--w-only` and `--idle-only`: letter, server script, client kind. */
const BASELINES = [
  ['b', 'plainHocuspocus.ts', 'hocuspocus'],
  ['d', 'yWebsocketServer.ts', 'ywebsocket'],
] as const

/**
 * Measures the named engines ((a) ours, (b), (d)) in turn, RUNS times, each on a
 * fresh server, so that they share the host's moods; `afterRun` reports what was kept
 * so far, `beforeRun` measures what the run's engines are compared with. `roomsOf`
 * gives rooms the engine accepts: real groups on ours, anonymous rooms on a baseline.
 */
async function alternateEngines(
  engines: string[],
  label: string,
  measure: (
    engine: string,
    server: BenchServer,
    target: 'hocuspocus' | 'ywebsocket',
    roomsOf: (count: number) => Promise<RoomSpec[]>,
  ) => Promise<void>,
  afterRun: () => void,
  beforeRun?: () => Promise<void>,
) {
  for (let run = 0; run < RUNS; run++) {
    log(`${label}, run ${run + 1} of ${RUNS}: ${engines.join(', ')}`)
    await beforeRun?.()
    if (engines.includes('a')) {
      const server = await projectServer()
      await server.start()
      try {
        await measure('a', server, 'hocuspocus', (count) => createGroups(server.url, count))
      } finally {
        await server.stop()
      }
    }
    for (const [engine, script, target] of BASELINES) {
      if (!engines.includes(engine)) continue
      const baseline = await startBaseline(script)
      try {
        await measure(engine, baseline, target, async (count) => anonymousRooms(count))
      } finally {
        await baseline.stop()
      }
    }
    afterRun()
  }
}

/** A sample's p99s: median, range, and how many met the target (a FIGURES entry, '<= N'). */
function p99Spread(p99s: number[], target: string) {
  const limit = Number(target.replace('<=', ''))
  return {
    p99_median_ms: median(p99s),
    p99_min_ms: Math.min(...p99s),
    p99_max_ms: Math.max(...p99s),
    [`runs_within_${limit}_ms`]: p99s.filter((p99) => p99 <= limit).length,
  }
}

/** One W run of `--w-only`, as kept in w-only-latest.json. */
interface WOnlyRun {
  engine: string
  rate: number
  p99: number
  p50: number
  documentP99: number
  dragP99: number
  inboundPerS: number
  serverCpu: number
  serverLoopCpu: number
  bulkCpu: number
}

/**
 * `--w-only`: W alone on the named servers, RUNS times, engines alternated within each
 * run so that they share the host's moods. Each W line is printed by playW; after every
 * run, w-only-latest.json gets every run and, per engine and rate, the median, the
 * range and how many runs met K = 100's target: one full bench's three runs cannot
 * tell a change from the run-to-run spread, a longer sample of W can.
 */
async function measureWOnly(engines: string[]) {
  const kept: WOnlyRun[] = []
  const keep = (engine: string, run: Awaited<ReturnType<typeof playBaselineW>>) =>
    kept.push({
      engine,
      rate: run.rate,
      p99: round(run.p99, 2),
      p50: round(run.p50, 2),
      documentP99: round(run.documentP99, 2),
      dragP99: round(run.dragP99, 2),
      inboundPerS: round(run.inboundPerS, 0),
      serverCpu: round(run.serverCpu, 2),
      serverLoopCpu: round(run.serverLoopCpu, 2),
      bulkCpu: round(run.bulkCpu, 2),
    })
  await alternateEngines(
    engines,
    'W only',
    async (engine, server, target, roomsOf) => {
      const rates = engine === 'a' ? PLAN.ramp : [BASE_RATE]
      const { runs, fleet } = await playW(server, target, await roomsOf(PLAN.rooms), rates)
      await fleet.close()
      for (const played of runs) keep(engine, played)
    },
    () => reportWOnly(kept),
  )
}

function reportWOnly(kept: WOnlyRun[]) {
  const groups = new Map<string, WOnlyRun[]>()
  for (const run of kept) {
    const key = `${run.engine} @${run.rate}/s`
    groups.set(key, [...(groups.get(key) ?? []), run])
  }
  const summary = [...groups].map(([key, runs]) => {
    return {
      engine: key,
      runs: runs.length,
      ...p99Spread(
        runs.map((run) => run.p99),
        FIGURES.propagation_k100_p99_ms,
      ),
      server_cpu_median: median(runs.map((run) => run.serverCpu)),
      bulk_load_cpu_median: median(runs.map((run) => run.bulkCpu)),
    }
  })
  console.table(summary)
  writeResult('w-only-latest.json', withMachine({ summary, per_run: kept }))
}

/** One idle probe of `--idle-only`, as kept in idle-only-latest.json. */
interface IdleOnlyRun {
  engine: string
  p50: number
  p99: number
  firstP50: number
  /** The echo floor's p50 measured just before, in the same run. */
  echoP50: number
}

/**
 * `--idle-only`: idle propagation alone on the named servers, RUNS times, engines
 * alternated within each run after the echo floor; after every run,
 * idle-only-latest.json gets every probe and, per engine, the medians (p50 also as a
 * multiple of the same run's echo) and how many probes met the p99 target. Idle
 * figures follow the host's moods as much as W's do, so engines are compared in one
 * sample.
 */
async function measureIdleOnly(engines: string[]) {
  const kept: IdleOnlyRun[] = []
  let echoP50 = 0
  const keep = (engine: string, idle: Awaited<ReturnType<typeof idleProbe>>) => {
    kept.push({ engine, p50: idle.p50, p99: idle.p99, firstP50: idle.firstP50, echoP50 })
    log(`${engine} idle: propagation p50 ${idle.p50} p99 ${idle.p99} ms`)
  }
  await alternateEngines(
    engines,
    'idle only',
    async (engine, server, target, roomsOf) => {
      keep(engine, await idleProbe(server, target, (await roomsOf(1))[0]!))
    },
    () => reportIdleOnly(kept),
    async () => {
      echoP50 = await echoFloorP50()
      log(`echo floor: p50 ${echoP50} ms`)
    },
  )
}

function reportIdleOnly(kept: IdleOnlyRun[]) {
  const engines = [...new Set(kept.map((run) => run.engine))]
  const summary = engines.map((engine) => {
    const runs = kept.filter((run) => run.engine === engine)
    return {
      engine,
      runs: runs.length,
      p50_median_ms: median(runs.map((run) => run.p50)),
      p50_to_echo_median: round(median(runs.map((run) => run.p50 / run.echoP50)), 2),
      first_receiver_p50_median_ms: median(runs.map((run) => run.firstP50)),
      ...p99Spread(
        runs.map((run) => run.p99),
        FIGURES.propagation_idle_p99_ms,
      ),
    }
  })
  console.table(summary)
  writeResult('idle-only-latest.json', withMachine({ summary, per_run: kept }))
}

if (W_ONLY) {
  await measureWOnly(W_ONLY)
} else if (IDLE_ONLY) {
  await measureIdleOnly(IDLE_ONLY)
} else {
  const all: (Figures & Record<string, number>)[] = []
  for (let run = 0; run < RUNS; run++) {
    log(`run ${run + 1} of ${RUNS} (${QUICK ? 'quick' : 'full'})`)
    all.push(await measureOnce())
    // Written after every run, so an interrupted long bench still leaves its medians.
    report(all)
  }
}
