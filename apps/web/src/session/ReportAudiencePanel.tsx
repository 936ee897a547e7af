/**
 * The client decides who receives the session's report: the whole group, or
 * only them (the server's report endpoint enforces it).
 */
import { type Actor, DomainErrorCodeSchema, describeError, type SessionState } from '@codev/domain'
import { useState } from 'react'
import { offer } from '../board/offers.ts'
import { useI18n } from '../i18n/useI18n.tsx'
import type { SessionConnection } from '../transport/connectSession.ts'

const AUDIENCES = ['group', 'client'] as const

export function ReportAudiencePanel({
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
  const now = Date.now()
  const offered = AUDIENCES.filter(
    (audience) => offer(state, actor, { type: 'setReportAudience', audience }, now).offered,
  )
  if (offered.length < 2 || state.phase !== 'closing') return null

  async function choose(audience: (typeof AUDIENCES)[number]) {
    const result = await connection.sendCommand({ type: 'setReportAudience', audience })
    if (result.ok) return setError(null)
    const code = DomainErrorCodeSchema.safeParse(result.error)
    setError(describeError(code.success ? code.data : 'permission/denied', language))
  }

  return (
    <section className="side-panel" data-testid="report-audience">
      <fieldset>
        <legend>{t('contract.audience')}</legend>
        {AUDIENCES.map((audience) => (
          <label key={audience}>
            <input
              type="radio"
              name="report-audience"
              checked={state.reportAudience === audience}
              onChange={() => choose(audience)}
            />{' '}
            {t(`contract.audience.${audience}`)}
          </label>
        ))}
      </fieldset>
      {error && <p role="alert">{error}</p>}
    </section>
  )
}
