/**
 * One seeded convergence run against a real server process: eight members
 * (facilitator, client, six consultants) do random allowed and forbidden things
 * (notes created, moved, typed, deleted, with honest and forged meta; cross-zone
 * moves; writes to the session state; step commands from the facilitator and from
 * others; dot votes, honest and forged), go offline and keep editing, come back;
 * optionally the server is killed (SIGKILL) mid-run and restarted.
 *
 * At the end every replica must hold the same records, a fresh client after a
 * SIGKILL + restart (storage only) too, every record must pass `parseRecord`, and
 * the invariants the domain promises must hold (see `checkInvariants`). Throws an
 * Error naming the seed on the first violation; returns counts otherwise.
 */
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import {
  type PhaseId,
  parseRecord,
  SESSION_STATE_ID,
  type SessionState,
  voteId,
  zoneOf,
} from '@codev/domain'
import { noteRecord } from '@codev/server/testing'
import * as Y from 'yjs'
import { createGroup } from '../../e2e/support/groups.ts'
import { type ServerProcess, serverProcess } from '../../e2e/support/serverProcess.ts'
import {
  canonical,
  type FuzzClient,
  fuzzClient,
  pick,
  random,
  settled,
  sleep,
  until,
} from './fuzzClient.ts'

export interface ConvergenceOptions {
  seed: number
  /** Random actions over all clients. */
  operations: number
  /** SIGKILL + restart of the server at these fractions of the run (e.g. [0.5]). */
  killsAt?: number[]
  /** Clients go offline (provider disconnected) and keep editing. @default true */
  offline?: boolean
  /** Longest offline stretch of one client, in ms (the partition). */
  maxOfflineMs?: number
  /** Upper bound of the pause between two actions, in ms. */
  maxPauseMs?: number
  /** Reconnect a client the server closed for missing dependencies (the mitigation; see RELIABILITY.md). */
  resyncOnMissingDependencies?: boolean
  log?: (line: string) => void
}

export interface ConvergenceStats {
  seed: number
  operations: number
  allowedTried: number
  forbiddenTried: number
  refusalsReported: number
  commandsOk: number
  commandsRefused: number
  offlineStretches: number
  kills: number
  /** Honest clients closed for missing dependencies (and reconnected when allowed). */
  resyncs: number
  records: number
}

const MEMBERS = ['Alice', 'Bob', 'Chloe', 'David', 'Emma', 'Farid', 'Gaby']
/** The facilitator stays in these steps (leaving choix-sujet needs a subject). */
const PHASES_VISITED: PhaseId[] = ['welcome', 'retour', 'choix-sujet']
/** Every forbidden write carries this in its id, text or target, so the end check can find survivors. */
const MARK = 'forbidden'

type Action =
  | 'create'
  | 'type'
  | 'move'
  | 'delete'
  | 'vote'
  | 'forge-author'
  | 'outside-zone'
  | 'cross-zone-move'
  | 'type-others'
  | 'delete-others'
  | 'forge-vote'
  | 'state-write'
  | 'command'
  | 'go-offline'

const ACTIONS: Action[] = [
  'create',
  'create',
  'create',
  'type',
  'type',
  'move',
  'move',
  'delete',
  'vote',
  'vote',
  'forge-author',
  'outside-zone',
  'cross-zone-move',
  'type-others',
  'delete-others',
  'forge-vote',
  'state-write',
  'command',
  'command',
  'go-offline',
]

function stateOf(client: FuzzClient): SessionState | null {
  return (client.records.get(SESSION_STATE_ID) as SessionState | undefined) ?? null
}

/**
 * Notes in this client's replica that pass `filter`. Honest actions never pick a
 * note of the client's own forbidden attempts (marked) still visible before its
 * revert arrives: moving it back into its zone would make it an allowed note.
 */
function notesOf(
  client: FuzzClient,
  filter: (meta: { author: string }) => boolean,
  includeMarked = false,
) {
  const notes: { id: string; record: Record<string, unknown> }[] = []
  for (const [id, value] of client.records.entries()) {
    if (!includeMarked && id.includes(MARK)) continue
    const record = value as { typeName?: string; meta?: { author?: string } }
    if (record.typeName === 'shape' && record.meta?.author !== undefined) {
      if (filter(record.meta as { author: string })) {
        notes.push({ id, record: value as Record<string, unknown> })
      }
    }
  }
  return notes
}

