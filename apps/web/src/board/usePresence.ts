/**
 * Who is here, and the facilitator's camera calls, through Yjs awareness (never
 * the document): each browser publishes `codev: { memberId, name, color }`; the
 * facilitator adds `summon` (a counter: "everyone here") and `lead` ("follow
 * me"). Only the member the session state names facilitator is obeyed. The server
 * checks awareness identity (AwarenessGuard): a `codev` field naming another member
 * never reaches us, so a summon claiming to be the facilitator's is theirs.
 */
import type { SessionState } from '@codev/domain'
import { useEffect, useState } from 'react'
import type { SessionConnection } from '../transport/connectSession.ts'

export interface Participant {
  clientId: number
  memberId: string
  name: string
  color: string
  self: boolean
}

export interface CodevAwareness {
  memberId: string
  name: string
  color: string
  summon?: number
  lead?: boolean
}

function codevField(state: unknown): CodevAwareness | null {
  const field = (state as { codev?: unknown } | null)?.codev as CodevAwareness | undefined
  if (!field || typeof field.memberId !== 'string' || typeof field.name !== 'string') return null
  return field
}

/** Everyone connected to the session, one entry per member (several tabs count once). */
export function useParticipants(connection: SessionConnection): Participant[] {
  const awareness = connection.provider.awareness
  const [participants, setParticipants] = useState<Participant[]>([])
  useEffect(() => {
    if (!awareness) return
    const update = () => {
      const byMember = new Map<string, Participant>()
      for (const [clientId, state] of awareness.getStates()) {
        const field = codevField(state)
        if (!field) continue
        const self = clientId === awareness.clientID
        const existing = byMember.get(field.memberId)
        if (existing && !self) continue
        byMember.set(field.memberId, {
          clientId,
          memberId: field.memberId,
          name: field.name,
          color: field.color,
          self: self || existing?.self === true,
        })
      }
      const next = [...byMember.values()].sort((a, b) => a.name.localeCompare(b.name))
      // Awareness changes 30 times a second per dragging peer (live drags, cursors):
      // the same people must not re-render the board.
      setParticipants((previous) => (sameParticipants(previous, next) ? previous : next))
    }
    update()
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [awareness])
  return participants
}

function sameParticipants(a: readonly Participant[], b: readonly Participant[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (p, i) =>
        p.clientId === b[i]!.clientId &&
        p.memberId === b[i]!.memberId &&
        p.name === b[i]!.name &&
        p.color === b[i]!.color &&
        p.self === b[i]!.self,
    )
  )
}

export interface FacilitatorCalls {
  summon: number
  lead: boolean
}

/** The camera calls of the session's facilitator, as seen by this browser. */
export function useFacilitatorCalls(
  connection: SessionConnection,
  state: SessionState | null,
): FacilitatorCalls {
  const awareness = connection.provider.awareness
  const [calls, setCalls] = useState<FacilitatorCalls>({ summon: 0, lead: false })
  useEffect(() => {
    if (!awareness || !state) return
    const update = () => {
      let next: FacilitatorCalls = { summon: 0, lead: false }
      for (const [clientId, raw] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue
        const field = codevField(raw)
        if (!field || state.roles[field.memberId] !== 'facilitator') continue
        next = { summon: field.summon ?? 0, lead: field.lead === true }
      }
      setCalls((previous) =>
        previous.summon === next.summon && previous.lead === next.lead ? previous : next,
      )
    }
    update()
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [awareness, state])
  return calls
}
