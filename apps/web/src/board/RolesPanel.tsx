/**
 * Roles, duties and subject, for the facilitator: each member's role in this
 * session (client, consultant, observer) and whether they accepted the group's
 * rules, the duties (secretary, timekeeper, co-facilitator), and the client with
 * their subject. Only what the domain's `transition` accepts now is offered.
 */
import {
  type Actor,
  type Command,
  type MemberId,
  ROLE_TITLES,
  type RoleId,
  type SessionState,
  SUBJECT_KINDS,
  type SubjectKind,
} from '@codev/domain'
import { useId } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'
import { DutiesSection } from '../session/DutiesPanel.tsx'
import { offer } from './offers.ts'

const ASSIGNABLE: readonly RoleId[] = ['client', 'consultant', 'observer']

export function RolesPanel({
  state,
  actor,
  run,
  busy,
  onClose,
}: {
  state: SessionState
  actor: Actor
  run: (command: Command) => Promise<void>
  busy: boolean
  onClose: () => void
}) {
  const { language, t } = useI18n()
  const titleId = useId()
  const now = Date.now()
  const candidates = state.members.filter((member) => state.roles[member.id] !== 'facilitator')
  const subjectOffered =
    candidates[0] !== undefined &&
    offer(
      state,
      actor,
      {
        type: 'setClientAndSubject',
        clientId: candidates[0].id,
        subject: { kind: 'probleme', title: 'x' },
      },
      now,
    ).offered

  return (
    <section
      className="roles-panel"
      aria-labelledby={titleId}
      data-testid="roles-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose()
      }}
    >
      <h2 id={titleId}>{t('roles.title')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('roles.member')}</th>
            <th scope="col">{t('roles.role')}</th>
            <th scope="col">{t('rules.acceptedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((member) => {
            const role = state.roles[member.id] ?? 'observer'
            const roles = ASSIGNABLE.filter(
              (candidate) =>
                candidate === role ||
                offer(
                  state,
                  actor,
                  { type: 'assignRole', memberId: member.id, role: candidate },
                  now,
                ).offered,
            )
            return (
              <tr key={member.id}>
                <th scope="row">{member.name ?? member.id}</th>
                <td>
                  <select
                    aria-label={`${t('roles.role')}${t('punct.colon')} ${member.name ?? member.id}`}
                    value={role}
                    disabled={busy || roles.length < 2}
                    onChange={(event) =>
                      run({
                        type: 'assignRole',
                        memberId: member.id,
                        role: event.target.value as RoleId,
                      })
                    }
                  >
                    {roles.map((candidate) => (
                      <option key={candidate} value={candidate}>
                        {ROLE_TITLES[candidate][language]}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-testid="rules-cell">
                  {state.rulesAccepted.includes(member.id) ? '✓' : '—'}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <DutiesSection state={state} actor={actor} run={run} busy={busy} />
      {state.subject && (
        <p data-testid="subject">
          {t('roles.subjectSet')} {t(`subject.${state.subject.kind}`)} — {state.subject.title}
        </p>
      )}
      {subjectOffered && (
        <form
          className="subject-form"
          onSubmit={(event) => {
            event.preventDefault()
            const form = new FormData(event.currentTarget)
            void run({
              type: 'setClientAndSubject',
              clientId: String(form.get('clientId')) as MemberId,
              subject: {
                kind: String(form.get('kind')) as SubjectKind,
                title: String(form.get('title') ?? ''),
              },
            })
          }}
        >
          <label>
            {t('roles.client')}
            <select name="clientId" defaultValue={state.clientId ?? candidates[0]?.id}>
              {candidates.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name ?? member.id}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('roles.subjectKind')}
            <select name="kind" defaultValue={state.subject?.kind ?? 'probleme'}>
              {SUBJECT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`subject.${kind}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('roles.subjectTitle')}
            <input
              name="title"
              required
              maxLength={200}
              defaultValue={state.subject?.title ?? ''}
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {t('roles.setSubject')}
          </button>
        </form>
      )}
    </section>
  )
}
