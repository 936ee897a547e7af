import { describe, expect, it } from 'vitest'
import { CLI, CON, note, sessionAt } from '../test/fixtures.ts'
import {
  DAY_MS,
  DEFAULT_RETENTION,
  GroupLogEntrySchema,
  isDueForPurge,
  purgedSessionState,
  RetentionSettingsSchema,
  recordsToPurge,
} from './retention.ts'

describe('retention settings', () => {
  it('accepts a period in days or none, and refuses nonsense', () => {
    expect(
      RetentionSettingsSchema.safeParse({ retentionDays: 30, keepActionPlan: true }).success,
    ).toBe(true)
    expect(RetentionSettingsSchema.safeParse(DEFAULT_RETENTION).success).toBe(true)
    for (const retentionDays of [0, -1, 1.5, 4000, '30']) {
      expect(
        RetentionSettingsSchema.safeParse({ retentionDays, keepActionPlan: true }).success,
      ).toBe(false)
    }
    expect(RetentionSettingsSchema.safeParse({ retentionDays: 30 }).success).toBe(false)
  })
})

describe('which sessions are due', () => {
  const settings = { retentionDays: 30, keepActionPlan: true }
  const now = 100 * DAY_MS
  it('purges a session older than the period, once', () => {
    expect(isDueForPurge({ scheduledAt: now - 30 * DAY_MS, purgedAt: null }, settings, now)).toBe(
      true,
    )
    expect(isDueForPurge({ scheduledAt: now - 30 * DAY_MS, purgedAt: now }, settings, now)).toBe(
      false,
    )
  })
  it('keeps a younger session, and everything when no period is set', () => {
    expect(isDueForPurge({ scheduledAt: now - 29 * DAY_MS, purgedAt: null }, settings, now)).toBe(
      false,
    )
    expect(isDueForPurge({ scheduledAt: 0, purgedAt: null }, DEFAULT_RETENTION, now)).toBe(false)
  })
})

describe('what a purge removes', () => {
  const records = [
    { id: 'document:document', typeName: 'document' },
    { id: 'page:page', typeName: 'page' },
    sessionAt('closing'),
    note({
      id: 'shape:q',
      kind: 'question',
      phase: 'clarification',
      author: CON,
      role: 'consultant',
    }),
    note({ id: 'shape:a', kind: 'action', phase: 'synthese', author: CLI, role: 'client' }),
    { id: 'binding:b', typeName: 'binding' },
    { id: 'codev_vote:v', typeName: 'codev_vote' },
    { id: 'asset:x', typeName: 'asset' },
    { id: 'shape:odd', typeName: 'shape', meta: {} },
    null,
    { typeName: 'shape' },
  ]
  it('removes notes, bindings, votes and assets, keeping the action plan if the group says so', () => {
    expect(recordsToPurge(records, true)).toEqual([
      'shape:q',
      'binding:b',
      'codev_vote:v',
      'asset:x',
      'shape:odd',
    ])
  })
  it('removes the action plan too when the group does not keep it', () => {
    expect(recordsToPurge(records, false)).toContain('shape:a')
  })
  it('clears the subject and written evaluations, keeping the client and their consent', () => {
    const state = sessionAt('closing', {
      reportAudience: 'client',
      signals: [{ kind: 'refocus', by: CLI, at: 1 }],
      evaluations: {
        count: 2,
        averageAppreciation: 4,
        averageMethodRespected: 5,
        comments: [{ text: 'secret', author: null }],
        regulateNextTime: ['x'],
        expectations: ['y'],
        learnings: ['z'],
        applications: ['w'],
      },
    })
    const purged = purgedSessionState(state)
    expect(purged.subject).toBeNull()
    expect(purged.clientId).toBe(CLI)
    expect(purged.reportAudience).toBe('client')
    expect(purged.signals).toEqual([])
    expect(purged.evaluations).toEqual({
      count: 2,
      averageAppreciation: 4,
      averageMethodRespected: 5,
      comments: [],
      regulateNextTime: [],
      expectations: [],
      learnings: [],
      applications: [],
    })
  })
  it('logs entries of known kinds only', () => {
    const entry = { at: 1, kind: 'purge', actorId: null, sessionId: 's', detail: '3' }
    expect(GroupLogEntrySchema.safeParse(entry).success).toBe(true)
    expect(GroupLogEntrySchema.safeParse({ ...entry, kind: 'other' }).success).toBe(false)
  })
})
