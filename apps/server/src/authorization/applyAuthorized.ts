/**
 * Applies a client's Yjs update to the live session document and, in the same
 * transaction, reverts every record change the judge refuses. Peers and storage
 * receive one update in which forbidden values are already gone; the sender gets
 * the same update back and converges. Nothing is dropped byte-wise, so the sender's
 * later updates never wait on a missing clock range (see docs/decisions/0002).
 *
 * It knows Yjs and the "one root map of whole JSON records" shape; it does not know
 * the method's rules — the judge does.
 */
import * as Y from 'yjs'

export interface RecordChange {
  op: 'create' | 'update' | 'delete'
  id: string
  before?: unknown
  after?: unknown
}

export type Verdict = { ok: true } | { ok: false; error: string }

export interface ApplyResult {
  refused: { change: RecordChange; error: string }[]
  /**
   * The update referenced structs this document does not have (an update lost in a
   * server crash, or a forged one): its dependent part was not applied.
   */
  missingDependencies: boolean
}

/**
 * Refuses, before anything is applied, an update that would create a root type the
 * schema does not know, nested Yjs types, sub-documents, text or binary content, or
 * structs under the server's own client ids. Returns an error code, or null.
 */
export function checkUpdateShape(
  update: Uint8Array,
  allowedRoots: ReadonlySet<string>,
  serverClientIds: ReadonlySet<number>,
): string | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    return 'update/malformed'
  }
  for (const struct of decoded.structs) {
    if (serverClientIds.has(struct.id.client)) return 'update/server-client-id'
    if (!(struct instanceof Y.Item)) continue
    if (typeof struct.parent === 'string' && !allowedRoots.has(struct.parent)) {
      return 'update/unknown-root'
    }
    const content = struct.content
    if (!(content instanceof Y.ContentAny || content instanceof Y.ContentDeleted)) {
      return 'update/unsupported-content'
    }
  }
  return null
}

function forgetPending(doc: Y.Doc) {
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
}

/**
 * Whether `transaction` deleted the struct `id`. Not `Y.isDeleted`: it searches by
 * bisection, and a transaction's delete set is sorted only at its cleanup — an
 * update that overwrites a value and deletes older structs of the same client
 * lists them out of order, and the overwritten value was then taken for one deleted
 * earlier (RELIABILITY.md, failure 2: the session state "reverted" by a delete).
 */
function deletedIn(transaction: Y.Transaction, id: Y.ID): boolean {
  const ranges = transaction.deleteSet.clients.get(id.client) ?? []
  return ranges.some((range) => range.clock <= id.clock && id.clock < range.clock + range.len)
}

/** The value a map key held before `transaction`, and the one it holds now. */
function valuesAround(
  map: Y.Map<unknown>,
  key: string,
  transaction: Y.Transaction,
): { before: unknown; after: unknown } {
  const addedNow = (item: Y.Item) =>
    item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)
  const deletedBefore = (item: Y.Item) => item.deleted && !deletedIn(transaction, item.id)
  const itemValue = (item: Y.Item) => item.content.getContent().at(-1)

  const current = map._map.get(key)
  if (!current) return { before: undefined, after: undefined }
  const after = current.deleted ? undefined : itemValue(current)
  let previous: Y.Item | null = current
  while (previous !== null && addedNow(previous)) previous = previous.left
  const before = previous === null || deletedBefore(previous) ? undefined : itemValue(previous)
  return { before, after }
}

/** The change of record `id` from `before` to `after` (undefined: absent), or null if none. */
export function changeOf(id: string, before: unknown, after: unknown): RecordChange | null {
  if (before === undefined && after === undefined) return null
  if (before === undefined) return { op: 'create', id, after }
  if (after === undefined) return { op: 'delete', id, before }
  return { op: 'update', id, before, after }
}

/**
 * Set in the meta of every transaction `applyAuthorized` runs: its changes were
 * judged. A connection's transaction without it is one nobody judged (Hocuspocus
 * applies each payload again after the hooks; see Authorization).
 */
export const JUDGED = 'codev/judged'

/** Whether `transaction` is one `applyAuthorized` ran, whose changes were judged. */
export function wasJudged(transaction: Y.Transaction): boolean {
  return transaction.meta.get(JUDGED) === true
}

export function applyAuthorized(
  doc: Y.Doc,
  records: Y.Map<unknown>,
  update: Uint8Array,
  origin: unknown,
  revertClientId: number,
  judge: (change: RecordChange) => Verdict,
): ApplyResult {
  const result: ApplyResult = { refused: [], missingDependencies: false }
  // Structs parked by an earlier message (Hocuspocus applies each payload again
  // after its hooks) must never be completed by this connection's bytes and blamed
  // on it: they are dropped before anything is applied.
  forgetPending(doc)

  doc.transact((transaction) => {
    transaction.meta.set(JUDGED, true)
    Y.applyUpdate(doc, update, origin)
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      // What depends on structs this document lacks is not applied; the caller asks
      // the sender for everything the server is missing (a new sync exchange).
      forgetPending(doc)
      result.missingDependencies = true
    }

    // biome-ignore lint/suspicious/noExplicitAny: Yjs types its changed map by AbstractType<YEvent<any>>
    const keys = transaction.changed.get(records as Y.AbstractType<any>)
    if (!keys) return
    const reverts: (() => void)[] = []
    for (const key of keys) {
      if (key === null) continue
      const { before, after } = valuesAround(records, key, transaction)
      const change = changeOf(key, before, after)
      if (!change) continue
      const verdict = judge(change)
      if (verdict.ok) continue
      result.refused.push({ change, error: verdict.error })
      reverts.push(() => (before === undefined ? records.delete(key) : records.set(key, before)))
    }
    if (reverts.length === 0) return
    // Yjs marks this transaction remote (it applied an update). Writing under the
    // document's own client id would make Yjs think another peer uses it and change
    // it; the reverts are written under a second id of the server's.
    const ownClientId = doc.clientID
    doc.clientID = revertClientId
    try {
      for (const revert of reverts) revert()
    } finally {
      doc.clientID = ownClientId
    }
  }, origin)

  return result
}

/**
 * Hocuspocus applies the payload of a sync message again after the hooks. Once
 * `applyAuthorized` has applied and judged it, that second apply can only repeat
 * work (a full decode of every struct, ~8 % of the server's time under load) or,
 * worse, integrate structs that were missing their dependencies, unjudged. The
 * payload is a view of the message Hocuspocus then reads, so it is rewritten in
 * place as an empty update (no structs, an empty delete set; Yjs ignores the bytes
 * after). `applyAuthorized.test.ts` checks that Hocuspocus applies what is left.
 */
export function emptyAppliedPayload(payload: Uint8Array): void {
  if (payload.length < 2) return
  payload[0] = 0
  payload[1] = 0
}
