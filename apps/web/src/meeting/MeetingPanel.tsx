/**
 * Two consultations in one meeting, on the board: each board links to the other
 * consultation of its meeting (the server writes the link into both states, so
 * everyone sees it at once), and the facilitator opens the second consultation —
 * another client, another subject, starting at the exposé. The server checks the
 * same rule (meetings.ts) and answers with its refusal code.
 */
import {
  type Actor,
  canOfferSecondConsultation,
  MEETING_REFUSAL_TEXT,
  type MeetingRefusal,
  type SessionState,
  SUBJECT_KINDS,
  secondConsultationCandidates,
} from '@codev/domain'
import { useId, useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'

export function MeetingPanel({
  state,
  actor,
  token,
}: {
  state: SessionState
  actor: Actor
  token: string
}) {
  const { language, t } = useI18n()
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const titleId = useId()
  const { consultation, other } = state.meeting
  const mayStart = actor.role === 'facilitator' && canOfferSecondConsultation(state)
  if (other === null && !mayStart) return null
  const nameOf = (id: string) => state.members.find((m) => m.id === id)?.name ?? id
  const candidates = secondConsultationCandidates(state)

  async function start(form: HTMLFormElement) {
    const data = new FormData(form)
    setBusy(true)
    setProblem(null)
    try {
      const response = await fetch(
        `/api/sessions/${encodeURIComponent(state.sessionId)}/second-consultation`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            clientId: String(data.get('clientId') ?? ''),
            subject: {
              kind: String(data.get('kind') ?? ''),
              title: String(data.get('title') ?? ''),
            },
          }),
        },
      )
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: string }
        const known = MEETING_REFUSAL_TEXT[body.error as MeetingRefusal]
        setProblem(known ? known[language] : t('meeting.failed'))
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="side-panel" aria-labelledby={titleId} data-testid="meeting">
      <h2 id={titleId}>{consultation === 1 ? t('meeting.first') : t('meeting.second')}</h2>
      <div aria-live="polite">
        {other !== null && (
          <a
            className="button primary"
            href={`/s/${encodeURIComponent(other)}`}
            data-testid="meeting-link"
          >
            {consultation === 1 ? t('meeting.goToSecond') : t('meeting.goToFirst')}
          </a>
        )}
      </div>
      {mayStart && (
        <form
          className="meeting-form"
          onSubmit={(event) => {
            event.preventDefault()
            void start(event.currentTarget)
          }}
        >
          <p>{t('meeting.startHelp')}</p>
          <label>
            {t('meeting.client')}
            <select name="clientId" required data-testid="meeting-client">
              {candidates.map((id) => (
                <option key={id} value={id}>
                  {nameOf(id)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('meeting.subjectKind')}
            <select name="kind" required>
              {SUBJECT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`subject.${kind}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('meeting.subjectTitle')}
            <input name="title" required maxLength={200} data-testid="meeting-subject" />
          </label>
          <button type="submit" disabled={busy || candidates.length === 0}>
            {t('meeting.start')}
          </button>
        </form>
      )}
      {problem && (
        <p role="alert" className="refusal-notice">
          {problem}
        </p>
      )}
    </section>
  )
}
