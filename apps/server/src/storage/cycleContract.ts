/**
 * The cycle data's contract (CycleStore.ts) as one suite, run on SQLite
 * (CycleStore.test.ts, server project) and on a real PostgreSQL
 * (PostgresStore.test.ts, scale project).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CycleData, cycleDataFor } from './CycleStore.ts'
import type { Storage } from './Storage.ts'

export function describeCycleContract(
  name: string,
  open: () => Promise<{ storage: Storage; cleanUp: () => Promise<void> }>,
): void {
  describe(`cycle data contract: ${name}`, () => {
    let storage: Storage
    let cycle: CycleData
    let cleanUp: () => Promise<void>
    beforeAll(async () => {
      ;({ storage, cleanUp } = await open())
      cycle = cycleDataFor(storage)
    })
    afterAll(async () => {
      await storage?.close()
      await cleanUp?.()
    })
    const newGroup = () =>
      storage.app.createGroup({
        name: 'G',
        cycleLength: 6,
        members: [
          { name: 'Fanny', groupRole: 'facilitator' },
          { name: 'Alice', groupRole: 'member' },
        ],
        now: 1000,
      })

    it('places sessions in meetings, the second consultation after the first', async () => {
      const { group, session } = await newGroup()
      expect(await cycle.listPlaces(group.id)).toEqual([
        {
          sessionId: session.id,
          number: 1,
          meetingId: session.id,
          consultation: 1,
          purgedAt: null,
        },
      ])
      const second = await cycle.addSecondConsultation(session, 2000)
      expect(second).toMatchObject({
        groupId: group.id,
        number: 2,
        scheduledAt: 1000,
        status: 'open',
      })
      const next = await storage.app.scheduleSession(group.id, 5000, 3000)
      expect(next.number).toBe(3)
      expect(
        (await cycle.listPlaces(group.id)).map((p) => [p.number, p.meetingId, p.consultation]),
      ).toEqual([
        [1, session.id, 1],
        [2, session.id, 2],
        [3, next.id, 1],
      ])
      expect((await storage.app.getSession(second.id))?.number).toBe(2)
      await cycle.markPurged(second.id, 9000)
      expect((await cycle.listPlaces(group.id))[1]!.purgedAt).toBe(9000)
    })

    it('keeps the retention settings, listing only groups with a period', async () => {
      const { group } = await newGroup()
      const { group: other } = await newGroup()
      expect(await cycle.getRetention(group.id)).toEqual({
        retentionDays: null,
        keepActionPlan: true,
      })
      await cycle.setRetention(group.id, { retentionDays: 30, keepActionPlan: false })
      await cycle.setRetention(other.id, { retentionDays: null, keepActionPlan: true })
      expect(await cycle.getRetention(group.id)).toEqual({
        retentionDays: 30,
        keepActionPlan: false,
      })
      await cycle.setRetention(group.id, { retentionDays: 60, keepActionPlan: true })
      const listed = (await cycle.listRetentionGroups()).filter((g) =>
        [group.id, other.id].includes(g.groupId),
      )
      expect(listed).toEqual([
        { groupId: group.id, settings: { retentionDays: 60, keepActionPlan: true } },
      ])
    })

    it('logs in order, per group, and forgets a deleted group', async () => {
      const { group, members, session } = await newGroup()
      await cycle.appendLog({
        groupId: group.id,
        at: 1,
        kind: 'purge',
        actorId: null,
        sessionId: session.id,
        detail: '#1',
      })
      await cycle.appendLog({
        groupId: group.id,
        at: 2,
        kind: 'export/journal',
        actorId: members[1]!.id,
        sessionId: null,
      })
      expect(await cycle.listLog(group.id)).toEqual([
        { at: 1, kind: 'purge', actorId: null, sessionId: session.id, detail: '#1' },
        { at: 2, kind: 'export/journal', actorId: members[1]!.id, sessionId: null, detail: '' },
      ])
      await cycle.setRetention(group.id, { retentionDays: 1, keepActionPlan: true })
      await storage.app.deleteGroup(group.id)
      expect(await cycle.listLog(group.id)).toEqual([])
      expect(await cycle.getRetention(group.id)).toEqual({
        retentionDays: null,
        keepActionPlan: true,
      })
    })
  })
}
