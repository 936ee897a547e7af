/**
 * EvaluationSummaries: each member evaluates the session in a private space; this
 * extension aggregates those evaluations into the session state (no member id,
 * names only where their author signed), so the facilitator sees the summary and
 * nobody learns who wrote an anonymous one.
 */
import {
  EVALUATION_ENTRY_ID,
  EvaluationEntrySchema,
  parseDocumentName,
  privateDocumentName,
  summarizeEvaluations,
} from '@codev/domain'
import type { Extension, Hocuspocus, onChangePayload } from '@hocuspocus/server'
import { RECORDS_ROOT, writeSessionState } from '../session/sessionDocument.ts'
import { readSessionState } from './Authorization.ts'

type DirectConnection = Awaited<ReturnType<Hocuspocus['openDirectConnection']>>

const SERVER_ORIGIN = { source: 'local' as const, context: { server: 'evaluations' } }

export class EvaluationSummaries implements Extension {
  private readonly openDocument: (name: string) => Promise<DirectConnection>
  /** One recomputation at a time per session, in order. */
  private readonly queues = new Map<string, Promise<void>>()

  constructor(openDocument: (name: string) => Promise<DirectConnection>) {
    this.openDocument = openDocument
  }

  async onChange({ documentName }: onChangePayload): Promise<void> {
    const address = parseDocumentName(documentName)
    if (address?.kind !== 'private' || address.space !== 'evaluation') return
    const { sessionId } = address
    const previous = this.queues.get(sessionId) ?? Promise.resolve()
    const next = previous.then(() => this.summarize(sessionId))
    this.queues.set(
      sessionId,
      next.catch(() => {}),
    )
    await next
  }

  private async summarize(sessionId: string): Promise<void> {
    const session = await this.openDocument(sessionId)
    try {
      const state = session.document && readSessionState(session.document.getMap(RECORDS_ROOT))
      if (!state) return
      const entries: Parameters<typeof summarizeEvaluations>[0][number][] = []
      for (const member of state.members) {
        const space = await this.openDocument(
          privateDocumentName(sessionId, 'evaluation', member.id),
        )
        const parsed = EvaluationEntrySchema.safeParse(
          space.document?.getMap(RECORDS_ROOT).get(EVALUATION_ENTRY_ID),
        )
        await space.disconnect()
        if (parsed.success) {
          entries.push({ authorName: member.name ?? '', evaluation: parsed.data.evaluation })
        }
      }
      await session.transact((doc) => {
        const latest = readSessionState(doc.getMap(RECORDS_ROOT))
        if (latest) {
          writeSessionState(
            doc,
            { ...latest, evaluations: summarizeEvaluations(entries) },
            SERVER_ORIGIN,
          )
        }
      })
    } finally {
      await session.disconnect()
    }
  }
}
