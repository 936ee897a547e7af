/**
 * Routes: "/" home, "/join/<token>" a personal link, "/s/<sessionId>" a session board,
 * "/?group=<id>" a group page (with "&view=summary" the cycle summary, "&view=journal"
 * the member's journal).
 */
import { useCallback, useEffect, useState } from 'react'
import { Board } from './board/Board.tsx'
import { CyclePage } from './cycle/CyclePage.tsx'
import { GroupPage } from './home/GroupPage.tsx'
import { HomePage } from './home/HomePage.tsx'
import { useI18n } from './i18n/useI18n.tsx'
import { accessSession, boardUser, type Result, type SessionAccess } from './identity.ts'
import { JoinPage } from './JoinPage.tsx'
import { JournalPage } from './journal/JournalPage.tsx'
import { LinkProblem } from './LinkProblem.tsx'

const SESSION_PATH = /^\/s\/([^/]+)\/?$/
const JOIN_PATH = /^\/join\/([^/]+)\/?$/

export function App() {
  const [pathname, setPathname] = useState(window.location.pathname + window.location.search)

  useEffect(() => {
    const onPopState = () => setPathname(window.location.pathname + window.location.search)
    window.addEventListener('popstate', onPopState)
    return () => window.removeEventListener('popstate', onPopState)
  }, [])
  const navigate = useCallback((path: string, replace = false) => {
    if (replace) window.history.replaceState(null, '', path)
    else window.history.pushState(null, '', path)
    setPathname(path)
  }, [])

  const path = pathname.split('?')[0] ?? '/'
  const join = JOIN_PATH.exec(path)
  if (join) return <JoinPage token={decodeURIComponent(join[1]!)} navigate={navigate} />
  const session = SESSION_PATH.exec(path)
  if (session) return <SessionPage sessionId={decodeURIComponent(session[1]!)} />
  // The server serves the app on '/' only: the group page is '/?group=<id>'.
  const query = new URLSearchParams(pathname.split('?')[1] ?? '')
  const groupId = query.get('group')
  // The facilitator's cycle summary and each member's journal hang off the group page.
  if (groupId && query.get('view') === 'summary') {
    return <CyclePage groupId={groupId} navigate={navigate} />
  }
  if (groupId && query.get('view') === 'journal') {
    return <JournalPage groupId={groupId} navigate={navigate} />
  }
  if (groupId) return <GroupPage groupId={groupId} navigate={navigate} />
  return <HomePage navigate={navigate} />
}

/** Finds this browser's link for the session, then opens the board as that member. */
function SessionPage({ sessionId }: { sessionId: string }) {
  const { t } = useI18n()
  const [access, setAccess] = useState<Result<SessionAccess> | null>(null)
  useEffect(() => {
    let cancelled = false
    setAccess(null)
    void accessSession(sessionId).then((result) => {
      if (!cancelled) setAccess(result)
    })
    return () => {
      cancelled = true
    }
  }, [sessionId])

  if (!access) {
    return (
      <main className="page">
        <p role="status">{t('join.checking')}</p>
      </main>
    )
  }
  if (!access.ok) return <LinkProblem reason={access.reason} />
  return (
    <Board sessionId={sessionId} token={access.value.token} user={boardUser(access.value.me)} />
  )
}
