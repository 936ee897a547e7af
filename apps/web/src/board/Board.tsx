/** The session page: header (connection, share, language) over the shared tldraw canvas. */

import {
  holdsDuty,
  type MemberId,
  PHASES,
  type PhaseId,
  ROLE_TITLES,
  roleOf,
  SESSION_STATE_ID,
  type SessionState,
  turnView,
  zoneOf,
} from '@codev/domain'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { useEffect, useMemo, useRef, useState } from 'react'
import { type Editor, type TLComponents, Tldraw, useTldrawCurrentUser } from 'tldraw'
import 'tldraw/tldraw.css'
import { useI18n } from '../i18n/useI18n.tsx'
import { LanguageSwitch } from '../LanguageSwitch.tsx'
import { LinkProblem } from '../LinkProblem.tsx'
import { MeetingPanel } from '../meeting/MeetingPanel.tsx'
import { ClarifyRequests, ContractHistory, ContractPanel } from '../session/ContractPanel.tsx'
import { DraftsPanel, useDraftCounts } from '../session/DraftsPanel.tsx'
import { DutiesLine, NoteAttributions, SecretaryPanel } from '../session/DutiesPanel.tsx'
import { EvaluationPanel } from '../session/EvaluationPanel.tsx'
import { FollowUpPanel } from '../session/FollowUpPanel.tsx'
import { KindBadges, KindPicker } from '../session/KindPicker.tsx'
import { LearningPanel } from '../session/LearningPanel.tsx'
import { NotebookPanel } from '../session/NotebookPanel.tsx'
import { AnswerPanel, ContractRequestPanel, SynthesisPanel } from '../session/NotePanels.tsx'
import { QuestionMarks, QuestionsPanel } from '../session/QuestionsPanel.tsx'
import { ReportAudiencePanel } from '../session/ReportAudiencePanel.tsx'
import { RulesGate } from '../session/RulesGate.tsx'
import { ScribePanel } from '../session/ScribePanel.tsx'
import { SignalsPanel } from '../session/SignalsPanel.tsx'
import { SubjectChoicePanel } from '../session/SubjectChoicePanel.tsx'
import { TriagePanel } from '../session/TriagePanel.tsx'
import { SpeakerCursor, SpeakerRing, TurnsPanel } from '../session/TurnsPanel.tsx'
import { useSessionState } from '../session/useSessionState.ts'
import {
  type ConnectionState,
  connectSession,
  type SessionConnection,
  useConnectionState,
} from '../transport/connectSession.ts'
import { type BindingOptions, type BoardUser, pointerHoldsShapes } from './bindStoreToRecords.ts'
import { FacilitatorToolbar } from './FacilitatorToolbar.tsx'
import { GuidancePanel } from './GuidancePanel.tsx'
import { applyMethodRules, canCreateNow } from './methodRules.ts'
import { RefusalNotice } from './RefusalNotice.tsx'
import { ReportActions } from './ReportActions.tsx'
import { type SessionView, SessionViewContext } from './SessionView.tsx'
import { StepTimer } from './StepTimer.tsx'
import { TriageBadges } from './TriageBadges.tsx'
import { useBoardStore } from './useBoardStore.ts'
import {
  type CodevAwareness,
  type Participant,
  useFacilitatorCalls,
  useParticipants,
} from './usePresence.ts'
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
  return <ConnectedBoard connection={connection} user={user} sessionId={sessionId} token={token} />
}

