/**
 * Binds a tldraw store to the session's Yjs records map, both ways:
 * - local document changes (shapes, bindings, pages, assets) are written as whole
 *   records, coalesced per record and flushed at most every OUTGOING_FLUSH_INTERVAL_MS
 *   so that a drag does not write 60 records a second;
 * - with `liveDrags` (a session's main document), moves — updates of shapes that change
 *   nothing but x, y or rotation: a drag, a nudge, an undone move — are not written
 *   while they last: their positions travel through awareness (LIVE_DRAG_FIELD) at
 *   the same rate, and the document gets one record per shape on the drop (every
 *   document write is judged, stored and kept forever by the server; a position in
 *   motion needs none of that);
 * - remote changes (peers, and the server's reverts of refused changes) are merged
 *   into the store as remote changes, once per animation frame: a burst of remote
 *   edits costs one store update and one render, not one per Yjs transaction. Peers'
 *   live drags are merged the same way, each entry judged by the domain as the
 *   update it becomes on drop, and shown until it leaves the peer's awareness;
 * - presence (cursor, name, selection) travels through Yjs awareness, never the document.
 * Records of other kinds (the method's own) are left to the meeting UI.
 */
import {
  allowedLiveDrag,
  BOARD_RECORD_TYPES,
  LIVE_DRAG_FIELD,
  type LiveDrag,
  type LiveDragEntry,
  MAX_LIVE_DRAG_SHAPES,
  type MemberId,
  parseLiveDrag,
  parseSessionState,
  SESSION_STATE_ID,
} from '@codev/domain'
import type { HocuspocusProvider } from '@hocuspocus/provider'
import {
  atom,
  createPresenceStateDerivation,
  createUserId,
  type Editor,
  isEqual,
  react,
  type TLInstancePresence,
  type TLRecord,
  type TLShape,
  type TLStore,
  UserRecordType,
} from 'tldraw'
import type * as Y from 'yjs'

/** 30 Hz: smooth enough for peers, and half the writes of a 60 Hz drag. */
export const OUTGOING_FLUSH_INTERVAL_MS = 33

/**
 * A move made without holding the pointer (an arrow-key nudge, an undo) is dropped
 * once this long passes without another: a held arrow key repeats faster than this.
 */
export const MOVE_SETTLE_MS = 150

/** Origin of the Yjs transactions this binding writes, so it can skip its own echoes. */
const LOCAL_ORIGIN = Symbol('codev-board-local')

export interface BoardUser {
  id: string
  name: string
  color: string
}

function isStoreRecord(store: TLStore, value: unknown): value is TLRecord {
  if (typeof value !== 'object' || value === null) return false
  const typeName = (value as { typeName?: unknown }).typeName
  return typeof typeName === 'string' && typeName in store.schema.types
}

function isShape(store: TLStore, value: unknown): value is TLShape {
  return isStoreRecord(store, value) && value.typeName === 'shape'
}

function movedTo(shape: TLShape, position: { x: number; y: number; rotation: number }): TLShape {
  return { ...shape, x: position.x, y: position.y, rotation: position.rotation }
}

/**
 * The shape with the store's own props and meta objects where they are equal to its
 * own. tldraw keeps a shape's geometry while its props and meta stay the same
 * objects (for a note, the geometry is a measure of its text in the DOM), and every
 * record read from Yjs is a new object: without this, each peer's drop or move of a
 * note would measure its text again.
 */
function sharingContent(store: TLStore, record: TLRecord): TLRecord {
  if (record.typeName !== 'shape') return record
  const current = store.get(record.id)
  if (current?.typeName !== 'shape') return record
  const props = isEqual(current.props, record.props) ? current.props : record.props
  const meta = isEqual(current.meta, record.meta) ? current.meta : record.meta
  if (props === record.props && meta === record.meta) return record
  return { ...record, props, meta } as TLShape
}

/** Puts records one by one: one that this version cannot validate must not stop the others. */
function putEach(store: TLStore, records: readonly TLRecord[]) {
  for (const record of records) {
    try {
      store.put([sharingContent(store, record)])
    } catch (error) {
      console.warn('codev: ignored an invalid record from the session', record.id, error)
    }
  }
}