export async function runConvergence(options: ConvergenceOptions): Promise<ConvergenceStats> {
  const { seed, operations } = options
  const log = options.log ?? (() => {})
  const maxOfflineMs = options.maxOfflineMs ?? 2000
  const maxPauseMs = options.maxPauseMs ?? 12
  const killsAt = (options.killsAt ?? []).map((f) => Math.floor(f * operations))
  const next = random(seed)
  const fail = (message: string): never => {
    throw new Error(`convergence seed ${seed}: ${message} (replay with CODEV_SEED=${seed})`)
  }

  const server: ServerProcess = await serverProcess()
  const clients: FuzzClient[] = []
  const stats: ConvergenceStats = {
    seed,
    operations: 0,
    allowedTried: 0,
    forbiddenTried: 0,
    refusalsReported: 0,
    commandsOk: 0,
    commandsRefused: 0,
    offlineStretches: 0,
    kills: 0,
    resyncs: 0,
    records: 0,
  }
  try {
    await server.start()
    const wsUrl = server.url.replace('http', 'ws')
    const group = await createGroup(server.url, MEMBERS)
    const names = ['Fanny', ...MEMBERS]
    const memberIds: Record<string, string> = {}
    for (const [name, token] of Object.entries(group.tokens)) {
      memberIds[name] = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub
    }
    for (const name of names) {
      clients.push(
        fuzzClient(wsUrl, group.sessionId, name, memberIds[name]!, group.tokens[name]!, {
          resyncOnMissingDependencies: options.resyncOnMissingDependencies,
        }),
      )
    }
    await until(() => settled(clients), 15_000, 'first sync of every client')
    const facilitator = clients[0]!
    const assigned = await facilitator.command({
      type: 'assignRole',
      memberId: memberIds.Alice,
      role: 'client',
    })
    if (!assigned?.ok) fail(`could not make Alice the client: ${JSON.stringify(assigned)}`)
    await until(
      () => clients.every((c) => stateOf(c)?.roles[memberIds.Alice!] === 'client'),
      5000,
      'the client role to reach everyone',
    )
    const rolesAfterSetup = canonical(stateOf(facilitator)!.roles)

    let serial = 0
    const onlineAgain: { client: FuzzClient; at: number }[] = []
    for (let op = 0; op < operations; op++) {
      if (killsAt.includes(op)) {
        await server.stop('SIGKILL')
        stats.kills++
        await sleep(next() * 300)
        await server.start()
      }
      for (const entry of onlineAgain.splice(0)) {
        if (Date.now() >= entry.at) {
          entry.client.offline = false
          void entry.client.provider.connect()
        } else onlineAgain.push(entry)
      }
      const client = pick(next, clients)
      const action = pick(next, ACTIONS)
      const state = stateOf(client)
      if (!state) continue
      const me = client.memberId
      const role = state.roles[me] ?? 'observer'
      const phase = state.phase
      const zone = zoneOf(phase)
      const id = `${client.name}-${++serial}`
      const inZone = () => ({ x: 10 + next() * (zone.w - 300), y: 10 + next() * (zone.h - 300) })
      const others = clients.filter((c) => c !== client)
      stats.operations++

      const honestNote = () => {
        const record = noteRecord({
          id: `shape:${id}`,
          text: `note ${id}`,
          author: me,
          role,
          phase,
          kind: phase === 'choix-sujet' && role !== 'facilitator' ? 'proposal' : 'note',
          at: inZone(),
        })
        if (record.meta.kind === 'proposal') {
          Object.assign(record.meta, { proposal: { kind: 'projet', title: `sujet ${id}` } })
        }
        return record
      }

      switch (action) {
        case 'create':
          stats.allowedTried++
          client.records.set(`shape:${id}`, honestNote())
          break
        case 'type':
        case 'move': {
          const mine = notesOf(client, (meta) => meta.author === me)
          if (mine.length === 0) break
          const { id: noteId, record } = pick(next, mine)
          const meta = record.meta as { phase: PhaseId }
          const own = zoneOf(meta.phase)
          stats.allowedTried++
          client.records.set(
            noteId,
            action === 'type'
              ? { ...record, props: { ...(record.props as object), text: `typed ${id}` } }
              : {
                  ...record,
                  x: own.x + 10 + next() * (own.w - 300),
                  y: own.y + 10 + next() * (own.h - 300),
                },
          )
          break
        }
        case 'delete': {
          const mine = notesOf(client, (meta) => meta.author === me)
          if (mine.length === 0) break
          stats.allowedTried++
          client.records.delete(pick(next, mine).id)
          break
        }
        case 'vote': {
          const proposals = notesOf(client, () => true).filter(
            (n) => (n.record.meta as { kind: string }).kind === 'proposal',
          )
          if (proposals.length === 0) break
          stats.allowedTried++
          const dot = 1 + Math.floor(next() * 3)
          client.records.set(voteId(me, dot), {
            id: voteId(me, dot),
            typeName: 'codev_vote',
            voter: me,
            proposalId: pick(next, proposals).id,
          })
          break
        }
        case 'forge-author': {
          stats.forbiddenTried++
          const victim = pick(next, others)
          const record = noteRecord({
            id: `shape:${MARK}-${id}`,
            text: `${MARK} ${id}`,
            author: victim.memberId,
            role: stateOf(client)?.roles[victim.memberId] ?? 'consultant',
            phase,
            at: inZone(),
          })
          client.records.set(record.id, record)
          break
        }
        case 'outside-zone': {
          stats.forbiddenTried++
          const record = noteRecord({
            id: `shape:${MARK}-${id}`,
            text: `${MARK} ${id}`,
            author: me,
            role,
            phase,
            at: { x: zone.w + 50 + next() * 500, y: next() * zone.h },
          })
          client.records.set(record.id, record)
          break
        }
        case 'cross-zone-move': {
          const mine = notesOf(client, (meta) => meta.author === me, true)
          if (mine.length === 0) break
          stats.forbiddenTried++
          const { id: noteId, record } = pick(next, mine)
          const meta = record.meta as { phase: PhaseId }
          const target = zoneOf(
            pick(
              next,
              PHASES_VISITED.filter((p) => p !== meta.phase),
            ),
          )
          client.records.set(noteId, { ...record, x: target.x + 40, y: target.y + 80 })
          break
        }
        case 'type-others': {
          const theirs = notesOf(client, (meta) => meta.author !== me, true)
          if (theirs.length === 0) break
          stats.forbiddenTried++
          const { id: noteId, record } = pick(next, theirs)
          client.records.set(noteId, {
            ...record,
            props: { ...(record.props as object), text: `${MARK} ${id}` },
          })
          break
        }
        case 'delete-others': {
          const theirs = notesOf(client, (meta) => meta.author !== me, true)
          if (theirs.length === 0) break
          stats.forbiddenTried++
          client.records.delete(pick(next, theirs).id)
          break
        }
        case 'forge-vote': {
          stats.forbiddenTried++
          const victim = pick(next, others).memberId
          client.records.set(voteId(victim, 1), {
            id: voteId(victim, 1),
            typeName: 'codev_vote',
            voter: victim,
            proposalId: `shape:${MARK}-${id}`,
          })
          break
        }
        case 'state-write': {
          stats.forbiddenTried++
          client.records.set(SESSION_STATE_ID, {
            ...state,
            phase: 'closing',
            roles: { ...state.roles, [me]: 'facilitator' },
          })
          break
        }
        case 'command': {
          if (client.offline || !client.provider.isSynced) break
          const isFacilitator = client === facilitator
          const index = PHASES_VISITED.indexOf(phase)
          const type = !isFacilitator
            ? pick(next, ['next', 'back', 'skip'])
            : index <= 0 || (index < PHASES_VISITED.length - 1 && next() < 0.5)
              ? 'next'
              : 'back'
          if (isFacilitator) stats.allowedTried++
          else stats.forbiddenTried++
          const result = await client.command({ type })
          if (result?.ok) {
            stats.commandsOk++
            if (!isFacilitator) fail(`${client.name} (${role}) ran the command ${type}`)
          } else if (result) stats.commandsRefused++
          break
        }
        case 'go-offline': {
          if (options.offline === false || client.offline || client === facilitator) break
          client.offline = true
          stats.offlineStretches++
          client.provider.disconnect()
          onlineAgain.push({ client, at: Date.now() + next() * maxOfflineMs })
          break
        }
      }
      await sleep(next() * maxPauseMs)
    }

    // Everyone back online; wait until every replica holds the same records.
    for (const client of clients) {
      if (client.offline) {
        client.offline = false
        void client.provider.connect()
      }
    }
    const snapshot = (client: FuzzClient) => canonical(client.records.toJSON())
    try {
      await until(
        () => settled(clients) && new Set(clients.map(snapshot)).size === 1,
        30_000,
        'every replica to converge',
      )
    } catch {
      const sizes = clients.map(
        (c) =>
          `${c.name}: ${c.records.size} records, synced ${c.provider.isSynced}, unsynced ${c.provider.hasUnsyncedChanges}, closes [${c.closes.filter((r) => !r.startsWith('1005')).join(' ')}]`,
      )
      fail(`replicas did not converge:\n${sizes.join('\n')}`)
    }
    stats.refusalsReported = clients.reduce((sum, c) => sum + c.refused, 0)
    stats.resyncs = clients.reduce((sum, c) => sum + c.resyncs, 0)
    const converged = clients[0]!.records.toJSON() as Record<string, unknown>
    stats.records = Object.keys(converged).length
    checkInvariants(converged, {
      members: new Set(Object.values(memberIds)),
      facilitatorId: memberIds.Fanny!,
      rolesAfterSetup,
      fail,
    })

    // Storage: kill without warning, restart, and read with a fresh client.
    for (const client of clients.splice(0)) client.destroy()
    await server.stop('SIGKILL')
    await server.start()
    const stored = readStoredDocument(server.dataDir, group.sessionId)
    if (stored.store.pendingStructs || stored.store.pendingDs) {
      fail('the stored log leaves pending structs (updates whose dependencies were never stored)')
    }
    if (canonical(stored.getMap('records').toJSON()) !== canonical(converged)) {
      fail('the stored log differs from the converged replicas')
    }
    const reader = fuzzClient(wsUrl, group.sessionId, 'reader', memberIds.Bob!, group.tokens.Bob!)
    clients.push(reader)
    await until(() => settled([reader]), 15_000, 'the fresh reader to sync')
    if (snapshot(reader) !== canonical(converged)) {
      const stored = reader.records.toJSON() as Record<string, unknown>
      const lost = Object.keys(converged).filter((key) => !(key in stored))
      fail(`storage differs from the replicas after a restart; missing ${lost.join(', ')}`)
    }
    log(`convergence ${JSON.stringify(stats)}`)
    return stats
  } finally {
    for (const client of clients) client.destroy()
    await server.stop('SIGKILL')
  }
}

