/**
 * The shape of a session document on the server: one root map of records, seeded
 * at creation with tldraw's document and page records and the session state (the
 * one record only the server writes).
 */
import { BOARD_SEED_RECORDS, SESSION_STATE_ID, type SessionState } from '@codev/domain'
import * as Y from 'yjs'
import type { DocumentStore } from '../storage/Storage.ts'

export const RECORDS_ROOT = 'records'

/**
 * Writes the seed, any records carried over from the previous session, and the
 * initial state into an empty session document, in one server transaction.
 */
export function seedSessionDocument(
  doc: Y.Doc,
  state: SessionState,
  carried: readonly { id: string }[],
  origin: unknown,
): void {
  const records = doc.getMap<unknown>(RECORDS_ROOT)
  if (records.has(SESSION_STATE_ID)) return
  Y.transact(
    doc,
    () => {
      for (const record of [...BOARD_SEED_RECORDS, ...carried]) {
        if (!records.has(record.id)) records.set(record.id, record)
      }
      records.set(SESSION_STATE_ID, state)
    },
    origin,
  )
}

/** The records of a stored document, read without loading it into the live server. */
export async function readStoredRecords(
  store: DocumentStore,
  document: string,
): Promise<unknown[]> {
  const stored = await store.loadDocument(document)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  const values = [...doc.getMap<unknown>(RECORDS_ROOT).values()]
  doc.destroy()
  return values
}

export function writeSessionState(doc: Y.Doc, state: SessionState, origin: unknown): void {
  Y.transact(doc, () => doc.getMap<unknown>(RECORDS_ROOT).set(SESSION_STATE_ID, state), origin)
}
