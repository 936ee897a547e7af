/** Routes: "/" is the home page, "/s/<sessionId>" a session board. */
import { useCallback, useEffect, useState } from 'react'
import { Board } from './board/Board.tsx'
import { HomePage } from './home/HomePage.tsx'
import { rememberName, storedUser } from './identity.ts'
import { NameForm } from './NameForm.tsx'

const SESSION_PATH = /^\/s\/([^/]+)\/?$/

export function App() {
  const [pathname, setPathname] = useState(window.location.pathname)
  const [user, setUser] = useState(storedUser)

  useEffect(() => {
    const onPopState = () => setPathname(window.location.pathname)
    window.addEventListener('popstate', onPopState)
    return () => window.removeEventListener('popstate', onPopState)
  }, [])
  const navigate = useCallback((path: string) => {
    window.history.pushState(null, '', path)
    setPathname(path)
  }, [])

  const session = SESSION_PATH.exec(pathname)
  if (!session) return <HomePage navigate={navigate} />
  if (!user) return <NameForm onSubmit={(name) => setUser(rememberName(name))} />
  return <Board sessionId={decodeURIComponent(session[1]!)} user={user} />
}
