/** `/join/<token>`: checks the personal link, remembers it for its group, opens the current session. */
import { useEffect, useState } from 'react'
import { useI18n } from './i18n/useI18n.tsx'
import { fetchMe, rememberToken } from './identity.ts'
import { LinkProblem } from './LinkProblem.tsx'

export function JoinPage({
  token,
  navigate,
}: {
  token: string
  navigate: (path: string, replace?: boolean) => void
}) {
  const { t } = useI18n()
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    void fetchMe(token).then((me) => {
      if (cancelled) return
      if (!me.ok) {
        setProblem(me.reason.startsWith('token/') ? me.reason : 'token/invalid')
        return
      }
      rememberToken(me.value.group.id, token)
      if (me.value.currentSessionId) {
        // Replace: the token does not stay in the history or the address bar.
        navigate(`/s/${me.value.currentSessionId}`, true)
      } else setProblem('no-session')
    })
    return () => {
      cancelled = true
    }
  }, [token, navigate])

  if (problem === 'no-session') {
    return (
      <main className="page">
        <p role="status">{t('join.noSession')}</p>
      </main>
    )
  }
  if (problem) return <LinkProblem reason={problem} />
  return (
    <main className="page">
      <p role="status">{t('join.checking')}</p>
    </main>
  )
}
