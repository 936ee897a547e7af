import { initialSessionState, type MemberId, type SessionState } from '@codev/domain'
import { describe, expect, it } from 'vitest'
import { fill, formatDuration, nextPhase, offer, previousPhase } from './offers.ts'

const F = { memberId: 'f' as MemberId, role: 'facilitator' as const }
const K = { memberId: 'k' as MemberId, role: 'consultant' as const }

function state(patch: Partial<SessionState> = {}): SessionState {
  return {
    ...initialSessionState({
      sessionId: 's',
      facilitatorId: F.memberId,
      members: [{ id: 'c' as MemberId }, { id: K.memberId }],
      firstSessionOfGroup: true,
      now: 0,
    }),
    ...patch,
  }
}

describe('offer', () => {
  it.each([
    ['next, facilitator, welcome', F, state(), { type: 'next' } as const, true],
    ['next, consultant', K, state(), { type: 'next' } as const, false],
    ['back at the first step', F, state(), { type: 'back' } as const, false],
    ['back later', F, state({ phase: 'expose' }), { type: 'back' } as const, true],
    ['skip the first retour', F, state({ phase: 'retour' }), { type: 'skip' } as const, true],
    ['skip the exposé', F, state({ phase: 'expose' }), { type: 'skip' } as const, false],
    ['close, closed session', F, state({ status: 'closed' }), { type: 'close' } as const, false],
  ])('%s', (_label, actor, current, command, offered) => {
    expect(offer(current, actor, command, 0).offered).toBe(offered)
  })

  it('offers next past an unconfirmed contract only with an explicit override', () => {
    const current = state({
      phase: 'contrat',
      roles: { f: 'facilitator', c: 'client', k: 'consultant' },
    })
    expect(offer(current, F, { type: 'next' }, 0)).toEqual({ offered: true, needsOverride: true })
    const confirmed = { ...current, contractConfirmations: [K.memberId] }
    expect(offer(confirmed, F, { type: 'next' }, 0)).toEqual({
      offered: true,
      needsOverride: false,
    })
  })
})

describe('helpers', () => {
  it('names the neighbouring steps', () => {
    expect(nextPhase('welcome')).toBe('retour')
    expect(previousPhase('welcome')).toBeUndefined()
    expect(nextPhase('closing')).toBeUndefined()
  })
  it('formats durations rounded up to the second', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(299_001)).toBe('5:00')
    expect(formatDuration(61_000)).toBe('1:01')
    expect(formatDuration(3_725_000)).toBe('1:02:05')
  })
  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('Passer à l’étape {step} ?', { step: 'Exposé' })).toBe('Passer à l’étape Exposé ?')
    expect(fill('{x}', {})).toBe('{x}')
  })
})
