/**
 * TimelyBroadcast: no change waits more than a few milliseconds of a long event-loop
 * turn to be broadcast. Hocuspocus merges each document's changes of one turn and
 * broadcasts them after the turn's reads (`setImmediate`), which is cheapest when
 * turns are short. When a burst of messages arrives at once (hundreds, from clients
 * that were held up), that turn reads and applies them all before the first goes
 * out. Once a turn has been applying changes for `budgetMs`, the documents changed
 * so far broadcast what they hold, and merging starts again
 * (docs/decisions/0014-timely-broadcast.md).
 */
import { performance } from 'node:perf_hooks'
import type {
  Document,
  Extension,
  onAwarenessUpdatePayload,
  onChangePayload,
} from '@hocuspocus/server'

export const BROADCAST_BUDGET_MS = 4

export class TimelyBroadcast implements Extension {
  private readonly budgetMs: number
  /** When this turn's oldest change not yet broadcast was applied; null when none waits. */
  private oldestChangeAt: number | null = null
  private readonly changed = new Set<Document>()

  constructor(budgetMs = BROADCAST_BUDGET_MS) {
    this.budgetMs = budgetMs
  }

  async onChange({ document }: onChangePayload): Promise<void> {
    this.add(document)
  }

  async onAwarenessUpdate({ document }: onAwarenessUpdatePayload): Promise<void> {
    this.add(document)
  }

  private add(document: Document) {
    const now = performance.now()
    this.changed.add(document)
    if (this.oldestChangeAt === null) {
      this.oldestChangeAt = now
      // Hocuspocus' own broadcasts run in this turn's check phase, after this.
      setImmediate(() => {
        this.oldestChangeAt = null
        this.changed.clear()
      })
    } else if (now - this.oldestChangeAt >= this.budgetMs) {
      for (const waiting of this.changed) waiting.flush()
      this.changed.clear()
      this.oldestChangeAt = null
    }
  }
}
