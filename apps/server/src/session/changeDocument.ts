/**
 * Changes a document's records from the server side, through the live server (so
 * every connected board sees the change at once; the document is loaded if it is
 * not), and resolves once the change is stored.
 */
import type { DirectConnection } from '@hocuspocus/server'
import * as Y from 'yjs'
import { RECORDS_ROOT } from './sessionDocument.ts'

export interface DocumentAccess {
  openDocument(name: string): Promise<DirectConnection>
  /** Resolves once every change made to the document is stored. */
  durable(name: string): Promise<void>
}

const ORIGIN = { source: 'local' as const, context: { server: 'change-document' } }

export async function changeDocument<T>(
  access: DocumentAccess,
  name: string,
  edit: (records: Y.Map<unknown>) => T,
): Promise<T> {
  const connection = await access.openDocument(name)
  let result: T | undefined
  try {
    await connection.transact((doc) => {
      Y.transact(
        doc,
        () => {
          result = edit(doc.getMap<unknown>(RECORDS_ROOT))
        },
        ORIGIN,
      )
    })
    await access.durable(name)
  } finally {
    await connection.disconnect()
  }
  return result as T
}
