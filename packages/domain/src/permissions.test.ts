import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  actor,
  actorOf,
  CLI,
  CON,
  CON2,
  FAC,
  MEMBER_OF_ROLE,
  note,
  OBS,
  OTHER_OF_ROLE,
  sessionAt,
} from '../test/fixtures.ts'
import { zoneAt, zoneOf } from './layout.ts'
import {
  allowedKindsFor,
  authorize,
  CREATORS,
  can,
  type Grant,
  grantsFor,
  OPS,
  PERMISSIONS,
  VOICES,
} from './permissions.ts'
import { PHASE_IDS, type PhaseId } from './phases.ts'
import { NOTE_KINDS, type NoteKind, RECORD_KINDS, type RecordKind } from './records.ts'
import { type MemberId, ROLE_IDS, type RoleId } from './roles.ts'
import { SESSION_STATE_ID } from './sessionState.ts'

const isNote = (kind: RecordKind): kind is NoteKind =>
  (NOTE_KINDS as readonly string[]).includes(kind)
const cell = (kind: RecordKind, op: 'create' | 'update' | 'delete', phase: PhaseId) =>
  (PERMISSIONS[kind][op] as Partial<Record<PhaseId, readonly Grant[]>>)[phase] ?? []
const has = (grants: readonly Grant[], role: RoleId, ...scopes: Grant['scope'][]) =>
  grants.some((g) => g.role === role && scopes.includes(g.scope))

/** Someone else, with a role that writes this kind in this phase (or a consultant). */
function otherAuthor(kind: NoteKind, phase: PhaseId, self: RoleId) {
  const creators = cell(kind, 'create', phase).filter((g) => g.scope === 'own')
  const role = creators.find((g) => OTHER_OF_ROLE[g.role] !== MEMBER_OF_ROLE[self])?.role
  const r: RoleId = role ?? (self === 'consultant' ? 'client' : 'consultant')
  const member = OTHER_OF_ROLE[r] === MEMBER_OF_ROLE[self] ? CON2 : OTHER_OF_ROLE[r]
  return { member, role: r }
}

const otherRecords: Record<'page' | 'document' | 'binding' | 'asset', object> = {
  page: { id: 'page:page', typeName: 'page', name: 'Page', index: 'a1', meta: {} },
  document: { id: 'document:document', typeName: 'document', name: '', gridSize: 10, meta: {} },
  binding: {
    id: 'binding:b1',
    typeName: 'binding',
    type: 'arrow',
    fromId: 'shape:a',
    toId: 'shape:b',
    props: {},
    meta: {},
  },
  asset: { id: 'asset:a1', typeName: 'asset', type: 'image', props: {}, meta: {} },
}

