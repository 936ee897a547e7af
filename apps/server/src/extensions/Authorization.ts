/**
 * Authorization: every record change a connection causes is judged by the domain's
 * `authorize` before any other participant or the storage sees it (design and
 * threat model: docs/decisions/0002-authorization.md).
 */
import {
  type Actor,
  authorize,
  authorizePrivate,
  parseDocumentName,
  parseSessionState,
  type RefusedChanges,
  SESSION_STATE_ID,
  type SessionState,
} from '@codev/domain'
import {
  type afterLoadDocumentPayload,
  type beforeSyncPayload,
  type Connection,
  type Extension,
  OutgoingMessage,
} from '@hocuspocus/server'
import * as Y from 'yjs'
import {
  applyAuthorized,
  changeOf,
  checkUpdateShape,
  emptyAppliedPayload,
  type RecordChange,
  type Verdict,
  wasJudged,
} from '../authorization/applyAuthorized.ts'
import { RECORDS_ROOT } from '../session/sessionDocument.ts'
import type { AuthContext } from './Auth.ts'

const ALLOWED_ROOTS: ReadonlySet<string> = new Set([RECORDS_ROOT])
const MESSAGE_SYNC_STEP_1 = 0
/** Origin of the server's own undo of a change that escaped the judge. */
const UNDO_ORIGIN = { source: 'local' as const, context: { server: 'authorization' } }

/** A connection that has this many changes refused within a minute is closed (each revert grows history). */
export const MAX_REFUSED_CHANGES_PER_MINUTE = 120
/**
 * How long a session state stays an excuse after it was replaced: a change refused
 * now that this state allowed was sent by a client that had not seen the change yet
 * (in flight at a step change, queued while offline, a lagging client) — it is not
 * counted towards the refusal limit.
 */
export const STALE_STATE_GRACE_MS = 60_000

export interface AuthorizationOptions {
  /** Counts each refusal by reason (metrics). */
  onRefused?(reason: string, count: number): void
  /** The live session document, whose state judges the writes in its private spaces. */
  sessionDocument(sessionId: string): Y.Doc | undefined
  /** Told when a connection's change reached a document unjudged and was undone (a server bug). */
  onUnjudgedChange?(detail: { documentName: string; socketId: string; ids: string[] }): void
}

function connectionOf(origin: unknown): Connection | null {
  const candidate = origin as { source?: unknown; connection?: Connection } | null
  return candidate?.source === 'connection' && candidate.connection ? candidate.connection : null
}

/** Reads the server-written session state out of a document, or null before it exists. */
export function readSessionState(records: Y.Map<unknown>): SessionState | null {
  return parseSessionState(records.get(SESSION_STATE_ID))
}

export function actorFor(context: AuthContext, state: SessionState): Actor | null {
  const role = state.roles[context.memberId as keyof typeof state.roles]
  return role ? ({ memberId: context.memberId, role } as Actor) : null
}

