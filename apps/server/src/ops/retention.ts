/**
 * The retention job: purges the sessions past their group's retention period
 * (retention.ts says which, and what goes), on start, every hour, and when the
 * facilitator asks. A purge removes the notes from the live session document (so
 * open boards see it), clears every member's private spaces of the session, then
 * folds each stored log into a snapshot so the removed text leaves the disk too;
 * it marks the session purged and writes one line in the group's log.
 */
import {
  isDueForPurge,
  PRIVATE_SPACES,
  PURGE_INTERVAL_MS,
  parseSessionState,
  privateDocumentName,
  purgedSessionState,
  recordsToPurge,
  SESSION_STATE_ID,
} from '@codev/domain'
import type * as Y from 'yjs'
import { changeDocument, type DocumentAccess } from '../session/changeDocument.ts'
import type { CycleData } from '../storage/CycleStore.ts'
import type { AppData, DocumentStore } from '../storage/Storage.ts'
import type { Logger } from './logger.ts'

export interface RetentionDeps extends DocumentAccess {
  app: AppData
  cycle: CycleData
  documents: DocumentStore
  log: Logger
  now(): number
}

export class Retention {
  private readonly deps: RetentionDeps
  private timer: NodeJS.Timeout | null = null
  private running: Promise<unknown> = Promise.resolve()

  constructor(deps: RetentionDeps) {
    this.deps = deps
  }

  /** Runs now and then every `intervalMs`; errors are logged, never thrown. */
  start(intervalMs = PURGE_INTERVAL_MS): void {
    const run = () => {
      this.running = this.purgeAll().catch((error) =>
        this.deps.log.error({ err: error }, 'retention purge failed'),
      )
    }
    run()
    this.timer = setInterval(run, intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }

  async purgeAll(): Promise<number> {
    let purged = 0
    for (const { groupId } of await this.deps.cycle.listRetentionGroups()) {
      purged += await this.purgeGroup(groupId, null)
    }
    return purged
  }

  /** Purges the group's sessions that are due; `actorId` is the facilitator who asked, or null. */
  async purgeGroup(groupId: string, actorId: string | null): Promise<number> {
    const { cycle, app } = this.deps
    const settings = await cycle.getRetention(groupId)
    const places = await cycle.listPlaces(groupId)
    const members = await app.listMembers(groupId)
    let purged = 0
    for (const session of await app.listSessions(groupId)) {
      const purgedAt = places.find((p) => p.sessionId === session.id)?.purgedAt ?? null
      const now = this.deps.now()
      if (!isDueForPurge({ scheduledAt: session.scheduledAt, purgedAt }, settings, now)) continue
      const removed = await this.change(session.id, (records) => {
        const ids = recordsToPurge(records.values(), settings.keepActionPlan)
        for (const id of ids) records.delete(id)
        const state = parseSessionState(records.get(SESSION_STATE_ID))
        if (state) records.set(SESSION_STATE_ID, purgedSessionState(state))
        return ids.length
      })
      for (const member of members) {
        for (const space of PRIVATE_SPACES) {
          await this.change(privateDocumentName(session.id, space, member.id), (records) => {
            for (const key of [...records.keys()]) records.delete(key)
            return 0
          })
        }
      }
      await cycle.markPurged(session.id, now)
      await cycle.appendLog({
        groupId,
        at: now,
        kind: 'purge',
        actorId,
        sessionId: session.id,
        detail: `#${session.number} −${removed}${settings.keepActionPlan ? ' / plan' : ''}`,
      })
      this.deps.log.info({ groupId, sessionId: session.id, removed }, 'session purged')
      purged += 1
    }
    return purged
  }

  /** Changes a stored document through the live server, then folds its log so nothing removed stays on disk. */
  private async change(name: string, edit: (records: Y.Map<unknown>) => number): Promise<number> {
    const stored = await this.deps.documents.loadDocument(name)
    if (!stored.snapshot && stored.updates.length === 0) return 0
    const result = await changeDocument(this.deps, name, edit)
    await this.deps.documents.compact(name, this.deps.now())
    return result
  }
}