/** The session document as the SQLite file holds it (snapshot, then the log in order). */
export function readStoredDocument(dataDir: string, documentName: string): Y.Doc {
  const db = new DatabaseSync(path.join(dataDir, 'codev.sqlite'), { readOnly: true })
  try {
    const doc = new Y.Doc()
    const snapshot = db
      .prepare('SELECT data FROM document_snapshots WHERE document = ?')
      .get(documentName) as { data: Uint8Array } | undefined
    if (snapshot) Y.applyUpdate(doc, snapshot.data)
    const rows = db
      .prepare('SELECT data FROM document_updates WHERE document = ? ORDER BY seq')
      .all(documentName) as { data: Uint8Array }[]
    for (const row of rows) Y.applyUpdate(doc, row.data)
    return doc
  } finally {
    db.close()
  }
}

interface InvariantContext {
  members: Set<string>
  facilitatorId: string
  rolesAfterSetup: string
  fail: (message: string) => never
}

/**
 * What the domain promises of a session document (docs/permissions.md, decision
 * 0003): every record passes its schema; every shape's parent exists; a note's
 * author is a member and the note lies inside its phase's zone; a vote's voter is
 * a member; the session state is only what the server's transitions wrote. It
 * does not promise that a cluster's sources still exist (a source may be deleted;
 * the report keeps only existing ones), so that is not checked.
 */
