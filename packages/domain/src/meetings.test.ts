import { describe, expect, it } from 'vitest'
import { CLI, CON, CON2, FAC, OBS, sessionAt } from '../test/fixtures.ts'
import {
  type ConsultationLink,
  canOfferSecondConsultation,
  canStartSecondConsultation,
  meetingsOf,
  otherConsultation,
  SECOND_CONSULTATION_START,
  StartSecondConsultationRequestSchema,
  secondConsultationCandidates,
  secondConsultationState,
  sessionsToFollowUp,
} from './meetings.ts'
import { parseSessionState } from './sessionState.ts'

const link = (
  sessionId: string,
  number: number,
  meetingId = sessionId,
  consultation: 1 | 2 = 1,
): ConsultationLink => ({ sessionId, number, meetingId, consultation })

describe('starting a second consultation', () => {
  const first = sessionAt('apprentissage')
  const firstLink = link('s1', 1)

  it('is allowed once the first client is confirmed, for another member', () => {
    expect(canStartSecondConsultation(first, firstLink, [firstLink], CON)).toEqual({ ok: true })
  })
  it('is refused from a second consultation', () => {
    expect(canStartSecondConsultation(first, link('s2', 2, 's1', 2), [firstLink], CON)).toEqual({
      ok: false,
      error: 'meeting/not-first',
    })
  })
  it('is refused when the meeting already holds two', () => {
    expect(
      canStartSecondConsultation(first, firstLink, [firstLink, link('s2', 2, 's1', 2)], CON),
    ).toEqual({ ok: false, error: 'meeting/full' })
  })
  it('is refused before the first client is confirmed', () => {
    const early = sessionAt('choix-sujet', { clientId: null, subject: null })
    expect(canStartSecondConsultation(early, firstLink, [firstLink], CON)).toEqual({
      ok: false,
      error: 'meeting/no-first-client',
    })
  })
  it('is refused for the same client, the facilitator, an observer or a stranger', () => {
    const refusal = (clientId: string) =>
      canStartSecondConsultation(first, firstLink, [firstLink], clientId)
    expect(refusal(CLI)).toEqual({ ok: false, error: 'meeting/same-client' })
    expect(refusal(FAC)).toEqual({ ok: false, error: 'meeting/client-not-member' })
    expect(refusal(OBS)).toEqual({ ok: false, error: 'meeting/client-not-member' })
    expect(refusal('nobody')).toEqual({ ok: false, error: 'meeting/client-not-member' })
  })
  it('offers the candidates and the form only while the server would accept', () => {
    expect(secondConsultationCandidates(first)).toEqual([CON, CON2])
    expect(canOfferSecondConsultation(first)).toBe(true)
    expect(canOfferSecondConsultation({ ...first, clientId: null })).toBe(false)
    expect(
      canOfferSecondConsultation({ ...first, meeting: { consultation: 1, other: 's2' } }),
    ).toBe(false)
    expect(
      canOfferSecondConsultation({ ...first, meeting: { consultation: 2, other: 's0' } }),
    ).toBe(false)
    const alone = {
      ...first,
      roles: { ...first.roles, [CON]: 'observer' as const, [CON2]: 'observer' as const },
    }
    expect(canOfferSecondConsultation(alone)).toBe(false)
  })
  it('validates the request body', () => {
    expect(
      StartSecondConsultationRequestSchema.safeParse({
        clientId: CON,
        subject: { kind: 'probleme', title: 'Un conflit' },
      }).success,
    ).toBe(true)
    expect(
      StartSecondConsultationRequestSchema.safeParse({ clientId: CON, subject: { title: '' } })
        .success,
    ).toBe(false)
  })
})

describe('the second consultation’s first state', () => {
  const first = sessionAt('closing', {
    status: 'closed',
    rulesAccepted: [FAC, CLI, CON],
    contractConfirmations: [CON, CON2],
    reportAudience: 'client',
  })
  const second = secondConsultationState(first, {
    sessionId: 's2',
    clientId: CON,
    subject: { kind: 'probleme', title: 'Un conflit' },
  })

  it('starts open at the exposé, with its client and subject, the opening round skipped', () => {
    expect(second.phase).toBe(SECOND_CONSULTATION_START)
    expect(second.status).toBe('open')
    expect(second.sessionId).toBe('s2')
    expect(second.clientId).toBe(CON)
    expect(second.subject?.title).toBe('Un conflit')
    expect(second.skipped).toEqual(['welcome', 'retour', 'choix-sujet'])
    expect(second.history).toEqual([])
    expect(second.meeting).toEqual({ consultation: 2, other: 's1' })
  })
  it('makes the new client client and the first client a consultant, others unchanged', () => {
    expect(second.roles[CON]).toBe('client')
    expect(second.roles[CLI]).toBe('consultant')
    expect(second.roles[FAC]).toBe('facilitator')
    expect(second.roles[OBS]).toBe('observer')
  })
  it('shares the opening round (accepted rules) but nothing of the first consultation', () => {
    expect(second.rulesAccepted).toEqual([FAC, CLI, CON])
    expect(second.contractConfirmations).toEqual([])
    expect(second.reportAudience).toBe('group')
    expect(second.evaluations.count).toBe(0)
    expect(second.firstSessionOfGroup).toBe(false)
    expect(parseSessionState(second)).not.toBeNull()
  })
})

describe('meetings in the cycle', () => {
  const links = [
    link('a', 1),
    link('b', 2),
    link('c', 3, 'b', 2),
    link('d', 4),
    link('e', 5),
    link('f', 6, 'e', 2),
  ]
  it('groups sessions by meeting in cycle order', () => {
    expect(meetingsOf(links).map((m) => m.map((l) => l.sessionId))).toEqual([
      ['a'],
      ['b', 'c'],
      ['d'],
      ['e', 'f'],
    ])
  })
  it('follows up every consultation of the previous meeting', () => {
    expect(sessionsToFollowUp(links, 'd').map((l) => l.sessionId)).toEqual(['b', 'c'])
    expect(sessionsToFollowUp(links, 'b').map((l) => l.sessionId)).toEqual(['a'])
    expect(sessionsToFollowUp(links, 'e').map((l) => l.sessionId)).toEqual(['d'])
  })
  it('follows up nothing in the first meeting, in a second consultation or for a stranger', () => {
    expect(sessionsToFollowUp(links, 'a')).toEqual([])
    expect(sessionsToFollowUp(links, 'c')).toEqual([])
    expect(sessionsToFollowUp(links, 'zzz')).toEqual([])
  })
  it('links each consultation to the other of its meeting', () => {
    expect(otherConsultation(links, 'b')?.sessionId).toBe('c')
    expect(otherConsultation(links, 'c')?.sessionId).toBe('b')
    expect(otherConsultation(links, 'a')).toBeNull()
    expect(otherConsultation(links, 'zzz')).toBeNull()
  })
})