/** Puts records back as they were, in a server transaction (run from an observer: a new one). */
function undo(
  document: Y.Doc,
  records: Y.Map<unknown>,
  changes: { id: string; before: unknown }[],
) {
  if (changes.length === 0) return
  Y.transact(
    document,
    () => {
      for (const { id, before } of changes) {
        if (before === undefined) records.delete(id)
        else records.set(id, before)
      }
    },
    UNDO_ORIGIN,
  )
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b)
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
  /** Each session document's replaced states, with when they were replaced. */
  private readonly replacedStates = new WeakMap<Y.Doc, { state: SessionState; until: number }[]>()
  private readonly options: AuthorizationOptions

  constructor(options: AuthorizationOptions) {
    this.options = options
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    const records = document.getMap<unknown>(RECORDS_ROOT)
    records.observe((event, transaction) => {
      this.undoUnjudged(documentName, document, records, event, transaction)
      const state = event.changes.keys.get(SESSION_STATE_ID)
      if (state && !connectionOf(transaction.origin))
        this.rememberReplaced(document, state.oldValue)
    })
  }

  private rememberReplaced(document: Y.Doc, oldValue: unknown) {
    const replaced = parseSessionState(oldValue)
    if (!replaced) return
    const now = Date.now()
    const recent = (this.replacedStates.get(document) ?? []).filter(
      ({ until }) => now - until < STALE_STATE_GRACE_MS,
    )
    recent.push({ state: replaced, until: now })
    this.replacedStates.set(document, recent)
  }

  /** Whether a session state replaced less than STALE_STATE_GRACE_MS ago allowed `change`. */
  private allowedByRecentState(
    documentName: string,
    document: Y.Doc,
    context: AuthContext,
    change: RecordChange,
  ): boolean {
    const address = parseDocumentName(documentName)
    const sessionDoc =
      address?.kind === 'private' ? this.options.sessionDocument(address.sessionId) : document
    const now = Date.now()
    const recent = (sessionDoc && this.replacedStates.get(sessionDoc)) || []
    return recent.some(
      ({ state, until }) =>
        now - until < STALE_STATE_GRACE_MS &&
        this.judgeFor(documentName, document, context, state)(change).ok,
    )
  }

  /**
   * Defense in depth behind `beforeSync`. After the hooks, Hocuspocus applies
   * each payload again; if what `applyAuthorized` could not apply
   * (missing dependencies) became applicable meanwhile, that re-apply integrates it
   * unjudged. Any change a connection's transaction makes outside `applyAuthorized`
   * is judged here and what is refused is undone at once, in a server transaction.
   * And whatever path it took, no connection's transaction may leave the session
   * state other than it found it: without it every member is refused everything.
   */
  private undoUnjudged(
    documentName: string,
    document: Y.Doc,
    records: Y.Map<unknown>,
    event: Y.YMapEvent<unknown>,
    transaction: Y.Transaction,
  ) {
    const connection = connectionOf(transaction.origin)
    if (!connection) return
    const state = event.changes.keys.get(SESSION_STATE_ID)
    const stateBefore = state?.action === 'add' ? undefined : state?.oldValue
    const undone: string[] = []
    if (state && !sameJson(records.get(SESSION_STATE_ID), stateBefore)) {
      undo(document, records, [{ id: SESSION_STATE_ID, before: stateBefore }])
      undone.push(SESSION_STATE_ID)
    }
    if (!wasJudged(transaction)) {
      // Judged as this connection's, under the (restored) state.
      const judge = this.judgeFor(documentName, document, connection.context as AuthContext)
      const refused: { id: string; before: unknown }[] = []
      for (const [id, { action, oldValue }] of event.changes.keys) {
        if (id === SESSION_STATE_ID) continue
        const before = action === 'add' ? undefined : oldValue
        const change = changeOf(id, before, records.get(id))
        if (change && !judge(change).ok) refused.push({ id, before })
      }
      undo(document, records, refused)
      undone.push(...refused.map(({ id }) => id))
    }
    if (undone.length === 0) return
    this.onRefused('update/unjudged', undone.length)
    this.options.onUnjudgedChange?.({ documentName, socketId: connection.socketId, ids: undone })
  }

  private onRefused(reason: string, count: number) {
    this.options.onRefused?.(reason, count)
  }

  /** The judge of one connection's changes to one document. */
  private judgeFor(
    documentName: string,
    document: Y.Doc,
    context: AuthContext,
    stateNow?: SessionState,
  ): (change: RecordChange) => Verdict {
    const address = parseDocumentName(documentName)
    const sessionDoc =
      address?.kind === 'private' ? this.options.sessionDocument(address.sessionId) : document
    const state =
      stateNow ?? (sessionDoc ? readSessionState(sessionDoc.getMap(RECORDS_ROOT)) : null)
    const actor = state ? actorFor(context, state) : null
    if (!address || !state || !actor) {
      // A private space whose session nobody has open is not being written in.
      const error = address?.kind === 'private' ? 'silent/not-on' : 'role/unknown-member'
      return () => ({ ok: false, error })
    }
    if (address.kind === 'private') {
      return (change) => authorizePrivate(actor, change, address.space, state)
    }
    return (change) => authorize(actor, change, state)
  }

  async beforeSync({
    type,
    payload,
    connection,
    document,
    documentName,
    context,
  }: beforeSyncPayload) {
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
    const result = applyAuthorized(
      document,
      records,
      payload,
      { source: 'connection', connection },
      revertClientId,
      this.judgeFor(documentName, document, context as AuthContext),
    )
    emptyAppliedPayload(payload)

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
      // Only what the client could have avoided counts: not what a state it had
      // not seen yet (a step change racing its writes) still allowed.
      const avoidable = result.refused.filter(
        ({ change }) =>
          !this.allowedByRecentState(documentName, document, context as AuthContext, change),
      )
      this.countRefusals(connection, avoidable.length)
    }
    if (result.missingDependencies) {
      // An honest client whose earlier update the server lost in a crash sends
      // updates that depend on it: ask it for everything the server lacks (a sync
      // step 1 with the server's state vector); its reply is judged like any update.
      this.onRefused('update/missing-dependencies', 1)
      connection.send(
        new OutgoingMessage(connection.messageAddress)
          .createSyncMessage()
          .writeFirstSyncStepFor(document)
          .toUint8Array(),
      )
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
