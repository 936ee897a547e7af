import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { actor, actorOf, CLI, CON, CON2, FAC, id, OBS, sessionAt } from '../test/fixtures.ts'
import { PHASE_IDS, PHASES } from './phases.ts'
import { ROLE_IDS } from './roles.ts'
import {
  initialSessionState,
  parseSessionState,
  type SessionState,
  SessionStateSchema,
} from './sessionState.ts'
import { type Command, transition } from './transition.ts'

const fac = actorOf('facilitator')
const ok = (r: ReturnType<typeof transition>): SessionState => {
  if (!r.ok) throw new Error(r.error)
  return r.state
}

describe('transition: moving through the steps', () => {
  it('only the facilitator moves, and moving records who and when', () => {
    const s = sessionAt('expose')
    expect(transition(s, { type: 'next' }, actorOf('client'), 1)).toEqual({
      ok: false,
      error: 'step/not-facilitator',
    })
    const r = transition(s, { type: 'next' }, fac, 1234)
    expect(r).toMatchObject({
      ok: true,
      events: [{ type: 'phase-changed', from: 'expose', to: 'clarification', kind: 'advance' }],
    })
    const next = ok(r)
    expect(next.phase).toBe('clarification')
    expect(next.history.at(-1)).toEqual({
      kind: 'advance',
      from: 'expose',
      to: 'clarification',
      by: FAC,
      at: 1234,
    })
  })
  it('entering a phase resets the timer to its default, not running', () => {
    const s = { ...sessionAt('expose'), timer: { durationMs: 1, startedAt: 5, elapsedBeforeMs: 9 } }
    expect(ok(transition(s, { type: 'next' }, fac, 10)).timer).toEqual({
      durationMs: PHASES.clarification.defaultDurationMin * 60_000,
      startedAt: null,
      elapsedBeforeMs: 0,
    })
    expect(ok(transition(s, { type: 'back' }, fac, 10)).timer.durationMs).toBe(
      PHASES['choix-sujet'].defaultDurationMin * 60_000,
    )
  })
  it('goes back, not before the first phase, not after the last', () => {
    expect(ok(transition(sessionAt('clarification'), { type: 'back' }, fac, 1)).phase).toBe(
      'expose',
    )
    expect(transition(sessionAt('welcome'), { type: 'back' }, fac, 1)).toEqual({
      ok: false,
      error: 'step/no-previous',
    })
    expect(transition(sessionAt('closing'), { type: 'next' }, fac, 1)).toEqual({
      ok: false,
      error: 'step/no-next',
    })
  })
  it('does not leave choix du sujet without a client and subject', () => {
    const s = sessionAt('choix-sujet', { clientId: null, subject: null })
    expect(transition(s, { type: 'next' }, fac, 1)).toEqual({
      ok: false,
      error: 'step/subject-missing',
    })
    expect(transition({ ...s, clientId: CLI }, { type: 'next' }, fac, 1)).toEqual({
      ok: false,
      error: 'step/subject-missing',
    })
    expect(ok(transition(sessionAt('choix-sujet'), { type: 'next' }, fac, 1)).phase).toBe('expose')
  })
  it('moving past the contract needs every consultant’s confirmation, or an explicit override', () => {
    const s = sessionAt('contrat')
    expect(transition(s, { type: 'next' }, fac, 1)).toEqual({
      ok: false,
      error: 'step/contract-unconfirmed',
    })
    const overridden = ok(transition(s, { type: 'next', override: true }, fac, 7))
    expect(overridden.phase).toBe('consultation')
    expect(overridden.history.at(-1)).toMatchObject({
      kind: 'advance',
      override: true,
      by: FAC,
      at: 7,
    })

    let confirmed = ok(transition(s, { type: 'confirmContract' }, actor(CON, 'consultant'), 2))
    confirmed = ok(transition(confirmed, { type: 'confirmContract' }, actor(CON, 'consultant'), 3))
    expect(confirmed.contractConfirmations).toEqual([CON])
    expect(transition(confirmed, { type: 'next' }, fac, 1)).toEqual({
      ok: false,
      error: 'step/contract-unconfirmed',
    })
    confirmed = ok(transition(confirmed, { type: 'confirmContract' }, actor(CON2, 'consultant'), 3))
    const moved = ok(transition(confirmed, { type: 'next', override: true }, fac, 4))
    expect(moved.history.at(-1)?.override).toBeUndefined()
  })
  it('only consultants confirm, and only during the contract', () => {
    expect(
      transition(sessionAt('contrat'), { type: 'confirmContract' }, actorOf('client'), 1),
    ).toEqual({
      ok: false,
      error: 'contract/not-consultant',
    })
    expect(
      transition(sessionAt('expose'), { type: 'confirmContract' }, actorOf('consultant'), 1),
    ).toEqual({
      ok: false,
      error: 'contract/wrong-phase',
    })
  })
  it('skips explicitly, only the skippable steps under their condition', () => {
    const first = sessionAt('retour', { firstSessionOfGroup: true })
    const skipped = ok(transition(first, { type: 'skip' }, fac, 5))
    expect(skipped.phase).toBe('choix-sujet')
    expect(skipped.skipped).toEqual(['retour'])
    expect(skipped.history.at(-1)).toMatchObject({
      kind: 'skip',
      from: 'retour',
      to: 'choix-sujet',
    })
    expect(transition(sessionAt('retour'), { type: 'skip' }, fac, 1)).toEqual({
      ok: false,
      error: 'step/not-skippable',
    })
    expect(ok(transition(sessionAt('choix-sujet'), { type: 'skip' }, fac, 1)).phase).toBe('expose')
    expect(
      transition(sessionAt('choix-sujet', { subject: null }), { type: 'skip' }, fac, 1),
    ).toEqual({
      ok: false,
      error: 'step/not-skippable',
    })
    for (const phase of PHASE_IDS.filter((p) => !PHASES[p].skippable)) {
      expect(
        transition(sessionAt(phase, { firstSessionOfGroup: true }), { type: 'skip' }, fac, 1),
      ).toMatchObject({ ok: false })
    }
    expect(
      transition(sessionAt('choix-sujet'), { type: 'skip' }, actorOf('client'), 1),
    ).toMatchObject({ ok: false })
  })
  it('a closed session refuses everything', () => {
    const closed = ok(transition(sessionAt('apprentissage'), { type: 'close' }, fac, 9))
    expect(closed.status).toBe('closed')
    expect(closed.history.at(-1)).toEqual({
      kind: 'close',
      from: 'apprentissage',
      to: 'apprentissage',
      by: FAC,
      at: 9,
    })
    for (const command of [
      { type: 'next' },
      { type: 'back' },
      { type: 'close' },
      { type: 'confirmContract' },
    ] as Command[]) {
      expect(transition(closed, command, fac, 10)).toEqual({ ok: false, error: 'session/closed' })
    }
  })
  it('refuses malformed commands', () => {
    for (const bad of [
      null,
      {},
      { type: 'jump' },
      { type: 'next', override: false },
      { type: 'timerExtend', minutes: 0 },
      { type: 'next', extra: 1 },
    ]) {
      expect(transition(sessionAt('expose'), bad as Command, fac, 1)).toEqual({
        ok: false,
        error: 'command/invalid',
      })
    }
  })
})

