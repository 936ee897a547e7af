/**
 * The step's timer, shown to everyone in the header: remaining time, then the
 * overrun once the planned time is up (a gentle visual signal, announced once to
 * screen readers). Computed with the domain's `timerView` from the session state
 * and a ticking clock; nobody's clock writes anything.
 */
import { type SessionState, timerView } from '@codev/domain'
import { useI18n } from '../i18n/useI18n.tsx'
import { useNow } from './clock.ts'
import { formatDuration } from './offers.ts'

export function StepTimer({ state }: { state: SessionState }) {
  const { t } = useI18n()
  const now = useNow()
  const view = timerView(state.timer, now)
  const over = view.overrunMs > 0
  return (
    <span
      className={`step-timer${over ? ' step-timer-over' : ''}${view.running ? ' step-timer-running' : ''}`}
      data-testid="step-timer"
      data-running={view.running}
      data-over={over}
      title={t('board.timer')}
    >
      <svg className="step-timer-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="9" r="6" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M8 9V5.5M6 1.5h4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <span className="visually-hidden">{`${t('board.timer')}${t('punct.colon')} `}</span>
      {over ? (
        <>
          +{formatDuration(view.overrunMs)} {t('board.overrun')}
        </>
      ) : (
        <>
          {formatDuration(view.remainingMs)} {t('board.remaining')}
        </>
      )}
      {/* Announced once, when the planned time runs out. */}
      <span className="visually-hidden" role="status" aria-live="polite">
        {over ? t('board.timeUp') : ''}
      </span>
    </span>
  )
}
