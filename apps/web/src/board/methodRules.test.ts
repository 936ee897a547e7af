import { initialSessionState, type MemberId, type PhaseId, type SessionState } from '@codev/domain'
import { describe, expect, it } from 'vitest'
import { defaultNoteKind, pickableKinds, plainKindsFor, scribeKinds } from './methodRules.ts'

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

describe('the kind picker', () => {
  const consultant = { memberId: CON, role: 'consultant' as const }

  it('offers a consultant every contribution kind of the consultation, no kind that needs a form', () => {
    expect(pickableKinds(consultant, at('consultation'))).toEqual([
      'impression',
      'reflective-question',
      'idea',
      'suggestion',
      'feeling',
      'experience',
      'resource',
    ])
  })

  it('narrows the offer to the kinds the contract asked for, never past what the server accepts', () => {
    expect(pickableKinds(consultant, at('consultation'), ['idea', 'suggestion'])).toEqual([
      'idea',
      'suggestion',
    ])
    // Asked kinds this person may not write now are not offered; none left: the plain kinds.
    expect(pickableKinds(consultant, at('clarification'), ['idea'])).toEqual(['question'])
  })

  it('gives a note the picked kind when it is offered, else the default', () => {
    const consultation = at('consultation')
    expect(defaultNoteKind(consultant, consultation, [], 'resource')).toBe('resource')
    expect(defaultNoteKind(consultant, consultation, ['idea'], 'resource')).toBe('idea')
    expect(defaultNoteKind(consultant, at('clarification'), [], 'idea')).toBe('question')
  })

  it('gives the facilitator no plain kind where they only scribe', () => {
    expect(plainKindsFor({ memberId: FAC, role: 'facilitator' }, at('expose'))).toEqual([])
    expect(plainKindsFor({ memberId: FAC, role: 'facilitator' }, at('apprentissage'))).toContain(
      'regulation',
    )
  })
})

describe('scribeKinds', () => {
  it('lets the facilitator write the client’s key points during the exposé, and nobody else’s', () => {
    expect(scribeKinds(at('expose'), CLI)).toEqual(['note'])
    expect(scribeKinds(at('expose'), CON)).toEqual([])
    expect(scribeKinds(at('expose'), FAC)).toEqual([])
  })

  it('follows each member’s voice in the step', () => {
    expect(scribeKinds(at('clarification'), CON)).toEqual(['question'])
    expect(scribeKinds(at('consultation'), CON)).toContain('idea')
  })
})