describe('the matrix, cell by cell', () => {
  for (const kind of RECORD_KINDS) {
    for (const op of OPS) {
      for (const phase of PHASE_IDS) {
        for (const role of ROLE_IDS) {
          const grants = cell(kind, op, phase)
          const mine = grants.filter((g) => g.role === role)
          const who = actorOf(role)
          const state = sessionAt(phase)
          it(`${kind} × ${op} × ${phase} × ${role}`, () => {
            const verdict = (change: Parameters<typeof authorize>[1]) =>
              authorize(who, change, state)
            if (role === 'observer') {
              expect(mine).toEqual([])
            }
            if (kind === 'session-state') {
              expect(grants).toEqual([])
              const s = sessionAt(phase)
              const change =
                op === 'create'
                  ? { op, id: SESSION_STATE_ID, after: s }
                  : op === 'update'
                    ? { op, id: SESSION_STATE_ID, before: s, after: { ...s, phase: 'closing' } }
                    : { op, id: SESSION_STATE_ID, before: s }
              const v = verdict(change)
              expect(v.ok).toBe(false)
              return
            }
            if (kind === 'vote') {
              const vote = {
                id: `codev_vote:${who.memberId}:1`,
                typeName: 'codev_vote',
                voter: who.memberId,
                proposalId: 'shape:p1',
              }
              const moved = { ...vote, proposalId: 'shape:p2' }
              const change =
                op === 'create'
                  ? { op, id: vote.id, after: vote }
                  : op === 'update'
                    ? { op, id: vote.id, before: vote, after: moved }
                    : { op, id: vote.id, before: vote }
              expect(verdict(change).ok).toBe(mine.length > 0)
              return
            }
            if (!isNote(kind)) {
              const record = otherRecords[kind]
              const id = (record as { id: string }).id
              const change =
                op === 'create'
                  ? { op, id, after: record }
                  : op === 'update'
                    ? { op, id, before: record, after: { ...record, meta: { n: 1 } } }
                    : { op, id, before: record }
              expect(verdict(change).ok).toBe(mine.length > 0)
              expect(can(who, op, kind, phase, state).ok).toBe(mine.length > 0)
              return
            }
            // codev notes
            expect(can(who, op, kind, phase, state).ok).toBe(mine.length > 0)
            const own = note({ kind, phase, author: who.memberId, role })
            if (op === 'create') {
              expect(verdict({ op, id: own.id, after: own }).ok).toBe(has(mine, role, 'own'))
              // as scribe, for each role that writes this kind now
              for (const g of grants.filter((g) => g.scope === 'own' && g.role !== 'facilitator')) {
                const scribed = note({
                  kind,
                  phase,
                  author: who.memberId,
                  role: g.role,
                  meta: { onBehalfOf: MEMBER_OF_ROLE[g.role] },
                })
                expect(verdict({ op, id: scribed.id, after: scribed }).ok).toBe(
                  has(mine, role, 'scribe'),
                )
              }
              return
            }
            const theirs = otherAuthor(kind, phase, role)
            const other = note({ kind, phase, author: theirs.member, role: theirs.role })
            if (op === 'delete') {
              expect(verdict({ op, id: own.id, before: own }).ok).toBe(
                has(mine, role, 'own', 'any'),
              )
              expect(verdict({ op, id: other.id, before: other }).ok).toBe(has(mine, role, 'any'))
              return
            }
            const edited = <T extends { props: object }>(n: T) => ({
              ...n,
              props: { text: 'edited' },
            })
            expect(verdict({ op, id: own.id, before: own, after: edited(own) }).ok).toBe(
              has(mine, role, 'own', 'any'),
            )
            expect(verdict({ op, id: other.id, before: other, after: edited(other) }).ok).toBe(
              has(mine, role, 'any'),
            )
            const moved = { ...other, x: other.x + 5, y: other.y + 5 }
            expect(verdict({ op, id: other.id, before: other, after: moved }).ok).toBe(
              has(mine, role, 'any', 'move'),
            )
            const flagged = { ...other, meta: { ...other.meta, flags: { toClarify: true } } }
            expect(verdict({ op, id: other.id, before: other, after: flagged }).ok).toBe(
              has(mine, role, 'any', 'flags'),
            )
          })
        }
      }
    }
  }
})

describe('the matrix says what METHOD.md says', () => {
  it('consultants do not write during the exposé, observers never', () => {
    for (const kind of NOTE_KINDS) {
      expect(grantsFor(kind, 'create', 'expose', 'consultant')).toEqual([])
      for (const phase of PHASE_IDS) {
        for (const op of OPS) expect(grantsFor(kind, op, phase, 'observer')).toEqual([])
      }
    }
  })
  it('clarification: consultants ask, the client answers', () => {
    expect(allowedKindsFor(actorOf('consultant'), sessionAt('clarification'))).toEqual([
      'question',
      'free',
    ])
    expect(allowedKindsFor(actorOf('client'), sessionAt('clarification'))).toEqual([
      'answer',
      'free',
    ])
  })
  it('the facilitator may scribe whatever a voice of the step writes', () => {
    expect(allowedKindsFor(actorOf('facilitator'), sessionAt('clarification'))).toEqual([
      'question',
      'answer',
      'free',
    ])
  })
  it('only the client clusters and builds actions; consultants synthesise their learnings', () => {
    expect(allowedKindsFor(actorOf('client'), sessionAt('synthese'))).toEqual([
      'note',
      'learning',
      'cluster',
      'action',
      'free',
    ])
    expect(allowedKindsFor(actorOf('consultant'), sessionAt('synthese'))).toEqual([
      'learning',
      'free',
    ])
  })
  it('nobody writes the session state, the page or the document', () => {
    for (const kind of ['session-state', 'page', 'document'] as const) {
      for (const op of OPS) expect(PERMISSIONS[kind][op]).toEqual({})
    }
  })
  it('votes belong to choosing the subject, never to the consultation', () => {
    expect(Object.keys(PERMISSIONS.vote.create)).toEqual(['choix-sujet'])
  })
  it('every phase with a voice gives the facilitator one', () => {
    for (const phase of PHASE_IDS) {
      if (VOICES[phase].length > 0) expect(VOICES[phase]).toContain('facilitator')
    }
    expect(VOICES.contrat).toEqual(['client', 'facilitator'])
    expect(CREATORS.question.clarification).toEqual(['consultant'])
  })
})

