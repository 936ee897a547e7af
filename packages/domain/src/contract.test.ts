import { describe, expect, it } from 'vitest'
import { contractVersions } from './contract.ts'

function request(id: string, phase: string, index: string, request: string, types: string[]) {
  return {
    id,
    index,
    meta: {
      author: 'client1',
      role: 'client',
      phase,
      kind: 'contract-request',
      contract: { request, consultationTypes: types },
    },
  }
}

describe('contractVersions', () => {
  it('lists the requests oldest first: the contract step, then each re-opening in order', () => {
    const versions = contractVersions([
      request('shape:again', 'consultation', 'a3', 'Recentrer sur l’équipe', ['ideas']),
      request('shape:first', 'contrat', 'a9', 'Des pistes', ['ideas', 'experience']),
      request('shape:reopened', 'consultation', 'a1', 'Plutôt des questions', [
        'reflective-questions',
      ]),
    ])
    expect(versions.map((version) => version.request)).toEqual([
      'Des pistes',
      'Plutôt des questions',
      'Recentrer sur l’équipe',
    ])
    expect(versions.at(-1)).toEqual({
      id: 'shape:again',
      request: 'Recentrer sur l’équipe',
      consultationTypes: ['ideas'],
    })
  })

  it('ignores every other shape, and shapes whose codev data is not valid', () => {
    const versions = contractVersions([
      {
        id: 'shape:idea',
        meta: { author: 'k', role: 'consultant', phase: 'consultation', kind: 'idea' },
      },
      { id: 'shape:tldraw', index: 'a1', meta: {} },
      { id: 'shape:forged', meta: { kind: 'contract-request', contract: { request: 'x' } } },
      request('shape:kept', 'contrat', 'a1', 'La demande', ['ideas']),
    ])
    expect(versions.map((version) => version.id)).toEqual(['shape:kept'])
  })

  it('orders versions put down at the same place of one step by id, so every reader agrees', () => {
    const a = { ...request('shape:a', 'contrat', 'a1', 'A', ['ideas']), index: undefined }
    const b = { ...request('shape:b', 'contrat', 'a1', 'B', ['ideas']), index: undefined }
    expect(contractVersions([b, a]).map((version) => version.request)).toEqual(['A', 'B'])
    const c = request('shape:c', 'contrat', 'a1', 'C', ['ideas'])
    const d = request('shape:d', 'contrat', 'a1', 'D', ['ideas'])
    expect(contractVersions([d, c]).map((version) => version.request)).toEqual(['C', 'D'])
  })
})
