/** Creates a group through the HTTP API of a running server, for tests that need tokens. */
import type { CreateGroupResponse } from '@codev/domain'

export interface CreatedGroup {
  sessionId: string
  /** Join tokens by member name; the facilitator is 'Fanny'. */
  tokens: Record<string, string>
  /** Member ids by name. */
  memberIds: Record<string, string>
}

export async function createGroup(
  url: string,
  members: string[] = ['Alice', 'Bob'],
): Promise<CreatedGroup> {
  const response = await fetch(`${url}/api/groups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Groupe test',
      cycleLength: 6,
      facilitator: { name: 'Fanny' },
      members: members.map((name) => ({ name })),
    }),
  })
  if (response.status !== 201) throw new Error(`create group: HTTP ${response.status}`)
  const created = (await response.json()) as CreateGroupResponse
  const tokens: Record<string, string> = {}
  for (const issued of created.invitations) {
    const member = created.group.members.find((m) => m.id === issued.memberId)!
    tokens[member.name] = issued.token
  }
  const memberIds = Object.fromEntries(created.group.members.map((m) => [m.name, m.id]))
  return { sessionId: created.group.currentSessionId!, tokens, memberIds }
}
