/** Messages between the bench orchestrator and its load processes (IPC, JSON). */

export type Target = 'hocuspocus' | 'ywebsocket'

export interface RoomSpec {
  name: string
  /** Join tokens, facilitator first (any string for the baselines). */
  tokens: string[]
}

export type ToLoad =
  | { type: 'connect'; target: Target; wsUrl: string; rooms: RoomSpec[]; stagger?: boolean }
  | { type: 'probe'; samples: number; intervalMs: number }
  | {
      type: 'workload'
      durationMs: number
      warmupMs: number
      updatesPerClientPerS: number
      stepEveryMs: number
    }
  | { type: 'session2h'; notes: number; writes: number }
  | { type: 'drain'; timeoutMs: number }
  | { type: 'mark' }
  | { type: 'awaitSynced'; timeoutMs: number }
  | { type: 'echo'; wsUrl: string; samples: number }
  | { type: 'close' }

export type FromLoad =
  | { type: 'connected'; ms: number; openMs: number[] }
  | { type: 'probed'; propagationMs: number[]; firstPropagationMs: number[]; ackMs: number[] }
  | {
      type: 'worked'
      /** Each delivery's latency, document writes. */
      latencyMs: number[]
      /** Each delivery's latency, live drag steps (awareness). */
      dragLatencyMs: number[]
      /** Document writes. */
      writes: number
      /** Live drag steps, each one awareness update. */
      dragSteps: number
      windowS: number
      wireBytes: number[]
      loopDelayP99Ms: number
      cpuS: number
      /** Connections closed during the workload (warm-up included), by close reason. */
      closes: Record<string, number>
    }
  | { type: 'sessionDone'; writes: number; wireBytes: number[]; jsonBytes: number }
  | { type: 'drained'; caughtUp: boolean }
  | { type: 'marked' }
  | { type: 'synced'; seconds: number[]; missing: number }
  | { type: 'echoed'; rttMs: number[] }
  | { type: 'error'; message: string }