describe('transition: roles, client and subject', () => {
  it('assigns roles; one client at a time', () => {
    const s = sessionAt('welcome')
    const r = ok(transition(s, { type: 'assignRole', memberId: CON, role: 'client' }, fac, 1))
    expect(r.roles[CON]).toBe('client')
    expect(r.roles[CLI]).toBe('consultant')
    expect(r.clientId).toBe(CON)
    const back = ok(transition(r, { type: 'assignRole', memberId: CON, role: 'observer' }, fac, 1))
    expect(back.clientId).toBeNull()
    const same = ok(transition(s, { type: 'assignRole', memberId: CLI, role: 'client' }, fac, 1))
    expect(same.clientId).toBe(CLI)
    const none = ok(
      transition(
        { ...s, clientId: null },
        { type: 'assignRole', memberId: CON, role: 'client' },
        fac,
        1,
      ),
    )
    expect(none.roles[CLI]).toBe('client')
    expect(
      ok(transition(s, { type: 'assignRole', memberId: CON2, role: 'observer' }, fac, 1)).clientId,
    ).toBe(CLI)
  })
  it('keeps the facilitator role fixed and refuses unknown members', () => {
    const s = sessionAt('welcome')
    expect(
      transition(s, { type: 'assignRole', memberId: CON, role: 'facilitator' }, fac, 1),
    ).toEqual({
      ok: false,
      error: 'role/facilitator-fixed',
    })
    expect(
      transition(s, { type: 'assignRole', memberId: FAC, role: 'consultant' }, fac, 1),
    ).toEqual({
      ok: false,
      error: 'role/facilitator-fixed',
    })
    expect(
      transition(s, { type: 'assignRole', memberId: id('ghost'), role: 'consultant' }, fac, 1),
    ).toEqual({
      ok: false,
      error: 'role/unknown-member',
    })
    expect(
      transition(s, { type: 'assignRole', memberId: CON, role: 'client' }, actorOf('client'), 1),
    ).toEqual({
      ok: false,
      error: 'step/not-facilitator',
    })
  })
  it('sets the client and subject until the exposé starts', () => {
    const subject = { kind: 'probleme' as const, title: 'Un conflit', why: 'urgent' }
    const s = sessionAt('choix-sujet', {
      clientId: null,
      subject: null,
      roles: {
        [FAC]: 'facilitator',
        [CLI]: 'consultant',
        [CON]: 'consultant',
        [CON2]: 'consultant',
        [OBS]: 'observer',
      },
    })
    const r = transition(s, { type: 'setClientAndSubject', clientId: CON, subject }, fac, 1)
    expect(r).toMatchObject({
      ok: true,
      events: [{ type: 'role-changed' }, { type: 'subject-set', clientId: CON }],
    })
    expect(ok(r)).toMatchObject({ clientId: CON, subject, roles: { [CON]: 'client' } })
    expect(
      transition(
        sessionAt('expose'),
        { type: 'setClientAndSubject', clientId: CON, subject },
        fac,
        1,
      ),
    ).toEqual({
      ok: false,
      error: 'subject/too-late',
    })
    expect(transition(s, { type: 'setClientAndSubject', clientId: FAC, subject }, fac, 1)).toEqual({
      ok: false,
      error: 'subject/client-is-facilitator',
    })
    expect(
      transition(s, { type: 'setClientAndSubject', clientId: id('ghost'), subject }, fac, 1),
    ).toEqual({
      ok: false,
      error: 'role/unknown-member',
    })
  })
})

