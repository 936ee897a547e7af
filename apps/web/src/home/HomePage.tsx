/**
 * Home: a facilitator creates a group (its name, their own name, the members' names,
 * the cycle length) and gets each member's personal join link to send.
 */
import {
  type CreateGroupRequest,
  type CreateGroupResponse,
  CYCLE_LENGTH_MAX,
  CYCLE_LENGTH_MIN,
} from '@codev/domain'
import { useEffect, useId, useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'
import { fetchMe, rememberToken, storedTokens } from '../identity.ts'
import { LanguageSwitch } from '../LanguageSwitch.tsx'
import { CopyButton } from './CopyButton.tsx'

const CYCLE_LENGTHS = Array.from(
  { length: CYCLE_LENGTH_MAX - CYCLE_LENGTH_MIN + 1 },
  (_, index) => CYCLE_LENGTH_MIN + index,
)

export function HomePage({ navigate }: { navigate: (path: string) => void }) {
  const { t } = useI18n()
  const [status, setStatus] = useState<'idle' | 'creating' | 'failed'>('idle')
  const [created, setCreated] = useState<CreateGroupResponse | null>(null)

  async function createGroup(form: FormData) {
    setStatus('creating')
    const request: CreateGroupRequest = {
      name: String(form.get('groupName') ?? ''),
      cycleLength: Number(form.get('cycleLength')),
      facilitator: { name: String(form.get('facilitatorName') ?? '') },
      members: String(form.get('memberNames') ?? '')
        .split('\n')
        .map((name) => name.trim())
        .filter(Boolean)
        .map((name) => ({ name })),
    }
    try {
      const response = await fetch('/api/groups', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const group = (await response.json()) as CreateGroupResponse
      // The facilitator's own link, so this browser opens the group page and the board.
      const own = group.invitations[0]
      if (own) rememberToken(group.group.id, own.token)
      setCreated(group)
      setStatus('idle')
    } catch {
      setStatus('failed')
    }
  }

  return (
    <main className="page">
      <header className="page-header">
        <h1>{t('app.title')}</h1>
        <LanguageSwitch />
      </header>
      <p>{t('home.tagline')}</p>
      {!created && <MyGroups navigate={navigate} />}
      {created ? (
        <JoinLinks created={created} navigate={navigate} />
      ) : (
        <form
          aria-labelledby="new-group-title"
          onSubmit={(event) => {
            event.preventDefault()
            void createGroup(new FormData(event.currentTarget))
          }}
        >
          <h2 id="new-group-title">{t('home.newGroup')}</h2>
          <label>
            {t('home.groupName')}
            <input name="groupName" required maxLength={80} />
          </label>
          <label>
            {t('home.facilitatorName')}
            <input name="facilitatorName" required maxLength={60} autoComplete="given-name" />
          </label>
          <label>
            {t('home.memberNames')}
            <textarea name="memberNames" required rows={6} />
          </label>
          <label>
            {t('home.cycleLength')}
            <select name="cycleLength" defaultValue={6}>
              {CYCLE_LENGTHS.map((length) => (
                <option key={length} value={length}>
                  {length}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={status === 'creating'}>
            {status === 'creating' ? t('home.creating') : t('home.create')}
          </button>
          {status === 'failed' && <p role="alert">{t('home.createFailed')}</p>}
        </form>
      )}
    </main>
  )
}

function JoinLinks({
  created,
  navigate,
}: {
  created: CreateGroupResponse
  navigate: (path: string) => void
}) {
  const { t } = useI18n()
  const titleId = useId()
  const facilitator = created.group.members.find((member) => member.groupRole === 'facilitator')
  const myLink = created.invitations.find((issued) => issued.memberId === facilitator?.id)
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>
        {t('home.linksTitle')} — {created.group.name}
      </h2>
      <p>{t('home.linksHelp')}</p>
      <ul className="join-links">
        {created.invitations.map((issued) => {
          const member = created.group.members.find((m) => m.id === issued.memberId)
          const url = `${window.location.origin}${issued.joinPath}`
          return (
            <li key={issued.memberId} data-testid="join-link" data-member={member?.name}>
              <span className="join-link-name">{member?.name}</span>
              <input readOnly value={url} aria-label={`${member?.name}: ${t('home.linksTitle')}`} />
              <CopyButton text={url} />
            </li>
          )
        })}
      </ul>
      <p className="actions">
        {myLink && (
          <button type="button" className="primary" onClick={() => navigate(myLink.joinPath)}>
            {t('home.openMyBoard')}
          </button>
        )}
        <button type="button" onClick={() => navigate(`/?group=${created.group.id}`)}>
          {t('home.openGroup')}
        </button>
      </p>
    </section>
  )
}

/** The groups this browser holds a link for, to come back to their page. */
function MyGroups({ navigate }: { navigate: (path: string) => void }) {
  const { t } = useI18n()
  const titleId = useId()
  const [groups, setGroups] = useState<{ id: string; name: string }[]>([])
  useEffect(() => {
    let cancelled = false
    void Promise.all(Object.values(storedTokens()).map(fetchMe)).then((results) => {
      if (cancelled) return
      setGroups(results.flatMap((me) => (me.ok ? [me.value.group] : [])))
    })
    return () => {
      cancelled = true
    }
  }, [])
  if (groups.length === 0) return null
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('home.yourGroups')}</h2>
      <ul className="my-groups">
        {groups.map((group) => (
          <li key={group.id}>
            <button type="button" onClick={() => navigate(`/?group=${group.id}`)}>
              {group.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
