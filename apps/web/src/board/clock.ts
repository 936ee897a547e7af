/** A ticking clock for React: the current time, refreshed every `intervalMs`. */
import { useEffect, useState } from 'react'

export const CLOCK_TICK_MS = 500

export function useNow(intervalMs = CLOCK_TICK_MS): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
