/**
 * The JSON API: groups, members, sessions and invitations. Each route reads in three
 * parts — auth (the bearer token names a member), validation (zod schemas from
 * @codev/domain), resolution (AppData: SQLite or PostgreSQL). A member sees only their own group (others
 * answer 404, so group ids cannot be probed); only the facilitator manages it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  buildReport,
  CreateGroupRequestSchema,
  type CreateGroupResponse,
  CreateInvitationRequestSchema,
  type GroupRole,
  type GroupView,
  type IssuedInvitation,
  JournalEntrySchema,
  type MeResponse,
  parseSessionState,
  privateDocumentName,
  reportToMarkdown,
  ScheduleSessionRequestSchema,
  UpdateSessionRequestSchema,
} from '@codev/domain'
import type { z } from 'zod'
import { AccessDenied, type Identity, type Tokens } from '../auth/tokens.ts'
import type { AppData, MemberRow } from '../storage/Storage.ts'
import { HttpError, readJsonBody, sendJson } from './respond.ts'

export interface ApiContext {
  app: AppData
  tokens: Tokens
  maxBodyBytes: number
  invitationTtlMs: number
  /** Closes live connections of deleted sessions and erases what they stored meanwhile. */
  closeSessions(sessionIds: readonly string[]): Promise<void>
  /** Closes live connections opened with a revoked invitation. */
  closeInvitation(invitationId: string): void
  /** Makes the live connections of a session read-only (closed) or writable again. */
  setSessionClosed(sessionId: string, closed: boolean): void
  /** Every record of a document (a session, a private space), as stored: everything acknowledged is there. */
  documentRecords(name: string): Promise<unknown[]>
  now(): number
}

/** What each group role may do through the API (ask `can`, never compare roles). */
const GROUP_CAPABILITIES = {
  facilitator: ['group/read', 'group/manage'],
  member: ['group/read'],
  observer: ['group/read'],
} as const satisfies Record<GroupRole, readonly string[]>
type GroupCapability = (typeof GROUP_CAPABILITIES)[GroupRole][number]

function can(role: GroupRole, capability: GroupCapability): boolean {
  return (GROUP_CAPABILITIES[role] as readonly string[]).includes(capability)
}

const GROUP_ROUTE = /^\/api\/groups\/([^/]+)(\/.*)?$/
const SESSION_ROUTE = /^\/api\/sessions\/([^/]+)(\/report)?$/

function method(request: IncomingMessage, allowed: string): void {
  if (request.method !== allowed) throw new HttpError(405, 'http/method', `Use ${allowed}`)
}

async function body<S extends z.ZodType>(
  request: IncomingMessage,
  context: ApiContext,
  schema: S,
): Promise<z.infer<S>> {
  const raw = await readJsonBody(request, context.maxBodyBytes)
  const parsed = schema.safeParse(raw ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    throw new HttpError(400, 'body/invalid', `${where}${issue?.message ?? 'invalid body'}`)
  }
  return parsed.data
}

async function authenticate(request: IncomingMessage, context: ApiContext): Promise<Identity> {
  const header = request.headers.authorization ?? ''
  const token = /^Bearer (.+)$/i.exec(header)?.[1]
  try {
    return await context.tokens.verify(token, context.now())
  } catch (error) {
    if (error instanceof AccessDenied) throw new HttpError(401, error.reason, error.message)
    throw error
  }
}

async function groupView(
  context: ApiContext,
  groupId: string,
  viewer: MemberRow,
): Promise<GroupView> {
  const group = await context.app.getGroup(groupId)
  if (!group) throw new HttpError(404, 'group/not-found', 'No such group')
  const manager = can(viewer.groupRole, 'group/manage')
  // Each session's client and subject live in its document's state.
  const sessions = await Promise.all(
    (await context.app.listSessions(groupId))
      .sort((a, b) => a.number - b.number)
      .map(async (session) => {
        const state = (await context.documentRecords(session.id))
          .map(parseSessionState)
          .find((parsed) => parsed !== null)
        return { ...session, clientId: state?.clientId ?? null, subject: state?.subject ?? null }
      }),
  )
  return {
    ...group,
    members: (await context.app.listMemberRows(groupId)).map((member) => ({
      id: member.id,
      name: member.name,
      groupRole: member.groupRole,
      ...(manager && member.email ? { email: member.email } : {}),
    })),
    sessions,
    currentSessionId: (await context.app.currentSession(groupId))?.id ?? null,
    // In cycle order: who has been client, for the rotation.
    clientHistory: sessions.flatMap((session) => (session.clientId ? [session.clientId] : [])),
    ...(manager ? { invitations: await context.app.listInvitations(groupId) } : {}),
  }
}

