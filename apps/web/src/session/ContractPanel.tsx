/**
 * Step 3 (contrat): each consultant confirms the client's request is clear enough
 * to consult on; everyone sees who has, and the facilitator knows before moving on.
 */
import { type Actor, consultantsOf, describeError, type SessionState } from '@codev/domain'
import { useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'
import type { SessionConnection } from '../transport/connectSession.ts'

export function ContractPanel({
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
  const consultants = consultantsOf(state)
  const nameOf = (id: string) => state.members.find((member) => member.id === id)?.name ?? id
  const confirmed = state.contractConfirmations
  const mine = confirmed.includes(actor.memberId)

  async function confirm() {
    const result = await connection.sendCommand({ type: 'confirmContract' })
    setError(result.ok ? null : describeError(result.error as never, language))
  }

  return (
    <section className="side-panel" aria-labelledby="contract-title" data-testid="contract">
      <h2 id="contract-title">{t('contract.title')}</h2>
      <p data-testid="contract-count">
        {t('contract.confirmed')} : {confirmed.length} / {consultants.length}
        {confirmed.length > 0 && ` (${confirmed.map(nameOf).join(', ')})`}
      </p>
      {actor.role === 'consultant' &&
        (mine ? (
          <p role="status">{t('contract.mine')}</p>
        ) : (
          <button type="button" className="primary" onClick={confirm}>
            {t('contract.confirm')}
          </button>
        ))}
      {error && <p role="alert">{error}</p>}
    </section>
  )
}
