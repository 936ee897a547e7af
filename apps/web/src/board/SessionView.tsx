/** Who I am in this session and where the session stands, for components tldraw renders. */
import type { Actor, SessionState } from '@codev/domain'
import { createContext, useContext } from 'react'

export interface SessionView {
  actor: Actor | null
  state: SessionState | null
}

export const SessionViewContext = createContext<SessionView>({ actor: null, state: null })

export function useSessionView(): SessionView {
  return useContext(SessionViewContext)
}
