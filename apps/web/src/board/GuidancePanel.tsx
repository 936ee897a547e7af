/**
 * The step guide, for this person's role: what happens now (the domain's
 * guidance), what they may write (the permission matrix, via `allowedKindsFor`),
 * what they may not, and the group's code of ethics at the start of the session.
 * Collapsible with a native <details>: keyboard accessible as is.
 */
import { type Actor, allowedKindsFor, PHASES, type SessionState } from '@codev/domain'
import { useI18n } from '../i18n/useI18n.tsx'

export function GuidancePanel({ state, actor }: { state: SessionState; actor: Actor }) {
  const { language, t } = useI18n()
  const phase = PHASES[state.phase]
  const kinds = allowedKindsFor(actor, state)
  return (
    <details className="guidance" open data-testid="guidance">
      <summary>
        {t('guidance.title')} — {phase.title[language]}
      </summary>
      <div className="guidance-body">
        {state.subject && (
          <p className="guidance-subject" data-testid="guidance-subject">
            <strong>{t('roles.subjectSet')} </strong>
            {t(`subject.${state.subject.kind}`)} — {state.subject.title}
          </p>
        )}
        {state.phase === 'expose' && actor.role === 'consultant' && (
          // The method's first rule of the exposé, said plainly where consultants look.
          <p className="guidance-listen" role="note" data-testid="guidance-listen">
            {t('scribe.consultantsListen')}
          </p>
        )}
        <p>
          <strong>{t('guidance.now')} · </strong>
          {phase.guidance[actor.role][language].replace(/^(Maintenant|Now) ?: /, '')}
        </p>
        {kinds.length > 0 && (
          <p data-testid="guidance-may">
            <strong>{t('guidance.youMay')} · </strong>
            {kinds.map((kind) => t(`kind.${kind}`)).join(', ')}.
          </p>
        )}
        <p data-testid="guidance-may-not">
          <strong>{t('guidance.youMayNot')} · </strong>
          {state.status === 'closed'
            ? t('guidance.closed')
            : kinds.length === 0
              ? t('guidance.noWriting')
              : t('guidance.zones')}
        </p>
        {(state.phase === 'welcome' || state.phase === 'retour') && (
          <p className="guidance-ethics" data-testid="guidance-ethics">
            <strong>{t('guidance.ethicsTitle')} · </strong>
            {t('guidance.ethics')}
          </p>
        )}
      </div>
    </details>
  )
}