describe('transition: timer commands', () => {
  it('start, pause, extend — facilitator only', () => {
    const s = sessionAt('consultation')
    const started = ok(transition(s, { type: 'timerStart' }, fac, 1000))
    expect(started.timer.startedAt).toBe(1000)
    const paused = ok(transition(started, { type: 'timerPause' }, fac, 4000))
    expect(paused.timer).toMatchObject({ startedAt: null, elapsedBeforeMs: 3000 })
    const extended = ok(transition(paused, { type: 'timerExtend', minutes: 5 }, fac, 5000))
    expect(extended.timer.durationMs).toBe(s.timer.durationMs + 5 * 60_000)
    expect(transition(s, { type: 'timerStart' }, actorOf('consultant'), 1)).toMatchObject({
      error: 'step/not-facilitator',
    })
  })
})

describe('properties', () => {
  const memberIds = [FAC, CLI, CON, CON2, OBS, id('ghost')]
  const commandArb: fc.Arbitrary<Command> = fc.oneof(
    fc.record({ type: fc.constant('next' as const), override: fc.constant(true as const) }),
    fc.constant({ type: 'next' as const }),
    fc.constant({ type: 'back' as const }),
    fc.constant({ type: 'skip' as const }),
    fc.constant({ type: 'confirmContract' as const }),
    fc.constant({ type: 'timerStart' as const }),
    fc.constant({ type: 'timerPause' as const }),
    fc.constant({ type: 'close' as const }),
    fc.record({
      type: fc.constant('timerExtend' as const),
      minutes: fc.integer({ min: 1, max: 60 }),
    }),
    fc.record({
      type: fc.constant('assignRole' as const),
      memberId: fc.constantFrom(...memberIds),
      role: fc.constantFrom(...ROLE_IDS),
    }),
    fc.record({
      type: fc.constant('setClientAndSubject' as const),
      clientId: fc.constantFrom(...memberIds),
      subject: fc.constant({ kind: 'projet' as const, title: 'X' }),
    }),
  )
  const nonFacilitator = fc.record({
    memberId: fc.constantFrom(CLI, CON, CON2, OBS, id('ghost')),
    role: fc.constantFrom(...ROLE_IDS), // whatever they claim
  })

  it('no sequence of non-facilitator commands changes the phase, the roles, the client or the status', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PHASE_IDS),
        fc.array(fc.tuple(commandArb, nonFacilitator, fc.integer({ min: 0, max: 1e9 })), {
          maxLength: 40,
        }),
        (phase, steps) => {
          const start = sessionAt(phase)
          let s = start
          for (const [command, who, now] of steps) {
            const r = transition(s, command, who, now)
            if (r.ok) s = r.state
          }
          expect(s.phase).toBe(start.phase)
          expect(s.roles).toEqual(start.roles)
          expect(s.clientId).toBe(start.clientId)
          expect(s.subject).toEqual(start.subject)
          expect(s.status).toBe(start.status)
          expect(s.history).toEqual(start.history)
          expect(s.timer).toEqual(start.timer)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('any command sequence keeps one facilitator, a consistent client, and a valid phase', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(commandArb, fc.constantFrom(...memberIds), fc.nat()), { maxLength: 60 }),
        (steps) => {
          let s = initialSessionState({
            sessionId: 's',
            facilitatorId: FAC,
            members: [{ id: CLI }, { id: CON }, { id: CON2 }, { id: OBS }],
            firstSessionOfGroup: true,
            now: 0,
          })
          for (const [command, memberId, now] of steps) {
            const r = transition(s, command, actor(memberId, 'facilitator'), now)
            if (r.ok) s = r.state
          }
          expect(Object.values(s.roles).filter((r) => r === 'facilitator')).toHaveLength(1)
          const clients = Object.entries(s.roles)
            .filter(([, r]) => r === 'client')
            .map(([m]) => m)
          expect(clients).toEqual(s.clientId === null ? [] : [s.clientId])
          expect(PHASE_IDS).toContain(s.phase)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('transition: dots and silent writing', () => {
  it('lets the facilitator set the dots of the subject vote, until the subject is chosen', () => {
    const state = ok(transition(sessionAt('choix-sujet'), { type: 'setDots', dots: 5 }, fac, 1))
    expect(state.dotsPerMember).toBe(5)
    expect(transition(sessionAt('expose'), { type: 'setDots', dots: 5 }, fac, 1)).toEqual({
      ok: false,
      error: 'vote/too-late',
    })
    expect(
      transition(sessionAt('choix-sujet'), { type: 'setDots', dots: 5 }, actorOf('consultant'), 1),
    ).toEqual({ ok: false, error: 'step/not-facilitator' })
    expect(transition(sessionAt('choix-sujet'), { type: 'setDots', dots: 11 }, fac, 1)).toEqual({
      ok: false,
      error: 'command/invalid',
    })
  })

  it('turns silent writing on in clarification and consultation only', () => {
    const on = transition(sessionAt('consultation'), { type: 'setSilentWriting', on: true }, fac, 1)
    expect(on).toMatchObject({ ok: true, events: [{ type: 'silent-writing-changed', on: true }] })
    expect(ok(on).silentWriting).toBe(true)
    expect(transition(sessionAt('expose'), { type: 'setSilentWriting', on: true }, fac, 1)).toEqual(
      { ok: false, error: 'silent/wrong-phase' },
    )
    expect(
      transition(
        sessionAt('clarification'),
        { type: 'setSilentWriting', on: true },
        actorOf('consultant'),
        1,
      ),
    ).toEqual({ ok: false, error: 'step/not-facilitator' })
  })

  it('reveals the drafts when the facilitator reveals, turns it off, or leaves the step', () => {
    const writing = { ...sessionAt('clarification'), silentWriting: true }
    for (const command of [
      { type: 'reveal' },
      { type: 'setSilentWriting', on: false },
      { type: 'next' },
      { type: 'back' },
    ] as Command[]) {
      const result = transition(writing, command, fac, 1)
      expect(result.ok && result.events[0]).toEqual({ type: 'drafts-revealed' })
      expect(ok(result).silentWriting).toBe(false)
    }
    expect(transition(sessionAt('clarification'), { type: 'reveal' }, fac, 1)).toEqual({
      ok: false,
      error: 'silent/not-on',
    })
    const quiet = transition(
      sessionAt('clarification'),
      { type: 'setSilentWriting', on: false },
      fac,
      1,
    )
    expect(quiet).toMatchObject({
      ok: true,
      events: [{ type: 'silent-writing-changed', on: false }],
    })
    const moved = transition(sessionAt('clarification'), { type: 'next' }, fac, 1)
    expect(moved.ok && moved.events.map((e) => e.type)).toEqual(['phase-changed'])
  })

  it('reads states stored before these fields existed with their defaults', () => {
    const { dotsPerMember: _d, silentWriting: _s, ...older } = sessionAt('welcome')
    const parsed = SessionStateSchema.parse(older)
    expect(parseSessionState(older)).toEqual(parsed)
    expect(parseSessionState({ id: 'codev_session:state' })).toBeNull()
    expect(parsed.dotsPerMember).toBe(3)
    expect(parsed.silentWriting).toBe(false)
  })
})

describe('transition: duties beside the roles', () => {
  const withDuties = (
    duties: Partial<SessionState['duties']>,
    phase: SessionState['phase'] = 'expose',
  ) => {
    const base = sessionAt(phase)
    return { ...base, duties: { ...base.duties, ...duties } }
  }

  it('lets the facilitator give and take back duties, never to the facilitator, the client or an observer', () => {
    const given = ok(
      transition(
        sessionAt('expose'),
        { type: 'assignDuty', duty: 'timekeeper', memberId: CON },
        fac,
        1,
      ),
    )
    expect(given.duties.timekeeper).toBe(CON)
    const taken = ok(
      transition(given, { type: 'assignDuty', duty: 'timekeeper', memberId: null }, fac, 2),
    )
    expect(taken.duties.timekeeper).toBeNull()
    for (const memberId of [FAC, CLI, OBS, id('stranger')]) {
      expect(
        transition(
          sessionAt('expose'),
          { type: 'assignDuty', duty: 'secretary', memberId },
          fac,
          1,
        ),
      ).toEqual({ ok: false, error: 'duty/invalid-member' })
    }
    expect(
      transition(
        sessionAt('expose'),
        { type: 'assignDuty', duty: 'secretary', memberId: CON },
        actorOf('consultant'),
        1,
      ),
    ).toEqual({ ok: false, error: 'step/not-facilitator' })
  })

  it('lets the timekeeper run the timer, and nothing else', () => {
    const state = withDuties({ timekeeper: CON })
    const keeper = actorOf('consultant')
    expect(ok(transition(state, { type: 'timerStart' }, keeper, 5)).timer.startedAt).toBe(5)
    expect(transition(state, { type: 'timerExtend', minutes: 5 }, keeper, 6)).toMatchObject({
      ok: true,
    })
    expect(transition(state, { type: 'next' }, keeper, 6)).toEqual({
      ok: false,
      error: 'step/not-facilitator',
    })
    expect(transition(sessionAt('expose'), { type: 'timerStart' }, keeper, 5)).toEqual({
      ok: false,
      error: 'step/not-facilitator',
    })
  })

  it('lets the co-facilitator move the steps only while the facilitator delegates it', () => {
    const helper = actorOf('consultant')
    const named = withDuties({ coFacilitator: CON })
    expect(transition(named, { type: 'next' }, helper, 1)).toEqual({
      ok: false,
      error: 'step/not-delegated',
    })
    const delegated = ok(transition(named, { type: 'delegateSteps', on: true }, fac, 1))
    expect(ok(transition(delegated, { type: 'next' }, helper, 2)).phase).toBe('clarification')
    expect(transition(delegated, { type: 'close' }, helper, 2)).toEqual({
      ok: false,
      error: 'step/not-facilitator',
    })
    // Naming someone else ends the delegation.
    const renamed = ok(
      transition(delegated, { type: 'assignDuty', duty: 'coFacilitator', memberId: CON2 }, fac, 3),
    )
    expect(renamed.duties).toMatchObject({ coFacilitator: CON2, stepsDelegated: false })
    expect(transition(sessionAt('expose'), { type: 'delegateSteps', on: true }, fac, 1)).toEqual({
      ok: false,
      error: 'duty/invalid-member',
    })
    expect(
      ok(transition(delegated, { type: 'delegateSteps', on: false }, fac, 4)).duties.stepsDelegated,
    ).toBe(false)
  })
})

describe('transition: tours de parole', () => {
  it('goes round the consultants in clarification; the speaker or the facilitator hands over', () => {
    const started = ok(
      transition(sessionAt('clarification'), { type: 'startTurns', mode: 'circle' }, fac, 1),
    )
    const order = started.turns?.order ?? []
    expect(order.length).toBeGreaterThan(0)
    expect(order).not.toContain(FAC)
    expect(order).not.toContain(CLI)
    const speaker = order[0]!
    const other = order.find((member) => member !== speaker)
    if (other) {
      expect(transition(started, { type: 'nextTurn' }, actor(other, 'consultant'), 2)).toEqual({
        ok: false,
        error: 'turns/not-your-turn',
      })
    }
    const handed = ok(transition(started, { type: 'nextTurn' }, actor(speaker, 'consultant'), 2))
    expect(handed.turns?.current).toBe(1)
    expect(ok(transition(handed, { type: 'nextTurn' }, fac, 3)).turns?.current).toBe(2)
    expect(transition(started, { type: 'raiseHand' }, actorOf('consultant'), 2)).toEqual({
      ok: false,
      error: 'turns/not-queue',
    })
  })

  it('fills a queue from raised hands, ends with the step or by the facilitator', () => {
    const queue = ok(
      transition(sessionAt('apprentissage'), { type: 'startTurns', mode: 'queue' }, fac, 1),
    )
    const raised = ok(transition(queue, { type: 'raiseHand' }, actorOf('client'), 2))
    expect(raised.turns?.order).toEqual([CLI])
    const lowered = ok(
      transition(
        ok(transition(raised, { type: 'raiseHand' }, actorOf('consultant'), 3)),
        { type: 'lowerHand' },
        actorOf('consultant'),
        4,
      ),
    )
    expect(lowered.turns?.order).toEqual([CLI])
    expect(transition(raised, { type: 'raiseHand' }, actorOf('observer'), 2)).toEqual({
      ok: false,
      error: 'role/observer',
    })
    expect(ok(transition(raised, { type: 'endTurns' }, fac, 5)).turns).toBeNull()
    expect(ok(transition(raised, { type: 'next' }, fac, 5)).turns).toBeNull()
    expect(
      transition(raised, { type: 'startTurns', mode: 'circle' }, actorOf('consultant'), 5),
    ).toEqual({
      ok: false,
      error: 'step/not-facilitator',
    })
    expect(transition(sessionAt('clarification'), { type: 'nextTurn' }, fac, 1)).toEqual({
      ok: false,
      error: 'turns/none',
    })
  })
})

describe('transition: rules, signals and the report audience', () => {
  it('records each member accepting the rules, once; observers only watch', () => {
    const once = ok(
      transition(sessionAt('welcome'), { type: 'acceptRules' }, actorOf('consultant'), 1),
    )
    const twice = ok(transition(once, { type: 'acceptRules' }, actorOf('consultant'), 2))
    expect(twice.rulesAccepted).toEqual([CON])
    expect(ok(transition(twice, { type: 'acceptRules' }, fac, 3)).rulesAccepted).toEqual([CON, FAC])
    expect(
      transition(sessionAt('welcome'), { type: 'acceptRules' }, actorOf('observer'), 1),
    ).toEqual({
      ok: false,
      error: 'role/observer',
    })
  })

  it('lets the client alone signal discomfort or refocus, during the consultation', () => {
    const signalled = ok(
      transition(
        sessionAt('consultation'),
        { type: 'signal', kind: 'refocus' },
        actorOf('client'),
        42,
      ),
    )
    expect(signalled.signals).toEqual([{ kind: 'refocus', by: CLI, at: 42 }])
    expect(
      transition(
        sessionAt('consultation'),
        { type: 'signal', kind: 'discomfort' },
        actorOf('consultant'),
        1,
      ),
    ).toEqual({ ok: false, error: 'signal/not-client' })
    expect(
      transition(sessionAt('expose'), { type: 'signal', kind: 'discomfort' }, actorOf('client'), 1),
    ).toEqual({ ok: false, error: 'signal/not-client' })
  })

  it('lets the client alone decide who receives the report', () => {
    const mine = ok(
      transition(
        sessionAt('closing'),
        { type: 'setReportAudience', audience: 'client' },
        actorOf('client'),
        1,
      ),
    )
    expect(mine.reportAudience).toBe('client')
    expect(
      transition(sessionAt('closing'), { type: 'setReportAudience', audience: 'group' }, fac, 1),
    ).toEqual({ ok: false, error: 'report/not-client' })
  })
})
