import { describe, expect, it } from 'vitest'
import { actorOf, CON, sessionAt } from '../test/fixtures.ts'
import { EVALUATION_ENTRY_ID, summarizeEvaluations } from './evaluations.ts'
import { authorizePrivate } from './privateSpaces.ts'

describe('summarizeEvaluations', () => {
  it('averages the scores and names only the authors who signed', () => {
    const summary = summarizeEvaluations([
      { authorName: 'Karim', evaluation: { anonymous: true, appreciation: 3, comment: 'Dense' } },
      {
        authorName: 'Claire',
        evaluation: { anonymous: false, appreciation: 5, methodRespected: 4, comment: 'Merci' },
      },
      { authorName: 'Léa', evaluation: { anonymous: true, regulateNextTime: 'Le temps' } },
    ])
    expect(summary).toEqual({
      count: 3,
      averageAppreciation: 4,
      averageMethodRespected: 4,
      comments: [
        { text: 'Dense', author: null },
        { text: 'Merci', author: 'Claire' },
      ],
      regulateNextTime: ['Le temps'],
      expectations: [],
      learnings: [],
      applications: [],
    })
    expect(JSON.stringify(summary)).not.toMatch(/Karim|Léa/)
  })

  it('gathers the 4 A without names', () => {
    const summary = summarizeEvaluations([
      {
        authorName: 'Claire',
        evaluation: {
          anonymous: false,
          expectations: 'Des pistes',
          learnings: 'Écouter avant de proposer',
          applications: 'Essayer lundi',
        },
      },
    ])
    expect(summary).toMatchObject({
      expectations: ['Des pistes'],
      learnings: ['Écouter avant de proposer'],
      applications: ['Essayer lundi'],
    })
  })

  it('is empty with no evaluation', () => {
    expect(summarizeEvaluations([])).toEqual({
      count: 0,
      averageAppreciation: null,
      averageMethodRespected: null,
      comments: [],
      regulateNextTime: [],
      expectations: [],
      learnings: [],
      applications: [],
    })
  })
})

describe('the private evaluation space', () => {
  const entry = {
    id: EVALUATION_ENTRY_ID,
    typeName: 'codev_evaluation',
    author: CON,
    evaluation: { anonymous: true, appreciation: 4 },
  }
  const consultant = actorOf('consultant')
  const create = { op: 'create' as const, id: entry.id, after: entry }

  it('takes its owner’s evaluation during apprentissage & régulation only', () => {
    expect(authorizePrivate(consultant, create, 'evaluation', sessionAt('apprentissage'))).toEqual({
      ok: true,
    })
    expect(authorizePrivate(consultant, create, 'evaluation', sessionAt('consultation'))).toEqual({
      ok: false,
      error: 'zone/locked',
    })
  })

  it('refuses anything else', () => {
    const state = sessionAt('apprentissage')
    const forged = { ...entry, author: 'someone-else' }
    expect(
      authorizePrivate(
        consultant,
        { op: 'create', id: entry.id, after: forged },
        'evaluation',
        state,
      ),
    ).toEqual({ ok: false, error: 'note/not-author' })
    const badScore = { ...entry, evaluation: { anonymous: true, appreciation: 9 } }
    expect(
      authorizePrivate(
        consultant,
        { op: 'update', id: entry.id, before: entry, after: badScore },
        'evaluation',
        state,
      ),
    ).toEqual({ ok: false, error: 'record/invalid' })
    expect(
      authorizePrivate(
        consultant,
        { op: 'delete', id: entry.id, before: entry },
        'evaluation',
        state,
      ),
    ).toEqual({ ok: true })
  })
})
