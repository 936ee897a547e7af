/**
 * The client's signals during the consultation — "inconfort" and "recentrer" —
 * and the facilitator's view of them: a new signal is an alert with its time
 * (announced at once, dismissable); every signal stays in the history.
 */
import {
  type Actor,
  type Command,
  DomainErrorCodeSchema,
  describeError,
  type SessionState,
} from '@codev/domain'
import { useState } from 'react'
import { offer } from '../board/offers.ts'
import { useI18n } from '../i18n/useI18n.tsx'
import type { SessionConnection } from '../transport/connectSession.ts'

type SignalKind = SessionState['signals'][number]['kind']
const KINDS: readonly SignalKind[] = ['discomfort', 'refocus']

export function SignalsPanel({
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
  const [sent, setSent] = useState<SignalKind | null>(null)
  /** Signals the facilitator has dismissed, by their position in the history. */
  const [seen, setSeen] = useState(0)
  const now = Date.now()
  const offered = KINDS.filter((kind) => offer(state, actor, { type: 'signal', kind }, now).offered)
  const watching = actor.role === 'facilitator' && state.signals.length > 0
  if (offered.length === 0 && !watching) return null

  async function send(command: Command & { type: 'signal' }) {
    const result = await connection.sendCommand(command)
    if (result.ok) {
      setSent(command.kind)
      return setError(null)
    }
    const code = DomainErrorCodeSchema.safeParse(result.error)
    setError(describeError(code.success ? code.data : 'permission/denied', language))
  }
  const time = (at: number) =>
    new Date(at).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
  const fresh = state.signals.slice(seen)

  return (
    <section
      className="side-panel signals-panel"
      aria-labelledby="signals-title"
      data-testid="signals"
    >
      <h2 id="signals-title">{t('signals.title')}</h2>
      {offered.length > 0 && (
        <>
          <p>{t('signals.help')}</p>
          <div className="turns-buttons">
            {offered.map((kind) => (
              <button key={kind} type="button" onClick={() => send({ type: 'signal', kind })}>
                {t(`signals.${kind}`)}
              </button>
            ))}
          </div>
          <p role="status">{sent && `${t('signals.sent')} ${t(`signals.${sent}`)}`}</p>
        </>
      )}
      {actor.role === 'facilitator' && (
        <>
          {/* Only what arrived since the last dismissal is announced. */}
          <div role="alert" data-testid="signal-alert">
            {fresh.length > 0 && (
              <div className="signal-alert">
                {fresh.map((signal) => (
                  <p key={`${signal.at}-${signal.kind}`}>
                    <strong>{t(`signals.${signal.kind}`)}</strong> — {t('signals.fromClient')} (
                    {time(signal.at)})
                  </p>
                ))}
                <button type="button" onClick={() => setSeen(state.signals.length)}>
                  {t('signals.dismiss')}
                </button>
              </div>
            )}
          </div>
          <details>
            <summary>
              {t('signals.history')} ({state.signals.length})
            </summary>
            <ul data-testid="signals-history">
              {state.signals.map((signal) => (
                <li key={`${signal.at}-${signal.kind}`}>
                  {time(signal.at)} — {t(`signals.${signal.kind}`)}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  )
}
