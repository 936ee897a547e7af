/**
 * How a compaction folds a document's stored parts (its snapshot, then its log
 * entries in order) into one snapshot: applied to one fresh document, then encoded,
 * GC on. The only place where storage reads the bytes it stores as Yjs updates.
 */
import * as Y from 'yjs'

export function foldUpdates(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc()
  Y.transact(doc, () => {
    for (const part of parts) Y.applyUpdate(doc, part)
  })
  const snapshot = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return snapshot
}
