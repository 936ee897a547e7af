/**
 * The facilitator's retention settings (retention.ts): how many days the group
 * keeps its sessions' contents, whether action plans survive the purge, a button
 * to purge the sessions past the period now, and the log of every purge and
 * export, which only the facilitator reads.
 */
import type { GroupLogEntry, RetentionSettings } from '@codev/domain'
import { useCallback, useEffect, useId, useState } from 'react'
import type { MessageKey } from '../i18n/messages.ts'
import { useI18n } from '../i18n/useI18n.tsx'
import { api } from './api.ts'

export function RetentionSection({
  groupId,
  token,
  members,
}: {
  groupId: string
  token: string
  members: readonly { id: string; name: string }[]
}) {
  const { language, t } = useI18n()
  const titleId = useId()
  const logId = useId()
  const base = `/api/groups/${encodeURIComponent(groupId)}`
  const [settings, setSettings] = useState<RetentionSettings | null>(null)
  const [log, setLog] = useState<GroupLogEntry[]>([])
  const [status, setStatus] = useState<string>('')
  const [failed, setFailed] = useState(false)

  const reload = useCallback(async () => {
    setSettings(await api<RetentionSettings>(token, 'GET', `${base}/retention`))
    setLog((await api<{ entries: GroupLogEntry[] }>(token, 'GET', `${base}/log`)).entries)
  }, [token, base])
  useEffect(() => {
    void reload().catch(() => setFailed(true))
  }, [reload])

  const act = async (run: () => Promise<string>) => {
    setFailed(false)
    try {
      setStatus(await run())
      await reload()
    } catch {
      setFailed(true)
    }
  }
  const when = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  })

  return (
    <section aria-labelledby={titleId} data-testid="retention">
      <h2 id={titleId}>{t('retention.title')}</h2>
      {settings && (
        <form
          className="retention-form"
          onSubmit={(event) => {
            event.preventDefault()
            const data = new FormData(event.currentTarget)
            const days = String(data.get('days') ?? '').trim()
            const next: RetentionSettings = {
              retentionDays: days === '' ? null : Number(days),
              keepActionPlan: data.get('keep') === 'on',
            }
            void act(async () => {
              await api(token, 'PUT', `${base}/retention`, next)
              return t('retention.saved')
            })
          }}
        >
          <label>
            {t('retention.days')}
            <input
              type="number"
              name="days"
              min={1}
              max={3650}
              defaultValue={settings.retentionDays ?? ''}
              aria-describedby={`${titleId}-help`}
              data-testid="retention-days"
            />
          </label>
          <p id={`${titleId}-help`}>{t('retention.daysHelp')}</p>
          <label className="inline-choice">
            <input type="checkbox" name="keep" defaultChecked={settings.keepActionPlan} />
            {t('retention.keepActionPlan')}
          </label>
          <span className="page-actions">
            <button type="submit">{t('retention.save')}</button>
            <button
              type="button"
              onClick={() =>
                act(async () => {
                  const { purged } = await api<{ purged: number }>(token, 'POST', `${base}/purge`)
                  return `${t('retention.purgedCount')} ${purged}`
                })
              }
            >
              {t('retention.purgeNow')}
            </button>
          </span>
        </form>
      )}
      <p role="status" data-testid="retention-status">
        {status}
      </p>
      {failed && <p role="alert">{t('group.actionFailed')}</p>}
      <h3 id={logId}>{t('retention.log')}</h3>
      {log.length === 0 ? (
        <p>{t('retention.logEmpty')}</p>
      ) : (
        <ol className="group-log" aria-labelledby={logId} data-testid="group-log">
          {[...log].reverse().map((entry) => (
            <li
              key={`${entry.at}-${entry.kind}-${entry.sessionId}-${entry.actorId}-${entry.detail}`}
              data-kind={entry.kind}
            >
              {when.format(entry.at)} — {t(`retention.kind.${entry.kind}` as MessageKey)} —{' '}
              {entry.actorId === null
                ? t('retention.server')
                : (members.find((m) => m.id === entry.actorId)?.name ?? entry.actorId)}
              {entry.detail ? ` — ${entry.detail}` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
