/**
 * A member's learning journal across the cycle (`/?group=<id>&view=journal`): the
 * entries they wrote in every session and their learning notes from the boards;
 * they add an entry (kept in the current session's journal, a private space only
 * they can open), share or unshare one with the facilitator, and export the whole
 * journal as Markdown (an export the group's log records). Nobody else reads it.
 */
import type { JournalResponse } from '@codev/domain'
import { useCallback, useEffect, useId, useState } from 'react'
import { api, download } from '../home/api.ts'
import { useI18n } from '../i18n/useI18n.tsx'
import { storedTokens } from '../identity.ts'
import { LanguageSwitch } from '../LanguageSwitch.tsx'
import { LinkProblem } from '../LinkProblem.tsx'

export function JournalPage({
  groupId,
  navigate,
}: {
  groupId: string
  navigate: (path: string) => void
}) {
  const { t } = useI18n()
  const token = storedTokens()[groupId]
  const base = `/api/groups/${encodeURIComponent(groupId)}/journal`
  const [journal, setJournal] = useState<JournalResponse | null>(null)
  const [problem, setProblem] = useState<string | null>(token ? null : 'session/not-member')
  const [failed, setFailed] = useState(false)
  const [announce, setAnnounce] = useState('')
  const ids = { entries: useId(), learnings: useId(), form: useId() }

  const reload = useCallback(async () => {
    if (!token) return
    try {
      setJournal(await api<JournalResponse>(token, 'GET', base))
    } catch (error) {
      setProblem((error as Error).message)
    }
  }, [token, base])
  useEffect(() => {
    void reload()
  }, [reload])

  if (problem) return <LinkProblem reason={problem} />
  if (!journal || !token) {
    return (
      <main className="page">
        <p role="status">{t('join.checking')}</p>
      </main>
    )
  }
  const act = async (run: () => Promise<unknown>, done: string) => {
    setFailed(false)
    try {
      await run()
      await reload()
      setAnnounce(done)
    } catch {
      setFailed(true)
    }
  }

  return (
    <main className="page page-wide" data-testid="journal-page">
      <header className="page-header">
        <h1>{t('journal.title')}</h1>
        <LanguageSwitch />
      </header>
      <p>{t('journal.help')}</p>
      <p className="page-actions">
        <button type="button" onClick={() => navigate(`/?group=${encodeURIComponent(groupId)}`)}>
          {t('journal.back')}
        </button>
        <button
          type="button"
          onClick={() =>
            act(() => download(token, `${base}?format=markdown`, 'codev-journal.md'), '')
          }
        >
          {t('journal.export')}
        </button>
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {failed && <p role="alert">{t('journal.failed')}</p>}

      <form
        className="journal-form"
        aria-labelledby={ids.form}
        onSubmit={(event) => {
          event.preventDefault()
          const form = event.currentTarget
          const data = new FormData(form)
          const text = String(data.get('text') ?? '').trim()
          if (!text) return
          void act(async () => {
            await api(token, 'POST', base, { text, shared: data.get('shared') === 'on' })
            form.reset()
          }, t('journal.add'))
        }}
      >
        <h2 id={ids.form}>{t('journal.text')}</h2>
        <label>
          {t('journal.text')}
          <textarea name="text" required maxLength={4000} rows={3} data-testid="journal-text" />
        </label>
        <label className="inline-choice">
          <input type="checkbox" name="shared" />
          {t('journal.shareNew')}
        </label>
        <button type="submit" className="primary">
          {t('journal.add')}
        </button>
      </form>

      <section aria-labelledby={ids.entries}>
        <h2 id={ids.entries}>{t('journal.entries')}</h2>
        {journal.entries.length === 0 ? (
          <p>{t('journal.empty')}</p>
        ) : (
          <ul className="journal-list" data-testid="journal-entries">
            {journal.entries.map((entry) => (
              <li key={`${entry.sessionId}-${entry.id}`} data-testid="journal-entry">
                <span>
                  ({t('journal.session')} {entry.sessionNumber}) {entry.text} —{' '}
                  <em>{entry.shared ? t('journal.shared') : t('journal.private')}</em>
                </span>{' '}
                <button
                  type="button"
                  aria-label={`${entry.shared ? t('journal.unshare') : t('journal.share')} : ${entry.text}`}
                  onClick={() =>
                    act(
                      () =>
                        api(
                          token,
                          'PATCH',
                          `${base}/${encodeURIComponent(entry.sessionId)}/${encodeURIComponent(entry.id)}`,
                          { shared: !entry.shared },
                        ),
                      entry.shared ? t('journal.private') : t('journal.shared'),
                    )
                  }
                >
                  {entry.shared ? t('journal.unshare') : t('journal.share')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={ids.learnings}>
        <h2 id={ids.learnings}>{t('journal.learnings')}</h2>
        {(journal.learnings ?? []).length === 0 ? (
          <p>{t('journal.empty')}</p>
        ) : (
          <ul className="journal-list" data-testid="journal-learnings">
            {(journal.learnings ?? []).map((learning) => (
              <li key={`${learning.sessionId}-${learning.id}`}>
                ({t('journal.session')} {learning.sessionNumber}) {learning.text}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  )
}