async function issue(context: ApiContext, member: MemberRow): Promise<IssuedInvitation> {
  const issued = await context.tokens.issue(member, context.now(), context.invitationTtlMs)
  return { ...issued, memberId: member.id }
}

export async function handleApi(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  if (pathname === '/api/groups') {
    method(request, 'POST')
    const input = await body(request, context, CreateGroupRequestSchema)
    const created = await context.app.createGroup({
      name: input.name,
      cycleLength: input.cycleLength,
      members: [{ ...input.facilitator, groupRole: 'facilitator' }, ...input.members],
      now: context.now(),
    })
    const facilitator = created.members[0]!
    const invitations: IssuedInvitation[] = []
    for (const member of created.members) invitations.push(await issue(context, member))
    const result: CreateGroupResponse = {
      group: await groupView(context, created.group.id, facilitator),
      invitations,
    }
    sendJson(response, 201, result)
    return
  }

  if (pathname === '/api/me') {
    method(request, 'GET')
    const { member, invitationId, expiresAt } = await authenticate(request, context)
    const group = (await context.app.getGroup(member.groupId))!
    const me: MeResponse = {
      member: {
        id: member.id,
        groupId: member.groupId,
        name: member.name,
        groupRole: member.groupRole,
      },
      group: { id: group.id, name: group.name },
      invitation: { id: invitationId, expiresAt },
      currentSessionId: (await context.app.currentSession(group.id))?.id ?? null,
    }
    sendJson(response, 200, me)
    return
  }

  const sessionRoute = SESSION_ROUTE.exec(pathname)
  if (sessionRoute) {
    method(request, 'GET')
    const { member } = await authenticate(request, context)
    const session = await context.app.getSession(decodeURIComponent(sessionRoute[1]!))
    if (!session || session.groupId !== member.groupId) {
      throw new HttpError(404, 'session/not-found', 'No session with this id')
    }
    if (sessionRoute[2]) {
      await sendReport(context, request, response, session, member.id)
      return
    }
    sendJson(response, 200, session)
    return
  }

  const groupRoute = GROUP_ROUTE.exec(pathname)
  if (groupRoute) {
    await groupRoutes(
      context,
      request,
      response,
      decodeURIComponent(groupRoute[1]!),
      groupRoute[2] ?? '',
    )
    return
  }
  throw new HttpError(404, 'http/not-found', 'No such API route')
}

