/** The session page: header (connection, share, language) over the shared tldraw canvas. */

import { type MemberId, PHASES, ROLE_TITLES, roleOf, zoneOf } from '@codev/domain'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { useEffect, useMemo, useRef, useState } from 'react'
import { type Editor, type TLComponents, Tldraw, useTldrawCurrentUser } from 'tldraw'
import 'tldraw/tldraw.css'
import { useI18n } from '../i18n/useI18n.tsx'
import { LanguageSwitch } from '../LanguageSwitch.tsx'
import { LinkProblem } from '../LinkProblem.tsx'
import { useSessionState } from '../session/useSessionState.ts'
import {
  type ConnectionState,
  connectSession,
  type SessionConnection,
  useConnectionState,
} from '../transport/connectSession.ts'
import type { BoardUser } from './bindStoreToRecords.ts'
import { applyMethodRules, canCreateNow } from './methodRules.ts'
import { RefusalNotice } from './RefusalNotice.tsx'
import { type SessionView, SessionViewContext } from './SessionView.tsx'
import { useBoardStore } from './useBoardStore.ts'
import { ZoneLayer } from './ZoneLayer.tsx'

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
  const { language, t } = useI18n()
  const store = useBoardStore(connection, user)
  const state = useConnectionState(connection)
  const refusal = connection.refusalReason()
  const sessionState = useSessionState(connection.records)
  const preferences = useMemo(() => ({ id: user.id, name: user.name, color: user.color }), [user])
  const currentUser = useTldrawCurrentUser({ userPreferences: preferences })
  const view = useMemo<SessionView>(
    () => ({
      state: sessionState,
      actor: sessionState
        ? { memberId: user.id as MemberId, role: roleOf(sessionState, user.id) }
        : null,
    }),
    [sessionState, user.id],
  )
  const viewRef = useRef(view)
  viewRef.current = view
  const [editor, setEditor] = useState<Editor | null>(null)

  // The canvas is read-only for whoever may write nothing in this step.
  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: !canCreateNow(view) })
  }, [editor, view])

  // Refused (link expired or revoked, session deleted): say so instead of a dead board.
  if (state === 'refused' && refusal) return <LinkProblem reason={refusal} />
  return (
    <SessionViewContext.Provider value={view}>
      <div className="board">
        <header className="board-header">
          <span className="board-title">{t('app.title')}</span>
          {sessionState && view.actor && (
            <>
              <span data-testid="current-step">
                {t('board.step')} : {PHASES[sessionState.phase].title[language]}
              </span>
              <span data-testid="my-role">
                {t('board.yourRole')} : {ROLE_TITLES[view.actor.role][language]}
              </span>
            </>
          )}
          <ConnectionBadge state={state} />
          <LanguageSwitch />
        </header>
        <RefusalNotice connection={connection} />
        <main className="board-canvas" aria-busy={store.status === 'loading'}>
          {store.status === 'loading' ? (
            <p className="board-loading" role="status">
              {t('board.loading')}
            </p>
          ) : (
            <Tldraw
              store={store}
              user={currentUser}
              assetUrls={assetUrls}
              licenseKey={licenseKey}
              components={CANVAS_COMPONENTS}
              onMount={(mounted) => {
                setEditor(mounted)
                const phase = viewRef.current.state?.phase
                if (phase) mounted.zoomToBounds(zoneOf(phase), { inset: 40 })
                return applyMethodRules(mounted, () => viewRef.current)
              }}
            />
          )}
        </main>
      </div>
    </SessionViewContext.Provider>
  )
}

const CANVAS_COMPONENTS: TLComponents = { OnTheCanvas: ZoneLayer }

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
