/**
 * The facilitator's toolbar: previous / next step (confirmed in a dialog that names
 * the step, with the contract override asked explicitly), skip, the step timer's
 * controls, "everyone here" and "follow me", roles and subject, closing. A button
 * is there only when the domain's `transition` would accept its command from this
 * person now; a refusal from the server is shown in the user's language. The
 * timekeeper sees the timer's controls only; the digital co-facilitator the step
 * buttons only, while the facilitator delegates them.
 */
import {
  type Actor,
  type Command,
  DomainErrorCodeSchema,
  describeError,
  PHASES,
  type PhaseId,
  type SessionState,
  timerView,
} from '@codev/domain'
import { useEffect, useRef, useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'
import type { SessionConnection } from '../transport/connectSession.ts'
import { useNow } from './clock.ts'
import { fill, nextPhase, offer, previousPhase } from './offers.ts'
import { RolesPanel } from './RolesPanel.tsx'

interface PendingConfirm {
  message: string
  confirmLabel: string
  command: Command
}

export interface CameraControls {
  bringEveryoneHere(): void
  leading: boolean
  setLeading(leading: boolean): void
}

export function FacilitatorToolbar({
  connection,
  state,
  actor,
  camera,
}: {
  connection: SessionConnection
  state: SessionState
  actor: Actor
  camera: CameraControls
}) {
  const { language, t } = useI18n()
  const now = useNow()
  const [pending, setPending] = useState<PendingConfirm | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [rolesOpen, setRolesOpen] = useState(false)
  const title = (phase: PhaseId | undefined) => (phase ? PHASES[phase].title[language] : '')

  async function run(command: Command) {
    setBusy(true)
    setError(null)
    const result = await connection.sendCommand(command)
    setBusy(false)
    if (!result.ok) {
      const code = DomainErrorCodeSchema.safeParse(result.error)
      setError(describeError(code.success ? code.data : 'permission/denied', language))
    }
  }

  const offers = (command: Command) => offer(state, actor, command, now)
  const next = offers({ type: 'next' })
  const back = offers({ type: 'back' })
  const skip = offers({ type: 'skip' })
  const timer = timerView(state.timer, now)
  const timerOffered = offers({ type: timer.running ? 'timerPause' : 'timerStart' }).offered
  const facilitator = actor.role === 'facilitator'
  const to = nextPhase(state.phase)
  const from = previousPhase(state.phase)

  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')} data-testid="toolbar">
      {back.offered && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            setPending({
              message: fill(t('confirm.backTo'), { step: title(from) }),
              confirmLabel: t('confirm.yes'),
              command: { type: 'back' },
            })
          }
        >
          ← {t('toolbar.previous')}
        </button>
      )}
      {next.offered && (
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() =>
            setPending(
              next.needsOverride
                ? {
                    message: fill(t('confirm.contractOverride'), { step: title(to) }),
                    confirmLabel: t('confirm.overrideButton'),
                    command: { type: 'next', override: true },
                  }
                : {
                    message: fill(t('confirm.goTo'), { step: title(to) }),
                    confirmLabel: t('confirm.yes'),
                    command: { type: 'next' },
                  },
            )
          }
        >
          {t('toolbar.next')} →
        </button>
      )}
      {skip.offered && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            setPending({
              message: fill(t('confirm.skip'), { step: title(state.phase), next: title(to) }),
              confirmLabel: t('confirm.yes'),
              command: { type: 'skip' },
            })
          }
        >
          {t('toolbar.skip')}
        </button>
      )}
      {timerOffered && (
        <fieldset className="toolbar-group" data-testid="timer-controls">
          <legend className="visually-hidden">{t('board.timer')}</legend>
          {timer.running ? (
            <button type="button" disabled={busy} onClick={() => run({ type: 'timerPause' })}>
              {t('toolbar.pause')}
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => run({ type: 'timerStart' })}>
              {t('toolbar.start')}
            </button>
          )}
          <button
            type="button"
            disabled={busy}
            title={t('toolbar.plus1Label')}
            onClick={() => run({ type: 'timerExtend', minutes: 1 })}
          >
            {t('toolbar.plus1')}
          </button>
          <button
            type="button"
            disabled={busy}
            title={t('toolbar.plus5Label')}
            onClick={() => run({ type: 'timerExtend', minutes: 5 })}
          >
            {t('toolbar.plus5')}
          </button>
        </fieldset>
      )}
      {facilitator && (
        <span className="toolbar-group">
          <button
            type="button"
            title={t('toolbar.bringHereLabel')}
            onClick={camera.bringEveryoneHere}
          >
            {t('toolbar.bringHere')}
          </button>
          <button
            type="button"
            aria-pressed={camera.leading}
            onClick={() => camera.setLeading(!camera.leading)}
          >
            {camera.leading ? t('toolbar.stopFollow') : t('toolbar.followMe')}
          </button>
        </span>
      )}
      {state.silentWriting
        ? offers({ type: 'reveal' }).offered && (
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => run({ type: 'reveal' })}
            >
              {t('toolbar.reveal')}
            </button>
          )
        : offers({ type: 'setSilentWriting', on: true }).offered && (
            <button
              type="button"
              disabled={busy}
              onClick={() => run({ type: 'setSilentWriting', on: true })}
            >
              {t('toolbar.silentOn')}
            </button>
          )}
      {facilitator && (
        <button type="button" aria-expanded={rolesOpen} onClick={() => setRolesOpen(!rolesOpen)}>
          {t('toolbar.roles')}
        </button>
      )}
      {offers({ type: 'close' }).offered && (
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() =>
            setPending({
              message: t('confirm.close'),
              confirmLabel: t('toolbar.close'),
              command: { type: 'close' },
            })
          }
        >
          {t('toolbar.close')}
        </button>
      )}
      <span className="toolbar-error" role="alert" data-testid="command-error">
        {error && `${t('command.failed')} ${error}`}
      </span>
      {rolesOpen && (
        <RolesPanel
          state={state}
          actor={actor}
          run={run}
          busy={busy}
          onClose={() => setRolesOpen(false)}
        />
      )}
      {pending && (
        <ConfirmDialog
          pending={pending}
          onCancel={() => setPending(null)}
          onConfirm={() => {
            setPending(null)
            void run(pending.command)
          }}
        />
      )}
    </div>
  )
}

/** A modal dialog (native <dialog>: focus kept inside, Escape cancels). */
function ConfirmDialog({
  pending,
  onConfirm,
  onCancel,
}: {
  pending: PendingConfirm
  onConfirm: () => void
  onCancel: () => void
}) {
  const { t } = useI18n()
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-message"
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault()
        onCancel()
      }}
    >
      <p id="confirm-message">{pending.message}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t('confirm.cancel')}
        </button>
        <button type="button" className="primary" onClick={onConfirm}>
          {pending.confirmLabel}
        </button>
      </div>
    </dialog>
  )
}
