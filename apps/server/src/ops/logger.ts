/** Structured JSON logs (pino) on stdout; silent when the server is quiet (tests). */
import { type Logger, pino } from 'pino'

export type { Logger }

export function createLogger(quiet: boolean, level: string): Logger {
  return pino({ name: 'codev-board', level: quiet ? 'silent' : level })
}