export function checkInvariants(records: Record<string, unknown>, context: InvariantContext): void {
  const { members, facilitatorId, rolesAfterSetup, fail } = context
  for (const [id, value] of Object.entries(records)) {
    const parsed = parseRecord(value)
    if (!parsed.ok) fail(`${id} fails parseRecord: ${parsed.error}`)
    if (id.includes(MARK) || JSON.stringify(value).includes(MARK)) {
      fail(`a forbidden change survived: ${id} = ${JSON.stringify(value)}`)
    }
    const record = value as {
      typeName: string
      parentId?: string
      x?: number
      y?: number
      meta?: { author: string; phase: PhaseId }
      voter?: string
    }
    if (record.typeName === 'shape') {
      if (!record.parentId || !(record.parentId in records)) {
        fail(`${id} has a missing parent ${record.parentId}`)
      }
      if (record.meta && !members.has(record.meta.author)) {
        fail(`${id} has an author who is not a member`)
      }
      if (record.meta) {
        const zone = zoneOf(record.meta.phase)
        const inside =
          record.x! >= zone.x &&
          record.x! < zone.x + zone.w &&
          record.y! >= zone.y &&
          record.y! < zone.y + zone.h
        if (!inside) fail(`${id} lies outside the zone of ${record.meta.phase}`)
      }
    }
    if (record.typeName === 'codev_vote' && !members.has(record.voter!)) {
      fail(`${id} has a voter who is not a member`)
    }
  }
  const state = records[SESSION_STATE_ID] as SessionState | undefined
  if (!state) {
    fail('the session state is missing')
    return
  }
  if (canonical(state.roles) !== rolesAfterSetup) {
    fail(`the roles changed without a command: ${JSON.stringify(state.roles)}`)
  }
  if (!PHASES_VISITED.includes(state.phase)) fail(`the step is ${state.phase}, never commanded`)
  if (state.history.some((entry) => entry.by !== facilitatorId)) {
    fail('a step change in the history is not the facilitator’s')
  }
  const last = state.history.at(-1)?.to ?? 'welcome'
  if (last !== state.phase) fail(`the step ${state.phase} is not the last one the history records`)
}
