/** Spawns load processes (load/loadProcess.ts) and talks to them over IPC. */
import { type ChildProcess, fork } from 'node:child_process'
import path from 'node:path'
import type { FromLoad, ToLoad } from '../load/protocol.ts'
import { nodeArgsFrom } from './processes.ts'

const REPLY_TIMEOUT_MS = 600_000

export interface LoadProcess {
  readonly pid: number
  ask<T extends FromLoad['type']>(
    message: ToLoad,
    reply: T,
  ): Promise<Extract<FromLoad, { type: T }>>
  close(): Promise<void>
}

export function spawnLoad(): LoadProcess {
  // CODEV_BENCH_LOAD_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the load processes.
  const nodeArgs = nodeArgsFrom('CODEV_BENCH_LOAD_NODE_ARGS')
  const child: ChildProcess = fork(path.join(import.meta.dirname, '../load/loadProcess.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...nodeArgs],
  })
  return {
    pid: child.pid ?? 0,
    ask(message, reply) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage)
          reject(new Error(`load process: no ${reply} within ${REPLY_TIMEOUT_MS} ms`))
        }, REPLY_TIMEOUT_MS)
        const onMessage = (answer: FromLoad) => {
          if (answer.type === 'error') {
            clearTimeout(timer)
            child.off('message', onMessage)
            reject(new Error(`load process: ${answer.message}`))
          } else if (answer.type === reply) {
            clearTimeout(timer)
            child.off('message', onMessage)
            resolve(answer as never)
          }
        }
        child.on('message', onMessage)
        child.send(message)
      })
    },
    async close() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.send({ type: 'close' } satisfies ToLoad)
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Several load processes that together hold a list of rooms, split evenly. */
export class LoadFleet {
  readonly processes: LoadProcess[]
  constructor(count: number) {
    this.processes = Array.from({ length: count }, () => spawnLoad())
  }

  all<T extends FromLoad['type']>(message: (index: number) => ToLoad, reply: T) {
    return Promise.all(this.processes.map((p, i) => p.ask(message(i), reply)))
  }

  split<R>(items: readonly R[], index: number): R[] {
    return items.filter((_, i) => i % this.processes.length === index)
  }

  close() {
    return Promise.all(this.processes.map((p) => p.close()))
  }
}
