import { describe, expect, it } from 'vitest'
import { actorOf, CON, sessionAt } from '../test/fixtures.ts'
import { zoneOf } from './layout.ts'
import type { PhaseId } from './phases.ts'
import {
  authorizePrivate,
  draftsToReveal,
  parseDocumentName,
  privateDocumentName,
} from './privateSpaces.ts'

const consultant = actorOf('consultant')
function question(id: string, author: string = CON, phase: PhaseId = 'clarification') {
  const zone = zoneOf(phase)
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x: zone.x + 40,
    y: zone.y + 120,
    parentId: 'page:page',
    props: { text: id },
    meta: { author, role: 'consultant', phase, kind: 'question' },
  }
}

describe('private document names', () => {
  it('round-trips session and private names and refuses anything else', () => {
    expect(parseDocumentName('s1')).toEqual({ kind: 'session', sessionId: 's1' })
    const name = privateDocumentName('s1', 'drafts', 'm1')
    expect(name).toBe('s1/drafts/m1')
    expect(parseDocumentName(name)).toEqual({
      kind: 'private',
      sessionId: 's1',
      space: 'drafts',
      ownerId: 'm1',
    })
    expect(parseDocumentName('s1/notebook/m1')).toMatchObject({ space: 'notebook' })
    for (const bad of ['', 's1/secrets/m1', 's1/drafts', 's1/drafts/', 'a/b/c/d', '/drafts/m1']) {
      expect(parseDocumentName(bad), bad).toBeNull()
    }
  })
})

describe('authorizePrivate', () => {
  const writing = { ...sessionAt('clarification'), silentWriting: true }
  const draft = question('shape:q1')

  it('takes drafts only while silent writing is on, by the session rules', () => {
    expect(
      authorizePrivate(consultant, { op: 'create', id: draft.id, after: draft }, 'drafts', writing),
    ).toEqual({ ok: true })
    expect(
      authorizePrivate(
        consultant,
        { op: 'create', id: draft.id, after: draft },
        'drafts',
        sessionAt('clarification'),
      ),
    ).toEqual({ ok: false, error: 'silent/not-on' })
    const forged = question('shape:q2', 'someone-else')
    expect(
      authorizePrivate(
        consultant,
        { op: 'create', id: forged.id, after: forged },
        'drafts',
        writing,
      ),
    ).toMatchObject({ ok: false })
  })

  it("takes any valid shape of the notebook's owner, anywhere, until the session closes", () => {
    const anywhere = { ...question('shape:n1', CON, 'clarification'), x: -5000, y: 9000 }
    const state = sessionAt('expose')
    expect(
      authorizePrivate(
        consultant,
        { op: 'create', id: anywhere.id, after: anywhere },
        'notebook',
        state,
      ),
    ).toEqual({ ok: true })
    expect(
      authorizePrivate(
        consultant,
        { op: 'delete', id: anywhere.id, before: anywhere },
        'notebook',
        state,
      ),
    ).toEqual({ ok: true })
    const other = question('shape:n2', 'someone-else')
    expect(
      authorizePrivate(consultant, { op: 'create', id: other.id, after: other }, 'notebook', state),
    ).toEqual({ ok: false, error: 'note/not-author' })
    expect(
      authorizePrivate(
        consultant,
        { op: 'create', id: 'x', after: { junk: 1 } },
        'notebook',
        state,
      ),
    ).toEqual({ ok: false, error: 'record/invalid' })
    expect(
      authorizePrivate(consultant, { op: 'create', id: anywhere.id, after: anywhere }, 'notebook', {
        ...state,
        status: 'closed',
      }),
    ).toEqual({ ok: false, error: 'session/closed' })
  })
})

describe('draftsToReveal', () => {
  it('publishes the drafts their author may create in the step, and nothing else', () => {
    const state = sessionAt('clarification')
    const good = question('shape:good')
    const forged = question('shape:forged', 'someone-else')
    const later = question('shape:later', CON, 'consultation')
    const revealed = draftsToReveal([good, forged, later, { junk: true }], consultant, state)
    expect(revealed.map((shape) => shape.id)).toEqual(['shape:good'])
  })
})

describe('the learning journal', () => {
  const entry = {
    id: 'codev_journal:e1',
    typeName: 'codev_journal',
    author: CON,
    text: 'Je coupe moins la parole',
    shared: false,
    at: 5,
  }
  const consultant = actorOf('consultant')

  it("takes its owner's entries at any step of an open session", () => {
    for (const phase of ['expose', 'closing'] as const) {
      expect(
        authorizePrivate(
          consultant,
          { op: 'create', id: entry.id, after: entry },
          'journal',
          sessionAt(phase),
        ),
      ).toEqual({ ok: true })
    }
  })

  it("refuses someone else's entry, an empty one, and writing after the session closed", () => {
    const state = sessionAt('closing')
    const forged = { ...entry, author: 'someone-else' }
    expect(
      authorizePrivate(consultant, { op: 'create', id: entry.id, after: forged }, 'journal', state),
    ).toEqual({
      ok: false,
      error: 'note/not-author',
    })
    const empty = { ...entry, text: '  ' }
    expect(
      authorizePrivate(consultant, { op: 'create', id: entry.id, after: empty }, 'journal', state),
    ).toEqual({
      ok: false,
      error: 'record/invalid',
    })
    expect(
      authorizePrivate(consultant, { op: 'create', id: entry.id, after: entry }, 'journal', {
        ...state,
        status: 'closed',
      }),
    ).toEqual({ ok: false, error: 'session/closed' })
  })
})
