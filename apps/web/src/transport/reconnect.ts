/**
 * How a provider comes back after its connection drops. Shared by the web app
 * (connectSession.ts) and the bench's load clients (tests/bench), so the bench
 * measures the app's reconnection.
 *
 * A server restart or a failover is the common case, not a long outage: retry soon
 * and never wait more than 2 s. Jitter spreads the attempts of every
 * client of a server over [minDelay, delay], so hundreds of clients do not all come
 * back in the same millisecond (no thundering herd). The Hocuspocus defaults (1 s,
 * x 2, up to 30 s) left clients that failed a few attempts 8-16 s apart.
 */
export const RECONNECT_OPTIONS = {
  /** The first attempt at once: a dropped socket is most often back right away. */
  initialDelay: 0,
  delay: 500,
  factor: 1.5,
  minDelay: 100,
  maxDelay: 2000,
  jitter: true,
  /** Never give up: the person keeps writing offline and is synced when back. */
  maxAttempts: 0,
} as const
