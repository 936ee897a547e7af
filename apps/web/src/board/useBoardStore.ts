/** React glue: a tldraw store bound to the session once the first sync is done. */
import { useEffect, useState } from 'react'
import {
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type TLStoreWithStatus,
} from 'tldraw'
import type { SessionConnection } from '../transport/connectSession.ts'
import { type BoardUser, bindStoreToRecords } from './bindStoreToRecords.ts'

export function useBoardStore(connection: SessionConnection, user: BoardUser): TLStoreWithStatus {
  const [storeWithStatus, setStoreWithStatus] = useState<TLStoreWithStatus>({ status: 'loading' })

  useEffect(() => {
    let unbind: (() => void) | null = null
    let cancelled = false
    const store = createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
    })
    connection.synced.then(() => {
      if (cancelled) return
      unbind = bindStoreToRecords(
        store,
        connection.doc,
        connection.records,
        connection.provider,
        user,
      )
      setStoreWithStatus({ status: 'synced-remote', connectionStatus: 'online', store })
    })
    return () => {
      cancelled = true
      unbind?.()
    }
  }, [connection, user])

  return storeWithStatus
}
