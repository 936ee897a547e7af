/**
 * DraftCounts: during silent writing, everyone in the session sees how many drafts
 * each member has written — never what. Counts come from the members' drafts
 * documents as they change, and are sent to each person who joins.
 */
import { type DraftCounts as DraftCountsMessage, parseDocumentName } from '@codev/domain'
import type { connectedPayload, Extension, Hocuspocus, onChangePayload } from '@hocuspocus/server'
import { RECORDS_ROOT } from '../session/sessionDocument.ts'

export class DraftCounts implements Extension {
  /** Drafts per member, by session id. */
  private readonly counts = new Map<string, Record<string, number>>()

  async onChange({ documentName, document, instance }: onChangePayload): Promise<void> {
    const address = parseDocumentName(documentName)
    if (address?.kind !== 'private' || address.space !== 'drafts') return
    const counts = { ...this.counts.get(address.sessionId) }
    counts[address.ownerId] = document.getMap(RECORDS_ROOT).size
    this.counts.set(address.sessionId, counts)
    this.broadcast(instance, address.sessionId)
  }

  async connected({ documentName, connection }: connectedPayload): Promise<void> {
    const counts = this.counts.get(documentName)
    if (counts) connection.sendStateless(message(counts))
  }

  private broadcast(instance: Hocuspocus, sessionId: string) {
    const counts = this.counts.get(sessionId)
    if (counts) instance.documents.get(sessionId)?.broadcastStateless(message(counts))
  }
}

function message(counts: Record<string, number>): string {
  const payload: DraftCountsMessage = { type: 'draft-counts', counts }
  return JSON.stringify(payload)
}