const LIVE_POSITION_KEYS = new Set(['x', 'y', 'rotation'])

/** Whether `record` is the stored shape moved: nothing but x, y or rotation differs. */
function isMoveOf(stored: unknown, record: TLRecord): record is TLShape {
  if (record.typeName !== 'shape' || typeof stored !== 'object' || stored === null) return false
  const before = stored as Record<string, unknown>
  const after = record as unknown as Record<string, unknown>
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!LIVE_POSITION_KEYS.has(key) && !isEqual(before[key], after[key])) return false
  }
  return true
}

function liveEntryOf(shape: TLShape): LiveDragEntry {
  return { id: shape.id, x: shape.x, y: shape.y, rotation: shape.rotation }
}

function memberIdOf(awarenessState: Record<string, unknown>): MemberId | null {
  const memberId = (awarenessState.codev as { memberId?: unknown } | undefined)?.memberId
  return typeof memberId === 'string' ? (memberId as MemberId) : null
}

/**
 * The drop signal of a live drag, from tldraw's editor state: the pointer is held
 * (pointing, translating or rotating). Its release is the drop, written at the
 * next flush.
 * Better than a timer alone, which would drop a slow drag that pauses for a moment
 * and delay every drop by its length; moves made without the pointer (nudges,
 * undo) have no release and fall back to MOVE_SETTLE_MS.
 */
export function pointerHoldsShapes(editor: Editor): boolean {
  return editor.inputs.getIsPointing() || editor.isInAny('select.translating', 'select.rotating')
}

/** Runs `run` before the next repaint; returns a cancel. */
export type FrameScheduler = (run: () => void) => () => void

const nextAnimationFrame: FrameScheduler = (run) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(run)
    return () => cancelAnimationFrame(id)
  }
  const id = setTimeout(run, 16)
  return () => clearTimeout(id)
}

export interface BindingOptions {
  /**
   * Moves travel as live drags through awareness and reach the document on drop.
   * Only for a session's main document: the server strips the drag field of every
   * other document (private spaces), whose moves are written as they happen.
   * Needs the provider's awareness.
   * @default false
   */
  liveDrags?: boolean
  /**
   * Whether the local person holds the shapes they move (see `pointerHoldsShapes`):
   * a move made while holding is dropped when the hold ends.
   * @default () => false (every move settles after MOVE_SETTLE_MS)
   */
  isHoldingShapes?: () => boolean
  /** When remote changes are merged into the store. @default the next animation frame */
  nextFrame?: FrameScheduler
}