describe('authorize: specific refusals', () => {
  const state = sessionAt('clarification')
  const q = note({ kind: 'question', phase: 'clarification', author: CON, role: 'consultant' })

  it('accepts an honest question', () => {
    expect(authorize(actorOf('consultant'), { op: 'create', id: q.id, after: q }, state)).toEqual({
      ok: true,
    })
  })
  it('refuses a forged author', () => {
    const forged = { ...q, meta: { ...q.meta, author: CON2 } }
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: q.id, after: forged }, state),
    ).toEqual({
      ok: false,
      error: 'note/forged-author',
    })
  })
  it('refuses a role the actor does not have', () => {
    const a = note({ kind: 'answer', phase: 'clarification', author: CON, role: 'client' })
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: a.id, after: a }, state),
    ).toMatchObject({
      error: 'note/kind-not-allowed',
    })
    const fake = { ...q, meta: { ...q.meta, role: 'client' as const } }
    expect(
      authorize(
        actor(CLI, 'client'),
        { op: 'create', id: q.id, after: { ...fake, meta: { ...fake.meta, author: CLI } } },
        state,
      ),
    ).toMatchObject({
      error: 'note/kind-not-allowed',
    })
    const claimsFacilitator = { ...q, meta: { ...q.meta, role: 'facilitator' as const } }
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: q.id, after: claimsFacilitator }, state),
    ).toMatchObject({
      error: 'note/wrong-role',
    })
  })
  it('uses the role the session gives, not the one the actor claims', () => {
    expect(
      authorize(actor(CON, 'facilitator'), { op: 'create', id: q.id, after: q }, state).ok,
    ).toBe(true)
    expect(
      authorize(actor(OBS, 'consultant'), { op: 'create', id: q.id, after: q }, state),
    ).toMatchObject({
      error: 'role/observer',
    })
    expect(
      authorize(
        actor(CON, 'consultant'),
        { op: 'create', id: q.id, after: q },
        sessionAt('clarification', { roles: { [CON]: 'observer' } }),
      ),
    ).toMatchObject({
      error: 'role/observer',
    })
  })
  it('refuses a scribe note for a member who does not have that role', () => {
    const scribed = note({
      kind: 'question',
      phase: 'clarification',
      author: FAC,
      role: 'consultant',
      meta: { onBehalfOf: CLI },
    })
    expect(
      authorize(actorOf('facilitator'), { op: 'create', id: q.id, after: scribed }, state),
    ).toMatchObject({
      error: 'note/wrong-role',
    })
    const selfWithBehalf = { ...q, meta: { ...q.meta, onBehalfOf: CON2 } }
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: q.id, after: selfWithBehalf }, state),
    ).toMatchObject({
      error: 'note/wrong-role',
    })
  })
  it('refuses notes outside the current zone, or not on the page', () => {
    const zone = zoneOf('clarification')
    for (const [x, y] of [
      [zone.x - 1, zone.y + 1],
      [zone.x + zone.w, zone.y + 1],
      [zone.x + 1, zone.y + zone.h],
      [zone.x + 1, zone.y - 1],
    ]) {
      const outside = { ...q, x, y }
      expect(
        authorize(actorOf('consultant'), { op: 'create', id: q.id, after: outside }, state),
      ).toMatchObject({
        error: 'zone/outside',
      })
    }
    const inFrame = { ...q, parentId: 'shape:frame' }
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: q.id, after: inFrame }, state),
    ).toMatchObject({
      error: 'zone/outside',
    })
  })
  it('refuses moving a note out of its zone, even by its author', () => {
    const expose = zoneOf('expose')
    const moved = { ...q, x: expose.x + 10, y: expose.y + 10 }
    expect(
      authorize(actorOf('consultant'), { op: 'update', id: q.id, before: q, after: moved }, state),
    ).toMatchObject({
      error: 'zone/outside',
    })
    expect(
      authorize(actorOf('facilitator'), { op: 'update', id: q.id, before: q, after: moved }, state),
    ).toMatchObject({
      error: 'zone/outside',
    })
  })
  it('refuses notes in earlier (read-only) and later (locked) zones', () => {
    const early = note({ kind: 'note', phase: 'expose', author: CLI, role: 'client' })
    expect(
      authorize(actorOf('client'), { op: 'create', id: early.id, after: early }, state),
    ).toMatchObject({
      error: 'zone/read-only',
    })
    expect(
      authorize(actorOf('client'), { op: 'delete', id: early.id, before: early }, state),
    ).toMatchObject({
      error: 'zone/read-only',
    })
    expect(
      authorize(
        actorOf('client'),
        { op: 'update', id: early.id, before: early, after: { ...early, props: { text: 'x' } } },
        state,
      ),
    ).toMatchObject({
      error: 'zone/read-only',
    })
    const late = note({ kind: 'idea', phase: 'consultation', author: CON, role: 'consultant' })
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: late.id, after: late }, state),
    ).toMatchObject({
      error: 'zone/locked',
    })
    expect(can(actorOf('consultant'), 'create', 'idea', 'consultation', state)).toMatchObject({
      error: 'zone/locked',
    })
    expect(can(actorOf('consultant'), 'create', 'note', 'expose', state)).toMatchObject({
      error: 'zone/read-only',
    })
  })
  it('refuses changing author, role, phase, kind or type', () => {
    const changes = [
      { meta: { ...q.meta, author: CON2 } },
      { meta: { ...q.meta, role: 'client' as const } },
      { meta: { ...q.meta, phase: 'consultation' as const } },
      { meta: { ...q.meta, kind: 'idea' as const } },
      { meta: { ...q.meta, onBehalfOf: CON2 } },
      { type: 'geo' },
    ]
    for (const change of changes) {
      const after = { ...q, ...change }
      expect(
        authorize(actorOf('consultant'), { op: 'update', id: q.id, before: q, after }, state),
      ).toMatchObject({
        error: 'note/immutable-field',
      })
    }
    const vote = {
      id: 'codev_vote:con:1',
      typeName: 'codev_vote',
      voter: CON,
      proposalId: 'shape:p',
    }
    expect(
      authorize(
        actorOf('consultant'),
        { op: 'update', id: q.id, before: q, after: { ...vote, id: q.id } },
        state,
      ).ok,
    ).toBe(false)
  })
  it('refuses another consultant editing or deleting my note, with a readable reason', () => {
    const other = actor(CON2, 'consultant')
    expect(
      authorize(
        other,
        { op: 'update', id: q.id, before: q, after: { ...q, props: { text: 'mine now' } } },
        state,
      ),
    ).toMatchObject({
      error: 'note/not-author',
    })
    expect(authorize(other, { op: 'delete', id: q.id, before: q }, state)).toMatchObject({
      error: 'note/not-author',
    })
  })
  it('says "no voice" to consultants during the exposé', () => {
    const s = sessionAt('expose')
    const n = note({ kind: 'note', phase: 'expose', author: CON, role: 'consultant' })
    expect(authorize(actorOf('consultant'), { op: 'create', id: n.id, after: n }, s)).toMatchObject(
      { error: 'step/no-voice' },
    )
    expect(can(actorOf('consultant'), 'create', 'note', 'expose', s)).toMatchObject({
      error: 'step/no-voice',
    })
    expect(allowedKindsFor(actorOf('consultant'), s)).toEqual([])
    expect(can(actorOf('consultant'), 'create', 'binding', 'expose', s)).toMatchObject({
      error: 'step/no-voice',
    })
    expect(can(actorOf('client'), 'create', 'page', 'expose', s)).toMatchObject({
      error: 'permission/denied',
    })
    expect(can(actorOf('client'), 'update', 'session-state', 'expose', s)).toMatchObject({
      error: 'session/server-only',
    })
  })
  it('lets only the client flag, and only flags', () => {
    const s = sessionAt('consultation')
    const idea = note({ kind: 'idea', phase: 'consultation', author: CON, role: 'consultant' })
    const flagged = {
      ...idea,
      meta: { ...idea.meta, flags: { starred: true, keep: 'yes' as const } },
    }
    expect(
      authorize(actorOf('client'), { op: 'update', id: idea.id, before: idea, after: flagged }, s)
        .ok,
    ).toBe(true)
    expect(
      authorize(
        actorOf('consultant'),
        { op: 'update', id: idea.id, before: idea, after: flagged },
        s,
      ),
    ).toMatchObject({
      error: 'note/flags-client-only',
    })
    const flaggedAndEdited = { ...flagged, props: { text: 'rewritten' } }
    expect(
      authorize(
        actorOf('client'),
        { op: 'update', id: idea.id, before: idea, after: flaggedAndEdited },
        s,
      ),
    ).toMatchObject({
      error: 'note/not-author',
    })
    const created = { ...flagged }
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: idea.id, after: created }, s),
    ).toMatchObject({
      error: 'note/flags-client-only',
    })
  })
  it('lets the facilitator tidy (move) but not rewrite others’ notes', () => {
    const s = sessionAt('consultation')
    const idea = note({ kind: 'idea', phase: 'consultation', author: CON, role: 'consultant' })
    expect(
      authorize(
        actorOf('facilitator'),
        { op: 'update', id: idea.id, before: idea, after: { ...idea, x: idea.x + 100 } },
        s,
      ).ok,
    ).toBe(true)
    expect(
      authorize(
        actorOf('facilitator'),
        { op: 'update', id: idea.id, before: idea, after: { ...idea, props: { text: 'no' } } },
        s,
      ),
    ).toMatchObject({
      error: 'note/not-author',
    })
    expect(
      authorize(actorOf('facilitator'), { op: 'delete', id: idea.id, before: idea }, s),
    ).toMatchObject({
      error: 'note/not-author',
    })
  })
  it('refuses every client write to the session state', () => {
    const s = sessionAt('consultation')
    for (const role of ['facilitator', 'client', 'consultant'] as const) {
      expect(
        authorize(
          actorOf(role),
          { op: 'update', id: SESSION_STATE_ID, before: s, after: { ...s, phase: 'closing' } },
          s,
        ),
      ).toMatchObject({
        error: 'session/server-only',
      })
      expect(
        authorize(actorOf(role), { op: 'delete', id: SESSION_STATE_ID, before: s }, s),
      ).toMatchObject({
        error: 'session/server-only',
      })
      expect(
        authorize(
          actorOf(role),
          { op: 'create', id: 'codev_session:other', after: { ...s, id: 'codev_session:other' } },
          s,
        ),
      ).toMatchObject({
        error: 'session/server-only',
      })
    }
  })
  it('refuses everything in a closed session', () => {
    const s = sessionAt('apprentissage', { status: 'closed' })
    const l = note({ kind: 'learning', phase: 'apprentissage', author: FAC, role: 'facilitator' })
    for (const role of ROLE_IDS) {
      expect(
        authorize(
          actorOf(role),
          {
            op: 'create',
            id: l.id,
            after: { ...l, meta: { ...l.meta, author: MEMBER_OF_ROLE[role], role } },
          },
          s,
        ),
      ).toMatchObject({
        error: 'session/closed',
      })
      expect(can(actorOf(role), 'create', 'learning', 'apprentissage', s)).toMatchObject({
        error: 'session/closed',
      })
      expect(allowedKindsFor(actorOf(role), s)).toEqual([])
    }
  })
  it('refuses invalid, unknown and mismatched records', () => {
    const who = actorOf('consultant')
    expect(
      authorize(who, { op: 'create', id: q.id, after: { ...q, x: 'left' } }, state),
    ).toMatchObject({ error: 'record/invalid' })
    expect(
      authorize(who, { op: 'create', id: q.id, after: { ...q, meta: {} } }, state),
    ).toMatchObject({ error: 'record/invalid' })
    expect(
      authorize(
        who,
        { op: 'create', id: 'evil:1', after: { id: 'evil:1', typeName: 'evil' } },
        state,
      ),
    ).toMatchObject({
      error: 'record/unknown-type',
    })
    expect(authorize(who, { op: 'create', id: 'shape:other', after: q }, state)).toMatchObject({
      error: 'record/id-mismatch',
    })
    expect(authorize(who, { op: 'delete', id: q.id, before: 'garbage' }, state)).toMatchObject({
      error: 'record/unknown-type',
    })
  })
  it('refuses votes cast or moved for someone else, and more dots than allowed', () => {
    const s = sessionAt('choix-sujet')
    const vote = {
      id: 'codev_vote:con2:1',
      typeName: 'codev_vote',
      voter: CON2,
      proposalId: 'shape:p1',
    }
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: vote.id, after: vote }, s),
    ).toMatchObject({ error: 'vote/not-voter' })
    expect(
      authorize(actorOf('consultant'), { op: 'delete', id: vote.id, before: vote }, s),
    ).toMatchObject({ error: 'vote/not-voter' })
    const fourth = {
      id: 'codev_vote:con:4',
      typeName: 'codev_vote',
      voter: CON,
      proposalId: 'shape:p1',
    }
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: fourth.id, after: fourth }, s),
    ).toMatchObject({ error: 'vote/too-many-dots' })
    // With four dots set by the facilitator, the fourth is allowed; an eleventh is never a vote.
    expect(
      authorize(
        actorOf('consultant'),
        { op: 'create', id: fourth.id, after: fourth },
        { ...s, dotsPerMember: 4 },
      ),
    ).toEqual({ ok: true })
    const eleventh = { ...fourth, id: 'codev_vote:con:11' }
    expect(
      authorize(actorOf('consultant'), { op: 'create', id: eleventh.id, after: eleventh }, s),
    ).toMatchObject({ error: 'record/invalid' })
    const mine = {
      id: 'codev_vote:con:1',
      typeName: 'codev_vote',
      voter: CON,
      proposalId: 'shape:p1',
    }
    expect(
      authorize(
        actorOf('consultant'),
        { op: 'create', id: mine.id, after: mine },
        sessionAt('consultation'),
      ),
    ).toMatchObject({
      error: 'note/kind-not-allowed'.replace('note/kind-not-allowed', 'permission/denied'),
    })
  })
})

