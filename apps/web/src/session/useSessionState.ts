/** The session state record (step, roles, timer…) as React state, live from the document. */
import { parseSessionState, SESSION_STATE_ID, type SessionState } from '@codev/domain'
import { useSyncExternalStore } from 'react'
import type * as Y from 'yjs'

export function readSessionState(records: Y.Map<unknown>): SessionState | null {
  return parseSessionState(records.get(SESSION_STATE_ID))
}

/** Caches by record value: the document hands out the same object until it changes. */
function sessionStateStore(records: Y.Map<unknown>) {
  let lastRaw: unknown
  let lastState: SessionState | null = null
  return {
    subscribe(listener: () => void) {
      const onChange = (event: Y.YMapEvent<unknown>) => {
        if (event.keysChanged.has(SESSION_STATE_ID)) listener()
      }
      records.observe(onChange)
      return () => records.unobserve(onChange)
    },
    get(): SessionState | null {
      const raw = records.get(SESSION_STATE_ID)
      if (raw !== lastRaw) {
        lastRaw = raw
        lastState = readSessionState(records)
      }
      return lastState
    },
  }
}

const stores = new WeakMap<Y.Map<unknown>, ReturnType<typeof sessionStateStore>>()

export function useSessionState(records: Y.Map<unknown>): SessionState | null {
  let store = stores.get(records)
  if (!store) {
    store = sessionStateStore(records)
    stores.set(records, store)
  }
  return useSyncExternalStore(store.subscribe, store.get)
}
