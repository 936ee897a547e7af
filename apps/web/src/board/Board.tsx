/** The session page: header (connection, share, language) over the shared tldraw canvas. */
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { useEffect, useMemo, useState } from 'react'
import { Tldraw, useTldrawCurrentUser } from 'tldraw'
import 'tldraw/tldraw.css'
import { useI18n } from '../i18n/useI18n.tsx'
import { LanguageSwitch } from '../LanguageSwitch.tsx'
import { LinkProblem } from '../LinkProblem.tsx'
import {
  type ConnectionState,
  connectSession,
  type SessionConnection,
  useConnectionState,
} from '../transport/connectSession.ts'
import type { BoardUser } from './bindStoreToRecords.ts'
import { useBoardStore } from './useBoardStore.ts'

// Icons, fonts and translations are bundled by Vite: no request leaves the product's host.
const assetUrls = getAssetUrlsByImport()
const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY as string | undefined

export function Board({
  sessionId,
  token,
  user,
}: {
  sessionId: string
  /** The member's invitation token: the server identifies the connection by it. */
  token: string
  user: BoardUser
}) {
  const [connection, setConnection] = useState<SessionConnection | null>(null)
  useEffect(() => {
    const next = connectSession(sessionId, token)
    setConnection(next)
    return () => next.destroy()
  }, [sessionId, token])
  if (!connection) return null
  return <ConnectedBoard connection={connection} user={user} />
}

function ConnectedBoard({ connection, user }: { connection: SessionConnection; user: BoardUser }) {
  const { t } = useI18n()
  const store = useBoardStore(connection, user)
  const state = useConnectionState(connection)
  const refusal = connection.refusalReason()
  const preferences = useMemo(() => ({ id: user.id, name: user.name, color: user.color }), [user])
  const currentUser = useTldrawCurrentUser({ userPreferences: preferences })

  // Refused (link expired or revoked, session deleted): say so instead of a dead board.
  if (state === 'refused' && refusal) return <LinkProblem reason={refusal} />
  return (
    <div className="board">
      <header className="board-header">
        <span className="board-title">{t('app.title')}</span>
        <ConnectionBadge state={state} />
        <ShareButton />
        <LanguageSwitch />
      </header>
      <main className="board-canvas" aria-busy={store.status === 'loading'}>
        {store.status === 'loading' ? (
          <p className="board-loading" role="status">
            {t('board.loading')}
          </p>
        ) : (
          <Tldraw store={store} user={currentUser} assetUrls={assetUrls} licenseKey={licenseKey} />
        )}
      </main>
    </div>
  )
}

const CONNECTION_LABEL = {
  connected: 'connection.connected',
  connecting: 'connection.connecting',
  offline: 'connection.offline',
  refused: 'connection.refused',
} as const satisfies Record<ConnectionState, string>

function ConnectionBadge({ state }: { state: ConnectionState }) {
  const { t } = useI18n()
  return (
    <output
      className={`connection connection-${state}`}
      data-testid="connection-state"
      data-state={state}
    >
      {t(CONNECTION_LABEL[state])}
    </output>
  )
}

function ShareButton() {
  const { t } = useI18n()
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard?.writeText(window.location.href)
        setCopied(true)
      }}
    >
      {copied ? t('board.shareDone') : t('board.share')}
    </button>
  )
}
