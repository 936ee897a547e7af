/**
 * AwarenessGuard: what a connection says through Yjs awareness is checked before
 * anyone else hears it. Awareness is never stored, but peers act on it: who is here
 * and whose camera calls to obey (`codev`), where a dragged note is right now
 * (`drag`, see the domain's liveDrag.ts).
 *
 * - A connection speaks for one awareness client id, the first it announces (an
 *   honest provider's is its Y.Doc's clientID); entries for any other id are dropped.
 * - `codev` must name the connection's own member, and `presence` (tldraw's cursor)
 *   must be drawn under that member's user id, or they are removed.
 * - `drag` keeps only the positions its drop would be allowed to write, and only in
 *   a session's main document.
 *
 * It strips, never refuses: a hostile client loses its own forged fields and nothing
 * else, and its connection stays open. It does not judge any other field (the
 * cursor's position and name are the member's own), and lets through untouched what
 * another instance relays (Redis): that was judged where it came from.
 */
import { allowedLiveDrag, LIVE_DRAG_FIELD, parseDocumentName, parseLiveDrag } from '@codev/domain'
import type {
  beforeHandleAwarenessPayload,
  Connection,
  Document,
  Extension,
  onDisconnectPayload,
} from '@hocuspocus/server'
import { RECORDS_ROOT } from '../session/sessionDocument.ts'
import type { AuthContext } from './Auth.ts'
import { actorFor, readSessionState } from './Authorization.ts'

/** The awareness field where the web app says who a client is (apps/web/src/board/usePresence.ts). */
export const IDENTITY_FIELD = 'codev'
/** tldraw's presence record (cursor, selection, name; bindStoreToRecords.ts), drawn under its user id. */
export const PRESENCE_FIELD = 'presence'

/** Reasons counted for what the guard strips (`codev_refused_changes_total`). */
export const AWARENESS_STRIPPED = {
  foreignClient: 'awareness/foreign-client',
  identity: 'awareness/forged-identity',
  presence: 'awareness/forged-presence',
  dragInvalid: 'awareness/drag-invalid',
  dragRefused: 'awareness/drag-refused',
  dragOutsideSession: 'awareness/drag-outside-session',
} as const

export interface AwarenessGuardOptions {
  /** Counts each stripped entry or field by reason (metrics). */
  onStripped?(reason: string, count: number): void
}

type AwarenessState = Record<string, unknown>

export class AwarenessGuard implements Extension {
  /** The client id each connection speaks for. */
  private readonly clientOf = new WeakMap<Connection, number>()
  /** Per document, the connection each bound client id belongs to. */
  private readonly owners = new WeakMap<Document, Map<number, Connection>>()
  private readonly options: AwarenessGuardOptions

  constructor(options: AwarenessGuardOptions = {}) {
    this.options = options
  }

  async beforeHandleAwareness({
    states,
    connection,
    document,
    documentName,
  }: beforeHandleAwarenessPayload): Promise<void> {
    if (!connection) return
    const context = connection.context as AuthContext
    let first = true
    for (const [clientId, state] of states) {
      // Hocuspocus decodes the update into a scratch Awareness whose own empty state
      // comes first (clock 0: never applied). It is not the client's to bind.
      if (first) {
        first = false
        if (isEmptyState(state)) {
          states.delete(clientId)
          continue
        }
      }
      if (!this.speaksFor(connection, context, document, clientId)) {
        states.delete(clientId)
        this.stripped(AWARENESS_STRIPPED.foreignClient)
        continue
      }
      if (typeof state !== 'object' || state === null) continue
      const identity = state[IDENTITY_FIELD]
      if (identity !== undefined && !isIdentityOf(identity, context.memberId)) {
        delete state[IDENTITY_FIELD]
        this.stripped(AWARENESS_STRIPPED.identity)
      }
      const presence = state[PRESENCE_FIELD]
      if (presence !== undefined && !isPresenceOf(presence, context.memberId)) {
        delete state[PRESENCE_FIELD]
        this.stripped(AWARENESS_STRIPPED.presence)
      }
      if (state[LIVE_DRAG_FIELD] !== undefined) {
        this.judgeDrag(state, context, document, documentName)
      }
    }
  }