function ConnectedBoard({
  connection,
  user,
  sessionId,
  token,
}: {
  connection: SessionConnection
  user: BoardUser
  sessionId: string
  token: string
}) {
  const { language, t } = useI18n()
  // The session's main document: moves travel live through awareness, and reach the
  // document when the pointer lets go of the shapes.
  const editorRef = useRef<Editor | null>(null)
  const binding = useMemo<BindingOptions>(
    () => ({
      liveDrags: true,
      isHoldingShapes: () => editorRef.current !== null && pointerHoldsShapes(editorRef.current),
    }),
    [],
  )
  const store = useBoardStore(connection, user, binding)
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
  const participants = useParticipants(connection)
  const draftCounts = useDraftCounts(connection)
  const calls = useFacilitatorCalls(connection, sessionState)
  const [summon, setSummon] = useState(0)
  const [leading, setLeading] = useState(false)
  const phase = sessionState?.phase

  // The canvas is read-only for whoever may write nothing in this step.
  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: !canCreateNow(view) })
  }, [editor, view])

  // Who I am, for the others' avatars; the facilitator's camera calls ride along.
  useEffect(() => {
    const field: CodevAwareness = { memberId: user.id, name: user.name, color: user.color }
    if (summon > 0) field.summon = summon
    if (leading) field.lead = true
    connection.provider.awareness?.setLocalStateField('codev', field)
  }, [connection, user, summon, leading])

  // The board moves with the step, and to the step when the facilitator calls everyone.
  useEffect(() => {
    if (!editor || !phase || summon < 0) return
    if (editor.getInstanceState().followingUserId) return
    editor.zoomToBounds(zoneOf(phase), { inset: ZONE_INSET_PX, animation: { duration: 300 } })
  }, [editor, phase, summon])
  const lastSummon = useRef<number | null>(null)
  useEffect(() => {
    if (!editor || !phase) return
    if (lastSummon.current !== null && calls.summon > lastSummon.current) {
      editor.stopFollowingUser()
      editor.zoomToBounds(zoneOf(phase), { inset: ZONE_INSET_PX, animation: { duration: 300 } })
    }
    lastSummon.current = calls.summon
  }, [editor, phase, calls.summon])
  const facilitatorId = sessionState
    ? Object.keys(sessionState.roles).find((id) => sessionState.roles[id] === 'facilitator')
    : undefined
  const leaderHere = participants.some((p) => p.memberId === facilitatorId)
  useEffect(() => {
    if (!editor || !facilitatorId || facilitatorId === user.id) return
    if (calls.lead && leaderHere) {
      const leader = editor.getCollaborators().find((c) => c.userId.endsWith(facilitatorId))
      if (leader) editor.startFollowingUser(leader.userId)
    } else if (editor.getInstanceState().followingUserId) {
      editor.stopFollowingUser()
    }
  }, [editor, calls.lead, leaderHere, facilitatorId, user.id])

  // Refused (link expired or revoked, session deleted): say so instead of a dead board.
  if (state === 'refused' && refusal) return <LinkProblem reason={refusal} />
  return (
    <SessionViewContext.Provider value={view}>
      <div className="board">
        <header className="board-header">
          <span className="board-title">{t('app.title')}</span>
          {sessionState && view.actor && (
            <>
              <span className="header-step" data-testid="current-step">
                {t('board.step')}
                {t('punct.colon')} <strong>{PHASES[sessionState.phase].title[language]}</strong>
              </span>
              {sessionState.status === 'closed' ? (
                <span className="header-closed" data-testid="session-closed">
                  {t('board.closed')}
                </span>
              ) : (
                <StepTimer state={sessionState} />
              )}
              <span data-testid="my-role">
                {t('board.yourRole')}
                {t('punct.colon')} {ROLE_TITLES[view.actor.role][language]}
              </span>
              <Avatars participants={participants} state={sessionState} />
              {calls.lead && view.actor.role !== 'facilitator' && (
                <span className="header-following" data-testid="following">
                  {t('follow.following')}
                </span>
              )}
            </>
          )}
          {sessionState &&
            (sessionState.phase === 'closing' || sessionState.status === 'closed') && (
              <ReportActions sessionId={sessionId} token={token} />
            )}
          <ConnectionBadge state={state} />
          <LanguageSwitch />
        </header>
        {sessionState && view.actor && sessionState.status === 'open' && mayRunTools(view) && (
          <FacilitatorToolbar
            connection={connection}
            state={sessionState}
            actor={view.actor}
            camera={{
              bringEveryoneHere: () => setSummon((n) => n + 1),
              leading,
              setLeading,
            }}
          />
        )}
        {!sessionState &&
          store.status !== 'loading' &&
          connection.records.has(SESSION_STATE_ID) && (
            // The server speaks a newer version of the session than this page knows.
            <p className="refusal-notice" role="alert" data-testid="outdated">
              {t('board.outdated')}{' '}
              <button type="button" onClick={() => window.location.reload()}>
                {t('board.reload')}
              </button>
            </p>
          )}
        <StepAnnouncer phase={phase} />
        <RefusalNotice connection={connection} />
        <div className="board-body">
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
                  editorRef.current = mounted
                  const current = viewRef.current.state?.phase
                  if (current) mounted.zoomToBounds(zoneOf(current), { inset: ZONE_INSET_PX })
                  const removeRules = applyMethodRules(mounted, () => viewRef.current)
                  return () => {
                    editorRef.current = null
                    removeRules()
                  }
                }}
              />
            )}
          </main>
          <div className="side-panels">
            {sessionState && view.actor && (
              <GuidancePanel state={sessionState} actor={view.actor} />
            )}
            {sessionState && view.actor && (
              <MeetingPanel state={sessionState} actor={view.actor} token={token} />
            )}
            {sessionState?.status === 'open' && view.actor && (
              <>
                <RulesGate state={sessionState} actor={view.actor} connection={connection} />
                <DutiesLine state={sessionState} actor={view.actor} />
                <SignalsPanel state={sessionState} actor={view.actor} connection={connection} />
                <TurnsPanel state={sessionState} actor={view.actor} connection={connection} />
                <ReportAudiencePanel
                  state={sessionState}
                  actor={view.actor}
                  connection={connection}
                />
              </>
            )}
            {editor && sessionState && view.actor && (
              <>
                <SecretaryPanel editor={editor} state={sessionState} actor={view.actor} />
                <ClarifyRequests editor={editor} actor={view.actor} />
                {['consultation', 'synthese'].includes(sessionState.phase) && (
                  <ContractHistory editor={editor} />
                )}
              </>
            )}
            {sessionState?.silentWriting && view.actor && view.actor.role !== 'observer' && (
              <DraftsPanel
                state={sessionState}
                actor={view.actor}
                token={token}
                editor={editor}
                counts={draftCounts}
              />
            )}
            {editor && sessionState && view.actor && (
              <>
                <KindPicker editor={editor} state={sessionState} actor={view.actor} />
                <ScribePanel editor={editor} state={sessionState} actor={view.actor} />
                <QuestionsPanel editor={editor} state={sessionState} />
                <LearningPanel editor={editor} state={sessionState} actor={view.actor} />
              </>
            )}
            {sessionState && view.actor && (
              <NotebookPanel state={sessionState} actor={view.actor} token={token} />
            )}
            {editor && sessionState && view.actor && (
              <>
                <ContractRequestPanel editor={editor} state={sessionState} actor={view.actor} />
                <AnswerPanel editor={editor} state={sessionState} actor={view.actor} />
                <SynthesisPanel editor={editor} state={sessionState} actor={view.actor} />
              </>
            )}
            {editor && sessionState?.phase === 'choix-sujet' && view.actor && (
              <SubjectChoicePanel
                editor={editor}
                state={sessionState}
                actor={view.actor}
                connection={connection}
              />
            )}
            {editor && sessionState?.phase === 'retour' && view.actor && (
              <FollowUpPanel editor={editor} state={sessionState} actor={view.actor} />
            )}
            {editor && sessionState && view.actor?.role === 'client' && (
              <TriagePanel editor={editor} state={sessionState} actor={view.actor} />
            )}
            {sessionState?.phase === 'contrat' && sessionState.status === 'open' && view.actor && (
              <ContractPanel state={sessionState} actor={view.actor} connection={connection} />
            )}
            {sessionState?.phase === 'apprentissage' &&
              sessionState.status === 'open' &&
              view.actor &&
              view.actor.role !== 'observer' && (
                <EvaluationPanel state={sessionState} actor={view.actor} token={token} />
              )}
          </div>
        </div>
      </div>
    </SessionViewContext.Provider>
  )
}

