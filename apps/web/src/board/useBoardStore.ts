/** React glue: a tldraw store bound to the session once the first sync is done. */
import { useEffect, useState } from 'react'
import {
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type TLStoreWithStatus,
} from 'tldraw'
import type { SessionConnection } from '../transport/connectSession.ts'
import { type BindingOptions, type BoardUser, bindStoreToRecords } from './bindStoreToRecords.ts'

const NO_OPTIONS: BindingOptions = {}

/** `options` is read when the store is bound: keep it stable (a memo) or the store is bound again. */
export function useBoardStore(
  connection: SessionConnection,
  user: BoardUser,
  options: BindingOptions = NO_OPTIONS,
): TLStoreWithStatus {
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
        options,
      )
      setStoreWithStatus({ status: 'synced-remote', connectionStatus: 'online', store })
    })
    return () => {
      cancelled = true
      unbind?.()
    }
  }, [connection, user, options])

  return storeWithStatus
}
