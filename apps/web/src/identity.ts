/**
 * This browser's invitations: the personal join-link tokens it has opened, one per
 * group, kept in localStorage. The member's name and id come from the server
 * (`GET /api/me`), never from a prompt.
 */
import type { MeResponse, SessionView } from '@codev/domain'
import type { BoardUser } from './board/bindStoreToRecords.ts'

const TOKENS_KEY = 'codev.tokens'
const CURSOR_COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#ff7f0e',
  '#17becf',
]

function colorFor(id: string): string {
  let hash = 0
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return CURSOR_COLORS[hash % CURSOR_COLORS.length]!
}

export function boardUser(me: MeResponse): BoardUser {
  return { id: me.member.id, name: me.member.name, color: colorFor(me.member.id) }
}

/** Tokens by group id. */
export function storedTokens(): Record<string, string> {
  try {
    const parsed = JSON.parse(localStorage.getItem(TOKENS_KEY) ?? '{}') as unknown
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}

export function rememberToken(groupId: string, token: string): void {
  localStorage.setItem(TOKENS_KEY, JSON.stringify({ ...storedTokens(), [groupId]: token }))
}

/** The reason code of an API error, or `http/<status>`. */
async function failure(response: Response): Promise<string> {
  try {
    return ((await response.json()) as { error?: string }).error ?? `http/${response.status}`
  } catch {
    return `http/${response.status}`
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string }

export async function fetchMe(token: string): Promise<Result<MeResponse>> {
  const response = await fetch('/api/me', { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok) return { ok: false, reason: await failure(response) }
  return { ok: true, value: (await response.json()) as MeResponse }
}

export interface SessionAccess {
  token: string
  me: MeResponse
  session: SessionView
}

/**
 * Finds, among this browser's tokens, the one whose group holds the session. The
 * reason of the last refusal is kept, so an expired or revoked link says so.
 */
export async function accessSession(sessionId: string): Promise<Result<SessionAccess>> {
  let reason = 'session/not-member'
  for (const token of Object.values(storedTokens())) {
    const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    if (!response.ok) {
      const code = await failure(response)
      if (code.startsWith('token/')) reason = code
      continue
    }
    const session = (await response.json()) as SessionView
    const me = await fetchMe(token)
    if (me.ok) return { ok: true, value: { token, me: me.value, session } }
    reason = me.reason
  }
  return { ok: false, reason }
}