/** The toolbar is the facilitator's, and the timekeeper's and co-facilitator's for their part of it. */
function mayRunTools(view: SessionView): boolean {
  const { actor, state } = view
  if (!actor || !state) return false
  if (actor.role === 'facilitator') return true
  return (
    holdsDuty(state, actor.memberId, 'timekeeper') ||
    holdsDuty(state, actor.memberId, 'coFacilitator')
  )
}

/** Tells screen readers when the step changes (not on the first render). */
function StepAnnouncer({ phase }: { phase: PhaseId | undefined }) {
  const { language, t } = useI18n()
  const first = useRef(phase)
  const announce = phase !== undefined && first.current !== undefined && phase !== first.current
  if (first.current === undefined) first.current = phase
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="step-announcer">
      {announce && phase ? `${t('board.stepChanged')} ${PHASES[phase].title[language]}` : ''}
    </div>
  )
}

/** Who is connected, with their role in this session. */
function Avatars({ participants, state }: { participants: Participant[]; state: SessionState }) {
  const { language, t } = useI18n()
  const speaker = turnView(state.turns).speaker
  return (
    <ul className="avatars" aria-label={t('board.participants')} data-testid="participants">
      {participants.map((participant) => {
        const role = ROLE_TITLES[roleOf(state, participant.memberId)][language]
        const label = `${participant.name}${participant.self ? ` (${t('presence.you')})` : ''} — ${role}`
        return (
          <li
            key={participant.memberId}
            className={participant.memberId === speaker ? 'avatar avatar-speaking' : 'avatar'}
            style={{ background: participant.color }}
            title={label}
            aria-label={label}
            data-member={participant.name}
            data-role={roleOf(state, participant.memberId)}
            data-speaking={participant.memberId === speaker || undefined}
          >
            <span aria-hidden="true">{participant.name.slice(0, 1).toUpperCase()}</span>
          </li>
        )
      })}
    </ul>
  )
}

/** Room around the zone when the view moves to it: clear of tldraw's menus. */
const ZONE_INSET_PX = 72

const CANVAS_COMPONENTS: TLComponents = {
  OnTheCanvas: CanvasLayers,
  CollaboratorCursor: SpeakerCursor,
}

function CanvasLayers() {
  return (
    <>
      <ZoneLayer />
      <TriageBadges />
      <SpeakerRing />
      <NoteAttributions />
      <KindBadges />
      <QuestionMarks />
    </>
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