  /** Bindings of connections that closed are released (a reconnect binds its id anew). */
  async onDisconnect({ document }: onDisconnectPayload): Promise<void> {
    const owners = this.owners.get(document)
    if (!owners) return
    for (const [clientId, owner] of owners) {
      if (!document.hasConnection(owner)) owners.delete(clientId)
    }
  }

  /** May this connection update `clientId`'s awareness state? Binds its first one. */
  private speaksFor(
    connection: Connection,
    context: AuthContext,
    document: Document,
    clientId: number,
  ): boolean {
    const own = this.clientOf.get(connection)
    if (own !== undefined) return own === clientId
    let owners = this.owners.get(document)
    if (!owners) {
      owners = new Map()
      this.owners.set(document, owners)
    }
    const owner = owners.get(clientId)
    if (owner && owner !== connection && document.hasConnection(owner)) {
      // The same member's: a reconnect the server has not noticed yet (a dead
      // socket it still holds) takes its id over. Anyone else's is refused.
      if ((owner.context as AuthContext).memberId !== context.memberId) return false
      this.clientOf.delete(owner)
      document.getClients(owner).delete(clientId)
    } else if (!owner && document.awareness.getStates().has(clientId)) {
      // A client no connection here speaks for: another instance's (Redis).
      return false
    }
    owners.set(clientId, connection)
    this.clientOf.set(connection, clientId)
    // Hocuspocus removes a connection's states on close only for ids it saw that
    // connection add; a reconnect only updates its id, so record it here.
    document.getClients(connection).add(clientId)
    return true
  }

  private judgeDrag(
    state: AwarenessState,
    context: AuthContext,
    document: Document,
    documentName: string,
  ) {
    const value = state[LIVE_DRAG_FIELD]
    if (parseDocumentName(documentName)?.kind !== 'session') {
      delete state[LIVE_DRAG_FIELD]
      if (value !== null) this.stripped(AWARENESS_STRIPPED.dragOutsideSession)
      return
    }
    if (value === null || (Array.isArray(value) && value.length === 0)) return
    const drag = parseLiveDrag(value)
    if (!drag) {
      delete state[LIVE_DRAG_FIELD]
      this.stripped(AWARENESS_STRIPPED.dragInvalid)
      return
    }
    const records = document.getMap<unknown>(RECORDS_ROOT)
    const sessionState = readSessionState(records)
    const actor = sessionState && actorFor(context, sessionState)
    const allowed =
      actor && sessionState
        ? allowedLiveDrag(actor, drag, (id) => records.get(id), sessionState)
        : []
    if (allowed.length === drag.length) return
    state[LIVE_DRAG_FIELD] = allowed.length > 0 ? allowed : null
    this.stripped(AWARENESS_STRIPPED.dragRefused, drag.length - allowed.length)
  }

  private stripped(reason: string, count = 1) {
    this.options.onStripped?.(reason, count)
  }
}

function isEmptyState(state: unknown): boolean {
  if (typeof state !== 'object' || state === null) return false
  for (const _ in state) return false
  return true
}

/** An identity field that names `memberId` (or none: null claims nothing). */
function isIdentityOf(identity: unknown, memberId: string): boolean {
  return (
    identity === null ||
    (typeof identity === 'object' && (identity as { memberId?: unknown }).memberId === memberId)
  )
}

/** A presence record drawn as `memberId`'s cursor (tldraw's user id: `user:<memberId>`), or none. */
function isPresenceOf(presence: unknown, memberId: string): boolean {
  return (
    presence === null ||
    (typeof presence === 'object' &&
      (presence as { userId?: unknown }).userId === `user:${memberId}`)
  )
}