describe('authorize: properties', () => {
  const kinds = fc.constantFrom(...NOTE_KINDS)
  const phases = fc.constantFrom(...PHASE_IDS)
  const roles = fc.constantFrom(...ROLE_IDS)
  const members = fc.constantFrom(FAC, CLI, CON, CON2, OBS)
  const ops = fc.constantFrom(...OPS)

  it('never accepts a note created in someone else’s name', () => {
    fc.assert(
      fc.property(
        kinds,
        phases,
        phases,
        roles,
        members,
        members,
        (kind, notePhase, phase, role, who, author) => {
          fc.pre(who !== author)
          const n = note({ kind, phase: notePhase, author, role })
          const r = authorize(
            actor(who, role),
            { op: 'create', id: n.id, after: n },
            sessionAt(phase),
          )
          expect(r.ok).toBe(false)
        },
      ),
    )
  })
  it('never accepts anything from an observer or in a closed session, whatever the payload', () => {
    fc.assert(
      fc.property(
        ops,
        fc.jsonValue(),
        fc.jsonValue(),
        members,
        phases,
        fc.boolean(),
        (op, before, after, who, phase, closed) => {
          const state = closed
            ? sessionAt(phase, { status: 'closed' })
            : sessionAt(phase, { roles: { [who]: 'observer' } })
          expect(
            authorize(actor(who, 'facilitator'), { op, id: 'shape:x', before, after }, state).ok,
          ).toBe(false)
        },
      ),
    )
  })
  it('never accepts a note outside the current zone', () => {
    fc.assert(
      fc.property(
        kinds,
        phases,
        roles,
        fc.integer({ min: -5000, max: 12000 }),
        fc.integer({ min: -2000, max: 4000 }),
        (kind, phase, role, x, y) => {
          const who = actorOf(role)
          const n = note({ kind, phase, author: who.memberId, role, x, y })
          const r = authorize(who, { op: 'create', id: n.id, after: n }, sessionAt(phase))
          if (r.ok) expect(zoneAt({ x, y })).toBe(phase)
        },
      ),
    )
  })
})

describe('authorize: the secretary writes for the consultants', () => {
  const base = sessionAt('consultation')
  const state = { ...base, duties: { ...base.duties, secretary: CON } }
  const secretary = actorOf('consultant')
  const idea = (onBehalfOf: string | undefined, role: RoleId = 'consultant') =>
    note({
      id: 'shape:said',
      kind: 'idea',
      phase: 'consultation',
      author: CON,
      role,
      meta: onBehalfOf === undefined ? {} : { onBehalfOf: onBehalfOf as MemberId },
    })
  const create = (after: unknown) => ({ op: 'create' as const, id: 'shape:said', after })

  it("records who said it and who wrote it: the secretary may write a consultant's idea", () => {
    expect(authorize(secretary, create(idea(CON2)), state)).toEqual({ ok: true })
  })

  it('may not write for the client, for itself as someone else, or without the duty', () => {
    expect(authorize(secretary, create(idea(CLI, 'client')), state)).toMatchObject({ ok: false })
    expect(authorize(secretary, create(idea(CON)), state)).toMatchObject({ ok: false })
    expect(authorize(secretary, create(idea(CON2)), base)).toEqual({
      ok: false,
      error: 'note/wrong-role',
    })
  })
})