export function bindStoreToRecords(
  store: TLStore,
  doc: Y.Doc,
  records: Y.Map<unknown>,
  provider: HocuspocusProvider,
  user: BoardUser,
  options: BindingOptions = {},
): () => void {
  const { nextFrame = nextAnimationFrame, isHoldingShapes = () => false } = options
  const awareness = provider.awareness
  const liveDrags = options.liveDrags === true && awareness !== null
  const disposers: (() => void)[] = []

  // The session's records (the server seeds the document and its page) replace
  // whatever the fresh store holds.
  const remote = [...records.values()].filter((value) => isStoreRecord(store, value))
  store.mergeRemoteChanges(() => {
    const stale = store
      .allRecords()
      .filter((record) => store.scopedTypes.document.has(record.typeName))
      .map((record) => record.id)
    store.remove(stale)
    putEach(store, remote)
  })

  // Local -> Yjs. `pending`: written at the next flush, coalesced per record id
  // (null = deleted). `moving`: the shapes of a live drag, written on the drop.
  const pending = new Map<string, TLRecord | null>()
  const moving = new Map<string, TLShape>()
  let heldWhileMoving = false
  let lastMoveAt = 0
  let publishedDrag = JSON.stringify(null)
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let lastFlushAt = 0
  const isDropped = () => {
    if (isHoldingShapes()) return false
    return heldWhileMoving || performance.now() - lastMoveAt >= MOVE_SETTLE_MS
  }
  const publishDrag = () => {
    const drag: LiveDrag | null = moving.size === 0 ? null : [...moving.values()].map(liveEntryOf)
    const serialized = JSON.stringify(drag)
    if (serialized === publishedDrag) return
    publishedDrag = serialized
    awareness?.setLocalStateField(LIVE_DRAG_FIELD, drag)
  }
  const scheduleFlush = () => {
    if (flushTimer !== null) return
    const wait = OUTGOING_FLUSH_INTERVAL_MS - (performance.now() - lastFlushAt)
    if (wait <= 0) flush()
    else flushTimer = setTimeout(flush, wait)
  }
  function flush(drop = false) {
    flushTimer = null
    lastFlushAt = performance.now()
    if (moving.size > 0 && (drop || isDropped())) {
      // The drop is the stored record moved: what peers changed meanwhile stays,
      // and a shape they deleted stays deleted.
      for (const [id, shape] of moving) {
        const stored = records.get(id)
        if (!isShape(store, stored)) continue
        const dropped = movedTo(stored, shape)
        if (!isEqual(stored, dropped)) pending.set(id, dropped)
      }
      moving.clear()
      heldWhileMoving = false
    }
    if (pending.size > 0) {
      doc.transact(() => {
        for (const [id, record] of pending) {
          if (record === null) records.delete(id)
          else records.set(id, record)
        }
      }, LOCAL_ORIGIN)
      pending.clear()
    }
    // After the document: peers get the dropped record before its live position goes.
    publishDrag()
    // A drag still in the air: publish its next positions, and watch for the drop.
    if (moving.size > 0) scheduleFlush()
  }
  const write = (id: string, record: TLRecord | null) => {
    pending.set(id, record)
    moving.delete(id)
  }
  disposers.push(
    store.listen(
      ({ changes }) => {
        let moved = false
        for (const record of Object.values(changes.added)) {
          if (BOARD_RECORD_TYPES.has(record.typeName)) write(record.id, record)
        }
        for (const [, record] of Object.values(changes.updated)) {
          if (!BOARD_RECORD_TYPES.has(record.typeName)) continue
          // Compared with the document, not the store's previous value: a move after
          // an edit not yet written is not a move of what peers have.
          if (liveDrags && isMoveOf(records.get(record.id), record)) {
            moving.set(record.id, record)
            pending.delete(record.id)
            moved = true
          } else write(record.id, record)
        }
        for (const record of Object.values(changes.removed)) {
          if (BOARD_RECORD_TYPES.has(record.typeName)) write(record.id, null)
        }
        // Too many shapes to show live: they are written as they move.
        if (moving.size > MAX_LIVE_DRAG_SHAPES) {
          for (const [id, shape] of moving) write(id, shape)
        }
        if (moved) {
          lastMoveAt = performance.now()
          if (isHoldingShapes()) heldWhileMoving = true
        }
        if (pending.size > 0 || moving.size > 0) scheduleFlush()
      },
      { source: 'user', scope: 'document' },
    ),
  )
  disposers.push(() => {
    if (flushTimer !== null) clearTimeout(flushTimer)
    flush(true)
  })

  // Yjs -> store, for everything that did not come from this binding, and peers'
  // live drags: the ids a remote transaction touched are collected, and their
  // latest values merged once per frame with the live positions of that moment.
  const remoteIds = new Set<string>()
  /** The peers' live positions now shown in the store, by shape id. */
  const shownLive = new Map<string, LiveDragEntry>()
  const peersLiveDrags = (): Map<string, LiveDragEntry> => {
    const live = new Map<string, LiveDragEntry>()
    if (!liveDrags || !awareness) return live
    const state = parseSessionState(records.get(SESSION_STATE_ID))
    if (!state) return live
    for (const [clientId, peer] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue
      const drag = parseLiveDrag(peer[LIVE_DRAG_FIELD])
      const memberId = memberIdOf(peer)
      const role = memberId === null ? undefined : state.roles[memberId]
      if (!drag || !memberId || !role) continue
      const stored = (id: string) => records.get(id)
      for (const entry of allowedLiveDrag({ memberId, role }, drag, stored, state)) {
        live.set(entry.id, entry)
      }
    }
    return live
  }
  let cancelFrame: (() => void) | null = null
  const mergeRemote = () => {
    cancelFrame = null
    const live = peersLiveDrags()
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    for (const id of new Set([...remoteIds, ...shownLive.keys(), ...live.keys()])) {
      const changed = remoteIds.has(id)
      const stored = records.get(id)
      // A live position (this person's drag, else a peer's) wins over the stored one
      // until the drag ends: the stored record only brings the rest (a text edited
      // meanwhile).
      const mine = moving.get(id)
      if (mine) {
        if (changed && isShape(store, stored)) toPut.push(movedTo(stored, mine))
        if (!changed || isShape(store, stored)) continue
      }
      const entry = live.get(id)
      if (entry && !mine) {
        const shown = shownLive.get(id)
        if (!changed && shown && isEqual(shown, entry)) continue
        const base = changed ? stored : store.get(id as TLRecord['id'])
        if (!isShape(store, base)) continue
        shownLive.set(id, entry)
        toPut.push(movedTo(base, entry))
        continue
      }
      // The drag ended (dropped, refused, or the peer left): back to the stored record.
      if (!shownLive.delete(id) && !changed) continue
      if (stored === undefined) {
        if (store.has(id as TLRecord['id'])) toRemove.push(id as TLRecord['id'])
      } else if (isStoreRecord(store, stored)) toPut.push(stored)
    }
    remoteIds.clear()
    if (toPut.length === 0 && toRemove.length === 0) return
    store.mergeRemoteChanges(() => {
      if (toRemove.length > 0) store.remove(toRemove)
      putEach(store, toPut)
    })
  }
  const requestMerge = () => {
    if (cancelFrame === null) cancelFrame = nextFrame(mergeRemote)
  }
  const onRecordsChange = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    if (transaction.origin === LOCAL_ORIGIN) return
    for (const id of event.changes.keys.keys()) remoteIds.add(id)
    if (remoteIds.size > 0) requestMerge()
  }
  records.observe(onRecordsChange)
  disposers.push(() => {
    records.unobserve(onRecordsChange)
    cancelFrame?.()
  })

  // Presence through awareness.
  if (awareness) {
    const $user = atom(
      'codev-user',
      UserRecordType.create({
        id: createUserId(user.id),
        name: user.name,
        color: user.color,
        imageUrl: '',
        meta: {},
      }),
    )
    const $presence = createPresenceStateDerivation($user)(store)
    disposers.push(
      react('codev-presence', () => {
        awareness.setLocalStateField('presence', $presence.get() ?? null)
      }),
    )

    const presenceIdByClient = new Map<number, TLInstancePresence['id']>()
    const onAwarenessChange = ({
      added,
      updated,
      removed,
    }: {
      added: number[]
      updated: number[]
      removed: number[]
    }) => {
      const states = awareness.getStates()
      store.mergeRemoteChanges(() => {
        for (const clientId of [...added, ...updated]) {
          if (clientId === awareness.clientID) continue
          const presence = states.get(clientId)?.presence as TLInstancePresence | null | undefined
          if (!presence) continue
          presenceIdByClient.set(clientId, presence.id)
          store.put([presence])
        }
        for (const clientId of removed) {
          const id = presenceIdByClient.get(clientId)
          if (id && store.has(id)) store.remove([id])
          presenceIdByClient.delete(clientId)
        }
      })
      if (liveDrags) mergeIfDragsChanged([...added, ...updated, ...removed])
    }
    /** Peers whose awareness state holds a drag: their next change may end it. */
    const draggingClients = new Set<number>()
    const mergeIfDragsChanged = (clientIds: number[]) => {
      let changed = false
      for (const clientId of clientIds) {
        if (clientId === awareness.clientID) continue
        const drags = (awareness.getStates().get(clientId)?.[LIVE_DRAG_FIELD] ?? null) !== null
        if (drags || draggingClients.has(clientId)) changed = true
        if (drags) draggingClients.add(clientId)
        else draggingClients.delete(clientId)
      }
      if (changed) requestMerge()
    }
    awareness.on('change', onAwarenessChange)
    disposers.push(() => awareness.off('change', onAwarenessChange))
    // Peers who were already dragging.
    if (liveDrags) mergeIfDragsChanged([...awareness.getStates().keys()])
  }

  return () => {
    for (const dispose of disposers.reverse()) dispose()
  }
}
