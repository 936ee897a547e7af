/**
 * Authorization: every record change a connection causes is judged by the domain's
 * `authorize` before any other participant or the storage sees it (design and
 * threat model: docs/decisions/0002-authorization.md).
 */
import {
  type Actor,
  authorize,
  type RefusedChanges,
  SESSION_STATE_ID,
  type SessionState,
  SessionStateSchema,
} from '@codev/domain'
import type { beforeSyncPayload, Connection, Extension } from '@hocuspocus/server'
import type * as Y from 'yjs'
import { applyAuthorized, checkUpdateShape } from '../authorization/applyAuthorized.ts'
import { RECORDS_ROOT } from '../session/sessionDocument.ts'
import type { AuthContext } from './Auth.ts'

const ALLOWED_ROOTS: ReadonlySet<string> = new Set([RECORDS_ROOT])
const MESSAGE_SYNC_STEP_1 = 0

/** A connection that has this many changes refused within a minute is closed (each revert grows history). */
export const MAX_REFUSED_CHANGES_PER_MINUTE = 120

export type RefusalListener = (reason: string, count: number) => void

/** Reads the server-written session state out of a document, or null before it exists. */
export function readSessionState(records: Y.Map<unknown>): SessionState | null {
  const parsed = SessionStateSchema.safeParse(records.get(SESSION_STATE_ID))
  return parsed.success ? parsed.data : null
}

export function actorFor(context: AuthContext, state: SessionState): Actor | null {
  const role = state.roles[context.memberId as keyof typeof state.roles]
  return role ? ({ memberId: context.memberId, role } as Actor) : null
}

class ForbiddenUpdate extends Error {
  readonly reason: string
  constructor(reason: string) {
    super(reason)
    this.reason = reason
  }
}

export class Authorization implements Extension {
  priority = 500
  private readonly revertClientIds = new WeakMap<Y.Doc, number>()
  private readonly refusedAt = new WeakMap<Connection, number[]>()
  private readonly onRefused: RefusalListener

  constructor(onRefused: RefusalListener = () => {}) {
    this.onRefused = onRefused
  }

  async beforeSync({ type, payload, connection, document, context }: beforeSyncPayload) {
    if (type === MESSAGE_SYNC_STEP_1) return
    // Hocuspocus drops read-only writes after this hook; never apply them here.
    if (connection.readOnly) return

    const revertClientId = this.revertClientIdFor(document)
    const shapeError = checkUpdateShape(
      payload,
      ALLOWED_ROOTS,
      new Set([document.clientID, revertClientId]),
    )
    if (shapeError) {
      this.onRefused(shapeError, 1)
      throw new ForbiddenUpdate(shapeError)
    }

    const records = document.getMap<unknown>(RECORDS_ROOT)
    const state = readSessionState(records)
    const actor = state ? actorFor(context as AuthContext, state) : null
    const result = applyAuthorized(
      document,
      records,
      payload,
      { source: 'connection', connection },
      revertClientId,
      (change) =>
        state && actor
          ? authorize(actor, change, state)
          : { ok: false, error: 'role/unknown-member' },
    )

    if (result.refused.length > 0) {
      for (const { error } of result.refused) this.onRefused(error, 1)
      const message: RefusedChanges = {
        type: 'refused',
        refusals: result.refused.map(({ change, error }) => ({
          id: change.id,
          op: change.op,
          error,
        })),
      }
      connection.sendStateless(JSON.stringify(message))
      this.countRefusals(connection, result.refused.length)
    }
    if (result.missingDependencies) {
      this.onRefused('update/missing-dependencies', 1)
      throw new ForbiddenUpdate('update/missing-dependencies')
    }
  }

  private countRefusals(connection: Connection, count: number) {
    const now = Date.now()
    const recent = (this.refusedAt.get(connection) ?? []).filter((at) => now - at < 60_000)
    for (let i = 0; i < count; i++) recent.push(now)
    this.refusedAt.set(connection, recent)
    if (recent.length > MAX_REFUSED_CHANGES_PER_MINUTE) {
      this.onRefused('limits/too-many-refused-changes', 1)
      connection.close({ code: 4429, reason: 'limits/too-many-refused-changes' })
    }
  }

  /** A second client id per loaded document, for the server's reverts (see applyAuthorized). */
  private revertClientIdFor(document: Y.Doc): number {
    let id = this.revertClientIds.get(document)
    if (id === undefined) {
      do id = Math.floor(Math.random() * 2 ** 31)
      while (id === document.clientID)
      this.revertClientIds.set(document, id)
    }
    return id
  }
}
