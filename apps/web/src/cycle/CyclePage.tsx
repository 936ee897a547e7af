/**
 * The cycle summary for the facilitator (`/?group=<id>&view=summary`): every
 * session with its client and subject, the action plans and how each action was
 * followed up in the next retour, the evaluation trend as a chart (with its
 * table), who has not been client yet, and the journal entries members shared.
 */
import type { CycleSummary, JournalResponse } from '@codev/domain'
import { useEffect, useId, useState } from 'react'
import { api } from '../home/api.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { useI18n } from '../i18n/useI18n.tsx'
import { storedTokens } from '../identity.ts'
import { LanguageSwitch } from '../LanguageSwitch.tsx'
import { LinkProblem } from '../LinkProblem.tsx'
import { TrendChart } from './TrendChart.tsx'

export function CyclePage({
  groupId,
  navigate,
}: {
  groupId: string
  navigate: (path: string) => void
}) {
  const { language, t } = useI18n()
  const token = storedTokens()[groupId]
  const [summary, setSummary] = useState<CycleSummary | null>(null)
  const [shared, setShared] = useState<JournalResponse['entries']>([])
  const [problem, setProblem] = useState<string | null>(token ? null : 'session/not-member')
  const ids = { sessions: useId(), actions: useId(), trend: useId(), shared: useId() }

  useEffect(() => {
    if (!token) return
    const base = `/api/groups/${encodeURIComponent(groupId)}`
    api<CycleSummary>(token, 'GET', `${base}/summary`)
      .then(setSummary)
      .catch((error: Error) => setProblem(error.message))
    api<JournalResponse>(token, 'GET', `${base}/journal?shared=1`)
      .then((journal) => setShared(journal.entries))
      .catch(() => setShared([]))
  }, [token, groupId])

  if (problem) return <LinkProblem reason={problem} />
  if (!summary) {
    return (
      <main className="page">
        <p role="status">{t('join.checking')}</p>
      </main>
    )
  }
  const date = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
  })
  const decimal = new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  })
  const score = (value: number | null) =>
    value === null ? t('cycle.noEvaluation') : decimal.format(value)
  const followUpLabel = (status: string | null) =>
    t(`cycle.followUp.${status ?? 'none'}` as MessageKey)
  const { actionTotals: totals } = summary

  return (
    <main className="page page-wide" data-testid="cycle-summary">
      <header className="page-header">
        <h1>
          {t('cycle.title')} — {summary.groupName}
        </h1>
        <LanguageSwitch />
      </header>
      <p className="page-actions">
        <button type="button" onClick={() => navigate(`/?group=${encodeURIComponent(groupId)}`)}>
          {t('journal.back')}
        </button>
      </p>

      <section aria-labelledby={ids.sessions}>
        <h2 id={ids.sessions}>
          {t('cycle.sessions')} ({summary.sessions.length}/{summary.cycleLength})
        </h2>
        <table className="cycle-table">
          <thead>
            <tr>
              <th scope="col">{t('cycle.session')}</th>
              <th scope="col">{t('cycle.date')}</th>
              <th scope="col">{t('cycle.client')}</th>
              <th scope="col">{t('cycle.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.sessions.map((session) => (
              <tr key={session.id} data-testid="cycle-session">
                <th scope="row">
                  {session.number}
                  {session.consultation === 2 && ` (${t('cycle.secondConsultation')})`}
                </th>
                <td>{date.format(session.scheduledAt)}</td>
                <td>{session.client ?? '—'}</td>
                <td>
                  {session.purged ? (
                    <span className="purged-badge">{t('cycle.purged')}</span>
                  ) : (
                    (session.subject?.title ?? '—')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p data-testid="cycle-not-yet-clients">
          <strong>{t('cycle.notYetClients')} · </strong>
          {summary.notYetClients.length > 0 ? summary.notYetClients.join(', ') : '—'}
        </p>
      </section>

      <section aria-labelledby={ids.actions}>
        <h2 id={ids.actions}>{t('cycle.actions')}</h2>
        <p data-testid="cycle-totals">
          <strong>{t('cycle.totals')} · </strong>
          {totals.total} {t('cycle.total')} — {followUpLabel('done')} {totals.done},{' '}
          {followUpLabel('in-progress')} {totals.inProgress}, {followUpLabel('dropped')}{' '}
          {totals.dropped}, {followUpLabel(null)} {totals.open}
        </p>
        {summary.sessions
          .filter((session) => session.actions.length > 0)
          .map((session) => (
            <div key={session.id}>
              <h3>
                {t('cycle.session')} {session.number} — {session.client ?? '—'}
              </h3>
              <ul>
                {session.actions.map((action) => (
                  <li key={action.id} data-testid="cycle-action">
                    {action.what}
                    {action.dueDate ? ` (${action.dueDate})` : ''}{' '}
                    <span className={`follow-up follow-up-${action.followUp ?? 'none'}`}>
                      {followUpLabel(action.followUp)}
                    </span>
                    {action.comment ? ` — ${action.comment}` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ))}
      </section>

      <section aria-labelledby={ids.trend}>
        <h2 id={ids.trend}>{t('cycle.trend')}</h2>
        <TrendChart
          title={t('cycle.trend')}
          description={t('cycle.chartDescription')}
          series={{ appreciation: t('cycle.appreciation'), methodRespected: t('cycle.method') }}
          points={summary.sessions.map((session) => ({
            label: `S${session.number}`,
            appreciation: session.evaluation.appreciation,
            methodRespected: session.evaluation.methodRespected,
          }))}
        />
        <table className="cycle-table" data-testid="trend-table">
          <caption>{t('cycle.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cycle.session')}</th>
              <th scope="col">{t('cycle.appreciation')}</th>
              <th scope="col">{t('cycle.method')}</th>
              <th scope="col">{t('cycle.evaluations')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.sessions.map((session) => (
              <tr key={session.id}>
                <th scope="row">S{session.number}</th>
                <td>{score(session.evaluation.appreciation)}</td>
                <td>{score(session.evaluation.methodRespected)}</td>
                <td>{session.evaluation.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby={ids.shared}>
        <h2 id={ids.shared}>{t('cycle.sharedJournal')}</h2>
        {shared.length === 0 ? (
          <p>{t('journal.empty')}</p>
        ) : (
          <ul className="journal-list" data-testid="shared-journal">
            {shared.map((entry) => (
              <li key={`${entry.sessionId}-${entry.id}`}>
                <strong>{entry.authorName}</strong> ({t('journal.session')} {entry.sessionNumber}) —{' '}
                {entry.text}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  )
}
