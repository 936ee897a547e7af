/** Observability: counts applied document updates for the metrics (updates per second). */
import type { Extension } from '@hocuspocus/server'
import type { Metrics } from '../ops/metrics.ts'

export class Observability implements Extension {
  priority = 50
  private readonly metrics: Metrics

  constructor(metrics: Metrics) {
    this.metrics = metrics
  }

  async onChange(): Promise<void> {
    this.metrics.updates.inc()
  }
}
