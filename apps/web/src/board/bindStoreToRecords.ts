/**
 * Binds a tldraw store to the session's Yjs records map, both ways:
 * - local document changes (shapes, bindings, pages, assets) are written as whole
 *   records, coalesced per record and flushed at most every OUTGOING_FLUSH_INTERVAL_MS
 *   so that a drag does not write 60 records a second;
 * - remote changes (peers, and the server's reverts of refused changes) are merged
 *   into the store as remote changes, once per animation frame: a burst of remote
 *   edits costs one store update and one render, not one per Yjs transaction;
 * - presence (cursor, name, selection) travels through Yjs awareness, never the document.
 * Records of other kinds (the method's own) are left to the meeting UI.
 */
import { BOARD_RECORD_TYPES } from '@codev/domain'
import type { HocuspocusProvider } from '@hocuspocus/provider'
import {
  atom,
  createPresenceStateDerivation,
  createUserId,
  react,
  type TLInstancePresence,
  type TLRecord,
  type TLStore,
  UserRecordType,
} from 'tldraw'
import type * as Y from 'yjs'

/** 30 Hz: smooth enough for peers, and half the writes of a 60 Hz drag. */
export const OUTGOING_FLUSH_INTERVAL_MS = 33

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

/** Puts records one by one: one that this version cannot validate must not stop the others. */
function putEach(store: TLStore, records: readonly TLRecord[]) {
  for (const record of records) {
    try {
      store.put([record])
    } catch (error) {
      console.warn('codev: ignored an invalid record from the session', record.id, error)
    }
  }
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

export function bindStoreToRecords(
  store: TLStore,
  doc: Y.Doc,
  records: Y.Map<unknown>,
  provider: HocuspocusProvider,
  user: BoardUser,
  nextFrame: FrameScheduler = nextAnimationFrame,
): () => void {
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

  // Local -> Yjs, throttled and coalesced per record id (null = deleted).
  const pending = new Map<string, TLRecord | null>()
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let lastFlushAt = 0
  const flush = () => {
    flushTimer = null
    lastFlushAt = performance.now()
    if (pending.size === 0) return
    doc.transact(() => {
      for (const [id, record] of pending) {
        if (record === null) records.delete(id)
        else records.set(id, record)
      }
    }, LOCAL_ORIGIN)
    pending.clear()
  }
  disposers.push(
    store.listen(
      ({ changes }) => {
        for (const record of Object.values(changes.added)) {
          if (BOARD_RECORD_TYPES.has(record.typeName)) pending.set(record.id, record)
        }
        for (const [, record] of Object.values(changes.updated)) {
          if (BOARD_RECORD_TYPES.has(record.typeName)) pending.set(record.id, record)
        }
        for (const record of Object.values(changes.removed)) {
          if (BOARD_RECORD_TYPES.has(record.typeName)) pending.set(record.id, null)
        }
        if (pending.size === 0) return
        if (flushTimer !== null) return
        const wait = OUTGOING_FLUSH_INTERVAL_MS - (performance.now() - lastFlushAt)
        if (wait <= 0) flush()
        else flushTimer = setTimeout(flush, wait)
      },
      { source: 'user', scope: 'document' },
    ),
  )
  disposers.push(() => {
    if (flushTimer !== null) clearTimeout(flushTimer)
    flush()
  })

  // Yjs -> store, for everything that did not come from this binding: the ids a
  // remote transaction touched are collected, and their latest values merged once
  // per frame.
  const remoteIds = new Set<string>()
  let cancelFrame: (() => void) | null = null
  const mergeRemote = () => {
    cancelFrame = null
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    for (const id of remoteIds) {
      const value = records.get(id)
      if (value === undefined) {
        if (store.has(id as TLRecord['id'])) toRemove.push(id as TLRecord['id'])
      } else if (isStoreRecord(store, value)) toPut.push(value)
    }
    remoteIds.clear()
    if (toPut.length === 0 && toRemove.length === 0) return
    store.mergeRemoteChanges(() => {
      if (toRemove.length > 0) store.remove(toRemove)
      putEach(store, toPut)
    })
  }
  const onRecordsChange = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    if (transaction.origin === LOCAL_ORIGIN) return
    for (const id of event.changes.keys.keys()) remoteIds.add(id)
    if (remoteIds.size > 0 && cancelFrame === null) cancelFrame = nextFrame(mergeRemote)
  }
  records.observe(onRecordsChange)
  disposers.push(() => {
    records.unobserve(onRecordsChange)
    cancelFrame?.()
  })

  // Presence through awareness.
  const awareness = provider.awareness
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
    }
    awareness.on('change', onAwarenessChange)
    disposers.push(() => awareness.off('change', onAwarenessChange))
  }

  return () => {
    for (const dispose of disposers.reverse()) dispose()
  }
}
