/**
 * Step 6: each participant evaluates the session (the 4 A) in their private
 * evaluation space, anonymous unless they sign; the facilitator sees only the
 * aggregate the server writes into the session state.
 */
import {
  type Actor,
  EVALUATION_ENTRY_ID,
  type EvaluationEntry,
  privateDocumentName,
  type SessionState,
} from '@codev/domain'
import { type FormEvent, useEffect, useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'
import { connectSession, type SessionConnection } from '../transport/connectSession.ts'

const SCORES = [1, 2, 3, 4, 5] as const

export function EvaluationPanel({
  state,
  actor,
  token,
}: {
  state: SessionState
  actor: Actor
  token: string
}) {
  const { t } = useI18n()
  return (
    <section className="evaluation" aria-labelledby="evaluation-title" data-testid="evaluation">
      <h2 id="evaluation-title">{t('evaluation.title')}</h2>
      {actor.role === 'facilitator' ? (
        <EvaluationSummaryView state={state} />
      ) : (
        <EvaluationForm sessionId={state.sessionId} memberId={actor.memberId} token={token} />
      )}
    </section>
  )
}

function EvaluationForm({
  sessionId,
  memberId,
  token,
}: {
  sessionId: string
  memberId: string
  token: string
}) {
  const { t } = useI18n()
  const [space, setSpace] = useState<SessionConnection | null>(null)
  const [sent, setSent] = useState(false)
  useEffect(() => {
    const next = connectSession(privateDocumentName(sessionId, 'evaluation', memberId), token)
    setSpace(next)
    return () => next.destroy()
  }, [sessionId, memberId, token])

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!space) return
    const form = new FormData(event.currentTarget)
    const text = (name: string) => {
      const value = String(form.get(name) ?? '').trim()
      return value === '' ? undefined : value
    }
    const score = (name: string) => (form.get(name) ? Number(form.get(name)) : undefined)
    const entry: EvaluationEntry = {
      id: EVALUATION_ENTRY_ID,
      typeName: 'codev_evaluation',
      author: memberId as EvaluationEntry['author'],
      evaluation: JSON.parse(
        JSON.stringify({
          anonymous: form.get('signed') !== 'on',
          appreciation: score('appreciation'),
          methodRespected: score('methodRespected'),
          comment: text('comment'),
          expectations: text('expectations'),
          learnings: text('learnings'),
          applications: text('applications'),
          regulateNextTime: text('regulateNextTime'),
        }),
      ),
    }
    space.records.set(EVALUATION_ENTRY_ID, entry)
    setSent(true)
  }

  return (
    <form onSubmit={submit} className="evaluation-form">
      <ScoreField name="appreciation" legend={t('evaluation.appreciation')} />
      <ScoreField name="methodRespected" legend={t('evaluation.method')} />
      {(
        [
          ['comment', 'evaluation.comment'],
          ['expectations', 'evaluation.expectations'],
          ['learnings', 'evaluation.learnings'],
          ['applications', 'evaluation.applications'],
          ['regulateNextTime', 'evaluation.regulate'],
        ] as const
      ).map(([name, label]) => (
        <label key={name}>
          {t(label)}
          <textarea name={name} rows={2} maxLength={4000} />
        </label>
      ))}
      <label className="evaluation-signed">
        <input type="checkbox" name="signed" /> {t('evaluation.sign')}
      </label>
      <button type="submit" className="primary" disabled={!space}>
        {t('evaluation.send')}
      </button>
      {sent && <p role="status">{t('evaluation.sent')}</p>}
    </form>
  )
}

function ScoreField({ name, legend }: { name: string; legend: string }) {
  return (
    <fieldset className="evaluation-score">
      <legend>{legend}</legend>
      {SCORES.map((score) => (
        <label key={score}>
          <input type="radio" name={name} value={score} /> {score}
        </label>
      ))}
    </fieldset>
  )
}

function EvaluationSummaryView({ state }: { state: SessionState }) {
  const { t } = useI18n()
  const summary = state.evaluations
  const average = (value: number | null) => (value === null ? '—' : value.toFixed(1))
  return (
    <div data-testid="evaluation-summary">
      <p>
        {t('evaluation.count')} : <strong>{summary.count}</strong> — {t('evaluation.appreciation')}{' '}
        : {average(summary.averageAppreciation)} — {t('evaluation.method')} :{' '}
        {average(summary.averageMethodRespected)}
      </p>
      <ul>
        {summary.comments.map((comment) => (
          <li key={`${comment.author}:${comment.text}`}>
            {comment.text} — {comment.author ?? t('evaluation.anonymous')}
          </li>
        ))}
        {summary.regulateNextTime.map((text) => (
          <li key={`regulate:${text}`}>
            {t('evaluation.regulate')} : {text}
          </li>
        ))}
      </ul>
    </div>
  )
}
