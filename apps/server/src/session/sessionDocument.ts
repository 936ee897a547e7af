/**
 * The shape of a session document on the server: one root map of records, seeded
 * at creation with tldraw's document and page records and the session state (the
 * one record only the server writes).
 */
import { BOARD_SEED_RECORDS, SESSION_STATE_ID, type SessionState } from '@codev/domain'
import * as Y from 'yjs'

export const RECORDS_ROOT = 'records'

/** Writes the seed and the initial state into an empty session document, in one server transaction. */
export function seedSessionDocument(doc: Y.Doc, state: SessionState, origin: unknown): void {
  const records = doc.getMap<unknown>(RECORDS_ROOT)
  if (records.has(SESSION_STATE_ID)) return
  Y.transact(
    doc,
    () => {
      for (const record of BOARD_SEED_RECORDS) {
        if (!records.has(record.id)) records.set(record.id, record)
      }
      records.set(SESSION_STATE_ID, state)
    },
    origin,
  )
}

export function writeSessionState(doc: Y.Doc, state: SessionState, origin: unknown): void {
  Y.transact(doc, () => doc.getMap<unknown>(RECORDS_ROOT).set(SESSION_STATE_ID, state), origin)
}
