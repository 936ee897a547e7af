/**
 * A group's page (`/?group=<id>`), from the token this browser holds for it: the
 * members, and for the facilitator their personal links (renew gives a new link to
 * copy, revoke stops the old one), the sessions of the cycle with the current one
 * (a meeting's second consultation and purged sessions marked), who has not been
 * client yet, and scheduling the next session; links to one's journal and, for the
 * facilitator, the cycle summary, the retention period and the log of purges and
 * exports.
 */
import type { GroupView, InvitationView, IssuedInvitation, SessionView } from '@codev/domain'
import { useCallback, useEffect, useId, useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'
import { storedTokens } from '../identity.ts'
import { LanguageSwitch } from '../LanguageSwitch.tsx'
import { LinkProblem } from '../LinkProblem.tsx'
import { api } from './api.ts'
import { CopyButton } from './CopyButton.tsx'
import { RetentionSection } from './RetentionSection.tsx'

export function GroupPage({
  groupId,
  navigate,
}: {
  groupId: string
  navigate: (path: string) => void
}) {
  const { language, t } = useI18n()
  const token = storedTokens()[groupId]
  const [group, setGroup] = useState<GroupView | null>(null)
  const [problem, setProblem] = useState<string | null>(token ? null : 'session/not-member')
  const [issued, setIssued] = useState<Record<string, IssuedInvitation>>({})
  const [failed, setFailed] = useState(false)
  const membersId = useId()
  const sessionsId = useId()

  const reload = useCallback(async () => {
    if (!token) return
    try {
      setGroup(await api<GroupView>(token, 'GET', `/api/groups/${encodeURIComponent(groupId)}`))
    } catch (error) {
      setProblem(String((error as Error).message))
    }
  }, [token, groupId])
  useEffect(() => {
    void reload()
  }, [reload])

  if (problem) return <LinkProblem reason={problem} />
  if (!group || !token) {
    return (
      <main className="page">
        <p role="status">{t('join.checking')}</p>
      </main>
    )
  }

  const isFacilitator = group.invitations !== undefined
  const base = `/api/groups/${encodeURIComponent(groupId)}`
  const act = async (run: () => Promise<unknown>) => {
    setFailed(false)
    try {
      await run()
      await reload()
    } catch {
      setFailed(true)
    }
  }
  const activeInvitation = (memberId: string): InvitationView | undefined =>
    group.invitations?.find((i) => i.memberId === memberId && i.revokedAt === null)
  const dateFormat = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
  })
  const notYetClient = group.members.filter(
    (m) => m.groupRole === 'member' && !group.clientHistory.includes(m.id),
  )
  const sessions = [...group.sessions].sort((a, b) => a.number - b.number)

  return (
    <main className="page page-wide" data-testid="group-page">
      <header className="page-header">
        <h1>{group.name}</h1>
        <LanguageSwitch />
      </header>
      <p className="page-actions">
        {group.currentSessionId && (
          <button
            type="button"
            className="primary"
            onClick={() => navigate(`/s/${group.currentSessionId}`)}
          >
            {t('group.openCurrent')}
          </button>
        )}
        <button
          type="button"
          onClick={() => navigate(`/?group=${encodeURIComponent(groupId)}&view=journal`)}
        >
          {t('journal.open')}
        </button>
        {isFacilitator && (
          <button
            type="button"
            onClick={() => navigate(`/?group=${encodeURIComponent(groupId)}&view=summary`)}
          >
            {t('cycle.open')}
          </button>
        )}
      </p>
      {failed && <p role="alert">{t('group.actionFailed')}</p>}

      <section aria-labelledby={membersId}>
        <h2 id={membersId}>{t('group.members')}</h2>
        {isFacilitator && <p>{t('home.linksHelp')}</p>}
        <ul className="member-list">
          {group.members.map((member) => {
            const invitation = activeInvitation(member.id)
            const fresh = issued[member.id]
            const url = fresh ? `${window.location.origin}${fresh.joinPath}` : null
            return (
              <li key={member.id} data-testid="member" data-member={member.name}>
                <span className="join-link-name">{member.name}</span>
                <span className="member-role">{t(`groupRole.${member.groupRole}`)}</span>
                {isFacilitator && (
                  <span className="member-link" data-testid="link-status">
                    {invitation
                      ? `${t('group.linkActiveUntil')} ${dateFormat.format(invitation.expiresAt)}`
                      : t('group.linkRevoked')}
                  </span>
                )}
                {isFacilitator && url && (
                  <span className="member-new-link">
                    <input
                      readOnly
                      value={url}
                      aria-label={`${member.name} : ${t('group.newLink')}`}
                      data-testid="new-link"
                    />
                    <CopyButton text={url} />
                  </span>
                )}
                {/* Renewing one's own link here would lock this browser out. */}
                {isFacilitator && member.groupRole !== 'facilitator' && (
                  <span className="member-actions">
                    <button
                      type="button"
                      aria-label={`${invitation ? t('group.renew') : t('group.newLinkButton')} : ${member.name}`}
                      onClick={() =>
                        act(async () => {
                          const renewed = invitation
                            ? await api<IssuedInvitation>(
                                token,
                                'POST',
                                `${base}/invitations/${invitation.id}/renew`,
                              )
                            : await api<IssuedInvitation>(token, 'POST', `${base}/invitations`, {
                                memberId: member.id,
                              })
                          setIssued((all) => ({ ...all, [member.id]: renewed }))
                        })
                      }
                    >
                      {invitation ? t('group.renew') : t('group.newLinkButton')}
                    </button>
                    {invitation && (
                      <button
                        type="button"
                        aria-label={`${t('group.revoke')} : ${member.name}`}
                        onClick={() => {
                          if (!window.confirm(`${t('group.revokeConfirm')} (${member.name})`))
                            return
                          void act(async () => {
                            await api(token, 'DELETE', `${base}/invitations/${invitation.id}`)
                            setIssued(({ [member.id]: _dropped, ...rest }) => rest)
                          })
                        }}
                      >
                        {t('group.revoke')}
                      </button>
                    )}
                  </span>
                )}
              </li>
            )
          })}
        </ul>
      </section>

      <section aria-labelledby={sessionsId}>
        <h2 id={sessionsId}>
          {t('group.sessions')} ({sessions.length}/{group.cycleLength})
        </h2>
        <ol className="session-list">
          {sessions.map((session: SessionView) => (
            <li
              key={session.id}
              data-testid="session"
              data-status={session.status}
              data-consultation={session.consultation ?? 1}
            >
              <span>
                {t('group.session')} {session.number} — {dateFormat.format(session.scheduledAt)}
                {session.consultation === 2 && ` (${t('meeting.secondLabel')})`}
              </span>
              {session.purgedAt != null && (
                <span className="purged-badge" data-testid="session-purged">
                  {t('cycle.purged')}
                </span>
              )}
              {session.clientId && (
                <span className="session-subject" data-testid="session-subject">
                  {group.members.find((m) => m.id === session.clientId)?.name ?? ''}
                  {session.subject ? ` — ${session.subject.title}` : ''}
                </span>
              )}
              <span className="session-status">
                {session.id === group.currentSessionId
                  ? t('group.current')
                  : session.status === 'closed'
                    ? t('group.past')
                    : t('group.upcoming')}
              </span>
            </li>
          ))}
        </ol>
        <p data-testid="not-yet-client">
          <strong>{t('group.notYetClient')} · </strong>
          {notYetClient.length > 0 ? notYetClient.map((m) => m.name).join(', ') : '—'}
        </p>
        {isFacilitator && sessions.length < group.cycleLength && (
          <form
            className="schedule-form"
            onSubmit={(event) => {
              event.preventDefault()
              const value = String(new FormData(event.currentTarget).get('when') ?? '')
              const scheduledAt = new Date(value).getTime()
              if (Number.isNaN(scheduledAt)) return
              void act(() => api(token, 'POST', `${base}/sessions`, { scheduledAt }))
            }}
          >
            <label>
              {t('group.scheduleWhen')}
              <input type="datetime-local" name="when" required />
            </label>
            <button type="submit">{t('group.schedule')}</button>
          </form>
        )}
      </section>
      {isFacilitator && (
        <RetentionSection groupId={groupId} token={token} members={group.members} />
      )}
    </main>
  )
}
