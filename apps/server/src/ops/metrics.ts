/**
 * Prometheus metrics (prom-client), one registry per server instance so tests can run
 * several servers in one process. Served at `/metrics` by HttpRoutes.
 */
import type { Hocuspocus } from '@hocuspocus/server'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

export class Metrics {
  readonly registry = new Registry()
  readonly updates: Counter
  readonly refusedChanges: Counter<'reason'>
  readonly connectionsRefused: Counter<'reason'>
  readonly connectionsClosedByLimits: Counter<'reason'>
  readonly storageSeconds: Histogram<'operation'>

  constructor(getHocuspocus: () => Hocuspocus) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry, prefix: 'codev_' })
    new Gauge({
      name: 'codev_connections',
      help: 'Open document connections (one per provider and session).',
      registers,
      collect() {
        this.set(getHocuspocus().getConnectionsCount())
      },
    })
    new Gauge({
      name: 'codev_loaded_documents',
      help: 'Session documents loaded in memory.',
      registers,
      collect() {
        this.set(getHocuspocus().getDocumentsCount())
      },
    })
    this.updates = new Counter({
      name: 'codev_updates_total',
      help: 'Document updates applied (rate() gives updates per second).',
      registers,
    })
    this.refusedChanges = new Counter({
      name: 'codev_refused_changes_total',
      help: 'Changes refused by the server, by reason (authorization and limits).',
      labelNames: ['reason'],
      registers,
    })
    this.connectionsRefused = new Counter({
      name: 'codev_connections_refused_total',
      help: 'WebSocket authentications refused, by reason.',
      labelNames: ['reason'],
      registers,
    })
    this.connectionsClosedByLimits = new Counter({
      name: 'codev_connections_closed_by_limits_total',
      help: 'Connections closed for breaking a limit, by reason.',
      labelNames: ['reason'],
      registers,
    })
    this.storageSeconds = new Histogram({
      name: 'codev_storage_seconds',
      help: 'Duration of storage writes, by operation.',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    })
  }

  /** For Authorization (and others): count `count` refused changes with a stable reason code. */
  countRefusedChange(reason: string, count = 1): void {
    this.refusedChanges.inc({ reason }, count)
  }

  text(): Promise<string> {
    return this.registry.metrics()
  }
}
