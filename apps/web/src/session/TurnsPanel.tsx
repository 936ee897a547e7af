/**
 * Tours de parole: whose turn it is and who is next, for everyone (announced to
 * screen readers); the facilitator starts a round (the circle, or a queue of
 * raised hands), passes a turn and ends it; members raise and lower their hand;
 * the speaker hands over. A button is there only when the domain's `transition`
 * would accept its command from this person now. On the canvas, the speaker's
 * notes get a ring (one cheap layer, no shape changes) and their cursor a mark.
 */
import {
  type Actor,
  type Command,
  DomainErrorCodeSchema,
  describeError,
  type PhaseId,
  type SessionState,
  turnView,
} from '@codev/domain'
import { useState } from 'react'
import { DefaultCursor, type TLCursorProps, useEditor, useValue } from 'tldraw'
import { offer } from '../board/offers.ts'
import { useSessionView } from '../board/SessionView.tsx'
import { useI18n } from '../i18n/useI18n.tsx'
import type { SessionConnection } from '../transport/connectSession.ts'

/** Steps with a round of speaking: the clarification questions, the consultation, the final round. */
export const TURN_PHASES: readonly PhaseId[] = [
  'clarification',
  'consultation',
  'apprentissage',
  'closing',
]

export function memberName(state: SessionState, memberId: string): string {
  return state.members.find((member) => member.id === memberId)?.name ?? memberId
}

export function TurnsPanel({
  state,
  actor,
  connection,
}: {
  state: SessionState
  actor: Actor
  connection: SessionConnection
}) {
  const { language, t } = useI18n()
  const [error, setError] = useState<string | null>(null)
  const offered = (command: Command) => offer(state, actor, command, Date.now()).offered
  const turns = state.turns
  const mayStart =
    TURN_PHASES.includes(state.phase) && offered({ type: 'startTurns', mode: 'circle' })
  if (turns === null && !mayStart) return null

  async function run(command: Command) {
    const result = await connection.sendCommand(command)
    if (result.ok) return setError(null)
    const code = DomainErrorCodeSchema.safeParse(result.error)
    setError(describeError(code.success ? code.data : 'permission/denied', language))
  }

  const view = turnView(turns)
  const name = (id: string) => memberName(state, id)
  const waiting = view.remaining.slice(1)
  const mine = view.speaker === actor.memberId
  const handUp = waiting.includes(actor.memberId)
  const isFacilitator = actor.role === 'facilitator'

  return (
    <section className="side-panel turns-panel" aria-labelledby="turns-title" data-testid="turns">
      <h2 id="turns-title">{t('turns.title')}</h2>
      {turns === null ? (
        <div className="turns-buttons">
          <button type="button" onClick={() => run({ type: 'startTurns', mode: 'circle' })}>
            {t('turns.startCircle')}
          </button>
          <button type="button" onClick={() => run({ type: 'startTurns', mode: 'queue' })}>
            {t('turns.startQueue')}
          </button>
        </div>
      ) : (
        <>
          <p className="turns-mode">
            {t(turns.mode === 'circle' ? 'turns.modeCircle' : 'turns.modeQueue')}
          </p>
          {/* Everyone hears when the turn changes. */}
          <p role="status" aria-live="polite" data-testid="turns-speaker">
            {view.speaker === null
              ? t(turns.mode === 'queue' ? 'turns.nobodyQueue' : 'turns.done')
              : `${t('turns.speaking')}${t('punct.colon')} ${name(view.speaker)}${mine ? ` (${t('presence.you')})` : ''}`}
          </p>
          {view.next !== null && (
            <p data-testid="turns-next">
              {t('turns.next')}
              {t('punct.colon')} {name(view.next)}
            </p>
          )}
          {waiting.length > 1 && (
            <ol
              className="turns-waiting"
              aria-label={t('turns.waiting')}
              data-testid="turns-waiting"
            >
              {waiting.map((id) => (
                <li key={id}>{name(id)}</li>
              ))}
            </ol>
          )}
          <div className="turns-buttons">
            {turns.mode === 'queue' &&
              !mine &&
              (handUp
                ? offered({ type: 'lowerHand' }) && (
                    <button type="button" onClick={() => run({ type: 'lowerHand' })}>
                      {t('turns.lowerHand')}
                    </button>
                  )
                : offered({ type: 'raiseHand' }) &&
                  !isFacilitator && (
                    <button type="button" onClick={() => run({ type: 'raiseHand' })}>
                      ✋ {t('turns.raiseHand')}
                    </button>
                  ))}
            {view.speaker !== null && offered({ type: 'nextTurn' }) && (
              <button type="button" className="primary" onClick={() => run({ type: 'nextTurn' })}>
                {mine ? t('turns.handOver') : t('turns.pass')}
              </button>
            )}
            {offered({ type: 'endTurns' }) && (
              <button type="button" onClick={() => run({ type: 'endTurns' })}>
                {t('turns.end')}
              </button>
            )}
          </div>
        </>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  )
}

/** A ring around the current speaker's notes (written by them, or for them by the secretary). */
export function SpeakerRing() {
  const editor = useEditor()
  const speaker = turnView(useSessionView().state?.turns ?? null).speaker
  const boxes = useValue('speaker notes', () => {
    if (speaker === null) return []
    return editor
      .getCurrentPageShapes()
      .filter((shape) => {
        const meta = shape.meta as { author?: string; onBehalfOf?: string }
        return (meta.onBehalfOf ?? meta.author) === speaker
      })
      .flatMap((shape) => {
        const bounds = editor.getShapePageBounds(shape)
        return bounds ? [{ id: shape.id, x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h }] : []
      })
  }, [editor, speaker])
  return (
    <>
      {boxes.map((box) => (
        <div
          key={box.id}
          className="speaker-ring"
          data-testid="speaker-ring"
          style={{
            transform: `translate(${box.x - 6}px, ${box.y - 6}px)`,
            width: box.w + 12,
            height: box.h + 12,
          }}
        />
      ))}
    </>
  )
}

/** Others' cursors, the current speaker's marked (presence ids end with the member id). */
export function SpeakerCursor(props: TLCursorProps) {
  const speaker = turnView(useSessionView().state?.turns ?? null).speaker
  if (speaker === null || !props.userId.endsWith(speaker)) return <DefaultCursor {...props} />
  const className = props.className ? `${props.className} speaker-cursor` : 'speaker-cursor'
  return <DefaultCursor {...props} className={className} name={`🎤 ${props.name ?? ''}`} />
}