async function groupRoutes(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  groupId: string,
  rest: string,
): Promise<void> {
  // Auth: the token's member must belong to this group; others learn nothing of it.
  const { member } = await authenticate(request, context)
  if (member.groupId !== groupId) throw new HttpError(404, 'group/not-found', 'No such group')
  const requireManager = () => {
    if (!can(member.groupRole, 'group/manage')) {
      throw new HttpError(403, 'group/not-facilitator', 'Only the facilitator manages the group')
    }
  }

  if (rest === '' || rest === '/') {
    if (request.method === 'DELETE') {
      requireManager()
      const sessionIds = await context.app.deleteGroup(groupId)
      await context.closeSessions(sessionIds)
      response.writeHead(204).end()
      return
    }
    method(request, 'GET')
    sendJson(response, 200, await groupView(context, groupId, member))
    return
  }

  if (rest === '/journal') {
    method(request, 'GET')
    await sendJournal(
      context,
      request,
      response,
      groupId,
      member,
      can(member.groupRole, 'group/manage'),
    )
    return
  }

  if (rest === '/sessions') {
    method(request, 'POST')
    requireManager()
    const input = await body(request, context, ScheduleSessionRequestSchema)
    sendJson(
      response,
      201,
      await context.app.scheduleSession(groupId, input.scheduledAt, context.now()),
    )
    return
  }

  const session = /^\/sessions\/([^/]+)$/.exec(rest)
  if (session) {
    method(request, 'PATCH')
    requireManager()
    const found = await context.app.getSession(decodeURIComponent(session[1]!))
    if (!found || found.groupId !== groupId) {
      throw new HttpError(404, 'session/not-found', 'No session with this id')
    }
    const input = await body(request, context, UpdateSessionRequestSchema)
    await context.app.setSessionStatus(found.id, input.status)
    context.setSessionClosed(found.id, input.status === 'closed')
    sendJson(response, 200, { ...found, status: input.status })
    return
  }

  if (rest === '/invitations') {
    method(request, 'POST')
    requireManager()
    const input = await body(request, context, CreateInvitationRequestSchema)
    const target = await context.app.getMember(input.memberId)
    if (!target || target.groupId !== groupId) {
      throw new HttpError(404, 'member/not-found', 'No such member in this group')
    }
    sendJson(response, 201, await issue(context, target))
    return
  }

  const invitation = /^\/invitations\/([^/]+)(\/renew)?$/.exec(rest)
  if (invitation) {
    requireManager()
    const found = await context.app.getInvitation(decodeURIComponent(invitation[1]!))
    const target = found ? await context.app.getMember(found.memberId) : null
    if (!found || !target || target.groupId !== groupId) {
      throw new HttpError(404, 'invitation/not-found', 'No such invitation in this group')
    }
    if (invitation[2]) {
      // Renewing replaces the link: the old one stops working, a new one is issued.
      method(request, 'POST')
      await context.app.revokeInvitation(found.id, context.now())
      context.closeInvitation(found.id)
      sendJson(response, 201, await issue(context, target))
      return
    }
    method(request, 'DELETE')
    await context.app.revokeInvitation(found.id, context.now())
    context.closeInvitation(found.id)
    sendJson(response, 200, await context.app.getInvitation(found.id))
    return
  }
  throw new HttpError(404, 'http/not-found', 'No such API route')
}

/**
 * The session report, confidential to the group: Markdown to download
 * (`?lang=fr|en`), or the structured report as JSON (`?format=json`) for the
 * print page.
 */
async function sendReport(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  session: { id: string; number: number },
  memberId: string,
) {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'fr'
  const records = await context.documentRecords(session.id)
  const state = records.map(parseSessionState).find((parsed) => parsed !== null)
  if (!state) throw new HttpError(404, 'report/not-available', 'This session has not started yet')
  // The client decides whether the report goes to the whole group or to them alone.
  if (state.reportAudience === 'client' && state.clientId !== memberId) {
    throw new HttpError(403, 'report/client-only', 'The client keeps this report to themselves')
  }
  const report = buildReport(records, state)
  if (url.searchParams.get('format') === 'json') {
    sendJson(response, 200, report)
    return
  }
  response.writeHead(200, {
    'content-type': 'text/markdown; charset=utf-8',
    'content-disposition': `attachment; filename="codev-session-${session.number}.md"`,
    'cache-control': 'no-store',
  })
  response.end(reportToMarkdown(report, lang))
}

/**
 * The learning journal across the cycle: the caller's own entries from every
 * session of the group; with `?shared=1`, the facilitator gets every member's
 * shared entries, with their names.
 */
async function sendJournal(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  groupId: string,
  member: MemberRow,
  isFacilitator: boolean,
) {
  const shared = new URL(request.url ?? '/', 'http://localhost').searchParams.get('shared') === '1'
  if (shared && !isFacilitator) {
    throw new HttpError(
      403,
      'group/not-facilitator',
      'Only the facilitator reads the shared entries',
    )
  }
  const sessions = await context.app.listSessions(groupId)
  const members = shared ? await context.app.listMembers(groupId) : [member]
  const entries = []
  for (const session of sessions) {
    for (const author of members) {
      const records = await context.documentRecords(
        privateDocumentName(session.id, 'journal', author.id),
      )
      for (const record of records) {
        const parsed = JournalEntrySchema.safeParse(record)
        if (!parsed.success || (shared && !parsed.data.shared)) continue
        entries.push({
          ...parsed.data,
          sessionId: session.id,
          sessionNumber: session.number,
          authorName: author.name,
        })
      }
    }
  }
  entries.sort((a, b) => a.sessionNumber - b.sessionNumber || a.at - b.at)
  sendJson(response, 200, { entries })
}
