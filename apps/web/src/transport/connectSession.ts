/**
 * Transport: one Yjs document per session, synced with the server through
 * Hocuspocus on the same origin as the page, and kept in the browser (IndexedDB)
 * so that what a person writes offline survives a reload and is sent when the
 * connection is back. Knows nothing of tldraw.
 */

import {
  type Command,
  type CommandResult,
  parseServerMessage,
  type ServerMessage,
} from '@codev/domain'
import { HocuspocusProvider } from '@hocuspocus/provider'
import { useSyncExternalStore } from 'react'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { RECONNECT_OPTIONS } from './reconnect.ts'

/** The root map holding every record of the board, keyed by record id. */
export const RECORDS_MAP = 'records'

export type ConnectionState = 'connecting' | 'connected' | 'offline' | 'refused'

export interface SessionConnection {
  readonly doc: Y.Doc
  readonly records: Y.Map<unknown>
  readonly provider: HocuspocusProvider
  /** Resolves once the first full sync with the server is done. */
  readonly synced: Promise<void>
  connectionState(): ConnectionState
  /** Why the server refused or ended the connection ('token/revoked'…), once it has. */
  refusalReason(): string | null
  onConnectionStateChange(listener: () => void): () => void
  /** Messages the server sends beside the document (refused changes, command results). */
  onServerMessage(listener: (message: ServerMessage) => void): () => void
  /** Asks the server to run a session command; resolves with its result. */
  sendCommand(command: Command): Promise<CommandResult>
  destroy(): void
}

export function collabUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}/collab`
}

/** Reasons with which the server ends a connection for good (see docs/PROTOCOL.md). */
const FINAL_CLOSE_REASONS = new Set(['token/revoked', 'token/expired', 'session/not-found'])

export function connectSession(
  sessionId: string,
  token: string,
  url = collabUrl(window.location),
): SessionConnection {
  let refusal: string | null = null
  const doc = new Y.Doc()
  const records = doc.getMap<unknown>(RECORDS_MAP)
  // Offline copy; the server still judges every change it receives from it.
  const local =
    typeof indexedDB === 'undefined' ? null : new IndexeddbPersistence(`codev:${sessionId}`, doc)
  let state: ConnectionState = 'connecting'
  const listeners = new Set<() => void>()
  const setState = (next: ConnectionState) => {
    if (next === state) return
    state = next
    for (const listener of listeners) listener()
  }

  const messageListeners = new Set<(message: ServerMessage) => void>()
  let nextRequestId = 0
  let resolveSynced: () => void = () => {}
  const synced = new Promise<void>((resolve) => {
    resolveSynced = resolve
  })

  const provider = new HocuspocusProvider({
    url,
    name: sessionId,
    document: doc,
    // The provider hands these to the socket it creates for `url`.
    ...RECONNECT_OPTIONS,
    onStatus: ({ status }) => {
      if (state === 'refused') return
      if (status === 'connected') setState('connected')
      else if (status === 'connecting') setState(state === 'offline' ? 'offline' : 'connecting')
      else setState('offline')
    },
    onSynced: ({ state: isSynced }) => {
      if (isSynced) resolveSynced()
    },
    token,
    onAuthenticationFailed: ({ reason }) => {
      refusal = reason
      setState('refused')
    },
    onStateless: ({ payload }) => {
      const message = parseServerMessage(payload)
      if (!message) return
      for (const listener of messageListeners) listener(message)
    },
    onClose: ({ event }) => {
      if (FINAL_CLOSE_REASONS.has(event.reason)) {
        refusal = event.reason
        setState('refused')
      }
    },
  })

  return {
    doc,
    records,
    provider,
    synced,
    connectionState: () => state,
    refusalReason: () => refusal,
    onConnectionStateChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onServerMessage(listener) {
      messageListeners.add(listener)
      return () => messageListeners.delete(listener)
    },
    sendCommand(command) {
      const requestId = `c${++nextRequestId}`
      const result = new Promise<CommandResult>((resolve) => {
        const listener = (message: ServerMessage) => {
          if (message.type !== 'command-result' || message.requestId !== requestId) return
          messageListeners.delete(listener)
          resolve(message)
        }
        messageListeners.add(listener)
      })
      provider.sendStateless(JSON.stringify({ type: 'command', requestId, command }))
      return result
    },
    destroy() {
      provider.destroy()
      void local?.destroy()
      doc.destroy()
    },
  }
}

export function useConnectionState(connection: SessionConnection): ConnectionState {
  return useSyncExternalStore(
    (listener) => connection.onConnectionStateChange(listener),
    () => connection.connectionState(),
  )
}
