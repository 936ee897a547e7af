/**
 * The group's rules — confidentiality, benevolence, no judgement, right to
 * silence, commitment to the cycle — shown on joining each session until the
 * member accepts them (`acceptRules`); the facilitator sees who has.
 */
import { type Actor, DomainErrorCodeSchema, describeError, type SessionState } from '@codev/domain'
import { useState } from 'react'
import { offer } from '../board/offers.ts'
import { useI18n } from '../i18n/useI18n.tsx'
import type { SessionConnection } from '../transport/connectSession.ts'
import { memberName } from './TurnsPanel.tsx'

export const GROUP_RULES = [
  'confidentiality',
  'benevolence',
  'noJudgement',
  'silence',
  'commitment',
] as const

export function RulesGate({
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
  const accepted = state.rulesAccepted.includes(actor.memberId)
  const mayAccept = offer(state, actor, { type: 'acceptRules' }, Date.now()).offered
  const members = state.members.filter((member) => state.roles[member.id] !== 'observer')

  async function accept() {
    const result = await connection.sendCommand({ type: 'acceptRules' })
    if (result.ok) return setError(null)
    const code = DomainErrorCodeSchema.safeParse(result.error)
    setError(describeError(code.success ? code.data : 'permission/denied', language))
  }

  if (!accepted && mayAccept) {
    return (
      <section className="side-panel rules-gate" aria-labelledby="rules-title" data-testid="rules">
        <h2 id="rules-title">{t('rules.title')}</h2>
        <p>{t('rules.intro')}</p>
        <ul>
          {GROUP_RULES.map((rule) => (
            <li key={rule}>{t(`rules.${rule}`)}</li>
          ))}
        </ul>
        <button type="button" className="primary" onClick={accept}>
          {t('rules.accept')}
        </button>
        {error && <p role="alert">{error}</p>}
      </section>
    )
  }
  if (actor.role !== 'facilitator') return null
  const names = state.rulesAccepted.map((id) => memberName(state, id))
  return (
    <p className="side-panel rules-accepted" data-testid="rules-accepted">
      {t('rules.acceptedBy')} {state.rulesAccepted.length} / {members.length}
      {names.length > 0 && ` (${names.join(', ')})`}
    </p>
  )
}
