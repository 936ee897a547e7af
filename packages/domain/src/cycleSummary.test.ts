import { describe, expect, it } from 'vitest'
import { CLI, CON, CON2, FAC, note, sessionAt } from '../test/fixtures.ts'
import { carriedActionId } from './carryOver.ts'
import { buildCycleSummary, type CycleSessionInput } from './cycleSummary.ts'

const members = [
  { id: FAC, name: 'Fanny', groupRole: 'facilitator' },
  { id: CLI, name: 'Claire', groupRole: 'member' },
  { id: CON, name: 'Karim', groupRole: 'member' },
  { id: CON2, name: 'Kim', groupRole: 'member' },
]

const action = (id: string, what: string) =>
  note({
    id,
    kind: 'action',
    phase: 'synthese',
    author: CLI,
    role: 'client',
    meta: { action: { what, firstStep: 'a', successIndicator: 'b', dueDate: '2026-12-01' } },
  })
const followUp = (actionId: string, status: 'done' | 'in-progress' | 'dropped') =>
  note({
    id: `shape:f-${actionId.slice(6)}`,
    kind: 'followup',
    phase: 'retour',
    author: CLI,
    role: 'client',
    meta: { followUp: { actionId, status, comment: 'fait' } },
  })

const session = (
  number: number,
  records: unknown[],
  patch: Partial<CycleSessionInput> = {},
): CycleSessionInput => ({
  id: `s${number}`,
  number,
  scheduledAt: number * 1000,
  status: 'closed',
  consultation: 1,
  purgedAt: null,
  records,
  ...patch,
})

describe('the cycle summary', () => {
  const evaluations = (appreciation: number) => ({
    count: 3,
    averageAppreciation: appreciation,
    averageMethodRespected: 4,
    comments: [],
    regulateNextTime: [],
    expectations: [],
    learnings: [],
    applications: [],
  })
  const first = sessionAt('closing', { sessionId: 's1', evaluations: evaluations(3.5) })
  const second = sessionAt('closing', {
    sessionId: 's2',
    clientId: CON,
    subject: { kind: 'probleme', title: 'Un conflit' },
    evaluations: evaluations(4.5),
  })
  const summary = buildCycleSummary({ name: 'G', cycleLength: 6 }, members, [
    session(
      2,
      [
        second,
        // The first session's actions, carried into this retour, are not this session's.
        {
          ...action(carriedActionId('shape:a1'), 'Parler à Léa'),
          meta: { ...action('shape:x', 'x').meta, phase: 'retour' },
        },
        followUp(carriedActionId('shape:a1'), 'done'),
        followUp('shape:a2', 'dropped'),
        action('shape:b1', 'Écrire'),
      ],
      { consultation: 2, status: 'open' },
    ),
    session(1, [
      first,
      action('shape:a1', 'Parler à Léa'),
      action('shape:a2', 'Déléguer'),
      action('shape:a3', 'Lire'),
    ]),
    session(3, [], { purgedAt: 5 }),
  ])

  it('lists the sessions in cycle order with client, subject and evaluation trend', () => {
    expect(summary.sessions.map((s) => s.number)).toEqual([1, 2, 3])
    expect(summary.sessions[0]).toMatchObject({
      client: 'Claire',
      subject: { title: 'Lancer une équipe' },
      evaluation: { count: 3, appreciation: 3.5, methodRespected: 4 },
    })
    expect(summary.sessions[1]).toMatchObject({ client: 'Karim', consultation: 2, status: 'open' })
    expect(summary.sessions[2]).toMatchObject({
      client: null,
      subject: null,
      purged: true,
      actions: [],
      evaluation: { count: 0, appreciation: null },
    })
  })
  it('follows each action up from the later retour', () => {
    expect(summary.sessions[0]!.actions.map((a) => [a.what, a.followUp])).toEqual([
      ['Parler à Léa', 'done'],
      ['Déléguer', 'dropped'],
      ['Lire', null],
    ])
    expect(summary.sessions[1]!.actions.map((a) => a.what)).toEqual(['Écrire'])
    expect(summary.actionTotals).toEqual({ total: 4, done: 1, inProgress: 0, dropped: 1, open: 2 })
  })
  it('names the members not yet client', () => {
    expect(summary.notYetClients).toEqual(['Kim'])
    expect(buildCycleSummary({ name: 'G', cycleLength: 6 }, members, []).notYetClients).toEqual([
      'Claire',
      'Karim',
      'Kim',
    ])
  })
  it('follows up by the original action id too, with or without a comment or due date', () => {
    const plain = note({
      id: 'shape:p1',
      kind: 'action',
      phase: 'synthese',
      author: CLI,
      role: 'client',
      meta: { action: { what: 'Lire', firstStep: 'a', successIndicator: 'b' } },
    })
    const bare = note({
      id: 'shape:fp',
      kind: 'followup',
      phase: 'retour',
      author: CLI,
      role: 'client',
      meta: { followUp: { actionId: 'shape:p1', status: 'in-progress' } },
    })
    const result = buildCycleSummary({ name: 'G', cycleLength: 6 }, members, [
      session(1, [first, plain]),
      session(2, [bare]),
    ])
    expect(result.sessions[0]!.actions).toEqual([
      { id: 'shape:p1', what: 'Lire', dueDate: null, followUp: 'in-progress', comment: '' },
    ])
  })
  it('names an unknown client by their id', () => {
    const stranger = sessionAt('closing', { clientId: 'zed' as typeof CLI })
    expect(
      buildCycleSummary({ name: 'G', cycleLength: 6 }, members, [session(1, [stranger])])
        .sessions[0]!.client,
    ).toBe('zed')
  })
})
