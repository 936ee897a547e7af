import { initialSessionState, type MemberId, type PhaseId, type SessionState } from '@codev/domain'
import { describe, expect, it } from 'vitest'
import { defaultNoteKind } from './methodRules.ts'

const FAC = 'fac' as MemberId
const CLI = 'cli' as MemberId
const CON = 'con' as MemberId

function at(phase: PhaseId): SessionState {
  const state = initialSessionState({
    sessionId: 's1',
    facilitatorId: FAC,
    members: [{ id: FAC }, { id: CLI }, { id: CON }],
    firstSessionOfGroup: false,
    now: 0,
  })
  return { ...state, phase, roles: { ...state.roles, [CLI]: 'client' }, clientId: CLI }
}

describe('defaultNoteKind', () => {
  it("gives a plain note the step's kind for this person's voice", () => {
    expect(defaultNoteKind({ memberId: CON, role: 'consultant' }, at('clarification'))).toBe(
      'question',
    )
    expect(defaultNoteKind({ memberId: CON, role: 'consultant' }, at('consultation'))).toBe(
      'impression',
    )
    expect(defaultNoteKind({ memberId: CLI, role: 'client' }, at('expose'))).toBe('note')
    // Learnings, not feelings, at the final round and in the synthesis.
    expect(defaultNoteKind({ memberId: CON, role: 'consultant' }, at('apprentissage'))).toBe(
      'learning',
    )
    expect(defaultNoteKind({ memberId: CON, role: 'consultant' }, at('synthese'))).toBe('learning')
    expect(defaultNoteKind({ memberId: CLI, role: 'client' }, at('synthese'))).toBe('learning')
  })

  it('gives nothing to whom the step gives no voice', () => {
    expect(defaultNoteKind({ memberId: CON, role: 'consultant' }, at('expose'))).toBeNull()
  })
})
