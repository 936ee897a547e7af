/**
 * The JSON API: groups, members, sessions and invitations, a meeting's second
 * consultation, the cycle summary, the journal, retention and the group's log of
 * purges and exports (docs/PROTOCOL.md). Each route reads in three
 * parts — auth (the bearer token names a member), validation (zod schemas from
 * @codev/domain), resolution (AppData: SQLite or PostgreSQL). A member sees only their own group (others
 * answer 404, so group ids cannot be probed); only the facilitator manages it.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  buildCycleSummary,
  buildReport,
  type CodevShape,
  CodevShapeSchema,
  type ConsultationLink,
  CreateGroupRequestSchema,
  type CreateGroupResponse,
  CreateInvitationRequestSchema,
  canStartSecondConsultation,
  escapeMarkdown,
  type GroupRole,
  type GroupView,
  type IssuedInvitation,
  type JournalEntry,
  JournalEntrySchema,
  type JournalResponse,
  MEETING_REFUSAL_TEXT,
  type MeResponse,
  NewJournalEntryRequestSchema,
  parseSessionState,
  privateDocumentName,
  purgedNotice,
  RetentionSettingsSchema,
  reportToMarkdown,
  ScheduleSessionRequestSchema,
  type SessionState,
  ShareJournalEntryRequestSchema,
  StartSecondConsultationRequestSchema,
  secondConsultationState,
  shapeText,
  UpdateSessionRequestSchema,
} from '@codev/domain'
import type { z } from 'zod'
import { AccessDenied, type Identity, type Tokens } from '../auth/tokens.ts'
import type { CycleData, SessionPlace } from '../storage/CycleStore.ts'
import type { AppData, MemberRow, SessionRow } from '../storage/Storage.ts'
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
  /** Meetings, retention settings, purges and the group's log. */
  cycle: CycleData
  /**
   * Rewrites a session's state through the live server (so connected boards see it
   * at once), loading the document if needed; `update` returns the new state.
   */
  updateSessionState(
    sessionId: string,
    update: (state: SessionState) => SessionState,
  ): Promise<SessionState | null>
  /** Changes records of a document (a member's journal) through the live server. */
  changeRecords(name: string, change: (records: RecordMap) => void): Promise<void>
  /** Purges the group's sessions past its retention now; resolves with how many. */
  purgeGroup(groupId: string, actorId: string | null): Promise<number>
  now(): number
}

/** The part of a Y.Map the API uses to change a document's records. */
export interface RecordMap {
  get(key: string): unknown
  set(key: string, value: unknown): unknown
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
const SESSION_ROUTE = /^\/api\/sessions\/([^/]+)(\/report|\/second-consultation)?$/

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
  const places = await context.cycle.listPlaces(groupId)
  // Each session's client and subject live in its document's state.
  const sessions = await Promise.all(
    (await context.app.listSessions(groupId))
      .sort((a, b) => a.number - b.number)
      .map(async (session) => {
        const state = (await context.documentRecords(session.id))
          .map(parseSessionState)
          .find((parsed) => parsed !== null)
        const place = places.find((p) => p.sessionId === session.id)
        return {
          ...session,
          clientId: state?.clientId ?? null,
          subject: state?.subject ?? null,
          meetingId: place?.meetingId ?? session.id,
          consultation: place?.consultation ?? 1,
          purgedAt: place?.purgedAt ?? null,
        }
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
    method(request, sessionRoute[2] === '/second-consultation' ? 'POST' : 'GET')
    const { member } = await authenticate(request, context)
    const session = await context.app.getSession(decodeURIComponent(sessionRoute[1]!))
    if (!session || session.groupId !== member.groupId) {
      throw new HttpError(404, 'session/not-found', 'No session with this id')
    }
    if (sessionRoute[2] === '/second-consultation') {
      await startSecondConsultation(context, request, response, session, member)
      return
    }
    if (sessionRoute[2]) {
      await sendReport(context, request, response, session, member.id)
      return
    }
    const place = await placeOf(context, session)
    sendJson(response, 200, {
      ...session,
      meetingId: place.meetingId,
      consultation: place.consultation,
      purgedAt: place.purgedAt,
    })
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
    if (request.method === 'POST') {
      await addJournalEntry(context, request, response, groupId, member)
      return
    }
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

  const journalEntry = /^\/journal\/([^/]+)\/([^/]+)$/.exec(rest)
  if (journalEntry) {
    method(request, 'PATCH')
    await shareJournalEntry(
      context,
      request,
      response,
      groupId,
      member,
      decodeURIComponent(journalEntry[1]!),
      decodeURIComponent(journalEntry[2]!),
    )
    return
  }

  if (rest === '/summary') {
    method(request, 'GET')
    requireManager()
    const group = (await context.app.getGroup(groupId))!
    const places = await context.cycle.listPlaces(groupId)
    const sessions = await Promise.all(
      (await context.app.listSessions(groupId)).map(async (session) => {
        const place = places.find((p) => p.sessionId === session.id)
        return {
          ...session,
          consultation: place?.consultation ?? 1,
          purgedAt: place?.purgedAt ?? null,
          records: await context.documentRecords(session.id),
        }
      }),
    )
    sendJson(
      response,
      200,
      buildCycleSummary(group, await context.app.listMembers(groupId), sessions),
    )
    return
  }

  if (rest === '/retention') {
    requireManager()
    if (request.method === 'PUT') {
      const settings = await body(request, context, RetentionSettingsSchema)
      await context.cycle.setRetention(groupId, settings)
      await context.cycle.appendLog({
        groupId,
        at: context.now(),
        kind: 'retention/set',
        actorId: member.id,
        sessionId: null,
        detail: `${settings.retentionDays ?? '∞'} / ${settings.keepActionPlan ? 'plan' : '-'}`,
      })
      // A shorter period applies at once, not at the next periodic run.
      await context.purgeGroup(groupId, member.id)
      sendJson(response, 200, settings)
      return
    }
    method(request, 'GET')
    sendJson(response, 200, await context.cycle.getRetention(groupId))
    return
  }

  if (rest === '/purge') {
    method(request, 'POST')
    requireManager()
    sendJson(response, 200, { purged: await context.purgeGroup(groupId, member.id) })
    return
  }

  if (rest === '/log') {
    method(request, 'GET')
    requireManager()
    sendJson(response, 200, { entries: await context.cycle.listLog(groupId) })
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

/** A session's place in its meeting (a session with no row of its own is a meeting alone). */
async function placeOf(context: ApiContext, session: SessionRow): Promise<SessionPlace> {
  const places = await context.cycle.listPlaces(session.groupId)
  return (
    places.find((place) => place.sessionId === session.id) ?? {
      sessionId: session.id,
      number: session.number,
      meetingId: session.id,
      consultation: 1,
      purgedAt: null,
    }
  )
}

const linkOf = (place: SessionPlace): ConsultationLink => ({
  sessionId: place.sessionId,
  number: place.number,
  meetingId: place.meetingId,
  consultation: place.consultation,
})

/**
 * The facilitator starts the meeting's second consultation: a new session of the
 * cycle, at the exposé with its client and subject (meetings.ts). Both boards link
 * to each other through their states' `meeting` field.
 */
async function startSecondConsultation(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  first: SessionRow,
  member: MemberRow,
) {
  if (!can(member.groupRole, 'group/manage')) {
    throw new HttpError(403, 'group/not-facilitator', 'Only the facilitator manages the group')
  }
  const input = await body(request, context, StartSecondConsultationRequestSchema)
  const firstState = (await context.documentRecords(first.id))
    .map(parseSessionState)
    .find((parsed) => parsed !== null)
  if (!firstState) {
    throw new HttpError(
      409,
      'meeting/no-first-client',
      MEETING_REFUSAL_TEXT['meeting/no-first-client'].en,
    )
  }
  const place = await placeOf(context, first)
  const meeting = (await context.cycle.listPlaces(first.groupId)).filter(
    (p) => p.meetingId === place.meetingId,
  )
  const verdict = canStartSecondConsultation(
    firstState,
    linkOf(place),
    meeting.map(linkOf),
    input.clientId,
  )
  if (!verdict.ok) throw new HttpError(409, verdict.error, MEETING_REFUSAL_TEXT[verdict.error].en)
  const second = await context.cycle.addSecondConsultation(first, context.now())
  await context.updateSessionState(second.id, () =>
    secondConsultationState(firstState, {
      sessionId: second.id,
      clientId: input.clientId as SessionState['clientId'] & string,
      subject: input.subject,
    }),
  )
  await context.updateSessionState(first.id, (state) => ({
    ...state,
    meeting: { consultation: 1, other: second.id },
  }))
  await context.cycle.appendLog({
    groupId: first.groupId,
    at: context.now(),
    kind: 'meeting/second-consultation',
    actorId: member.id,
    sessionId: second.id,
    detail: `#${second.number}`,
  })
  sendJson(response, 201, { ...second, meetingId: first.id, consultation: 2, purgedAt: null })
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
  session: SessionRow,
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
  const json = url.searchParams.get('format') === 'json'
  const { purgedAt } = await placeOf(context, session)
  // Every export is in the group's log, which the facilitator reads.
  await context.cycle.appendLog({
    groupId: session.groupId,
    at: context.now(),
    kind: 'export/report',
    actorId: memberId,
    sessionId: session.id,
    detail: json ? 'pdf' : `md ${lang}`,
  })
  if (json) {
    sendJson(response, 200, { ...report, purgedAt })
    return
  }
  response.writeHead(200, {
    'content-type': 'text/markdown; charset=utf-8',
    'content-disposition': `attachment; filename="codev-session-${session.number}.md"`,
    'cache-control': 'no-store',
  })
  const markdown = reportToMarkdown(report, lang)
  response.end(
    purgedAt === null ? markdown : `> ${purgedNotice(dayOf(purgedAt), lang)}\n\n${markdown}`,
  )
}

/**
 * The learning journal across the cycle: the caller's own entries from every
 * session of the group, with their learning notes from the boards; with
 * `?shared=1`, the facilitator gets every member's shared entries, with their
 * names; with `?format=markdown`, the caller's journal as a file to keep (an
 * export, logged).
 */
async function sendJournal(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  groupId: string,
  member: MemberRow,
  isFacilitator: boolean,
) {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const shared = url.searchParams.get('shared') === '1'
  if (shared && !isFacilitator) {
    throw new HttpError(
      403,
      'group/not-facilitator',
      'Only the facilitator reads the shared entries',
    )
  }
  const sessions = await context.app.listSessions(groupId)
  const members = shared ? await context.app.listMembers(groupId) : [member]
  const entries: JournalResponse['entries'] = []
  const learnings: NonNullable<JournalResponse['learnings']> = []
  for (const session of sessions) {
    for (const author of members) {
      const records = await context.documentRecords(
        privateDocumentName(session.id, 'journal', author.id),
      )
      for (const record of records) {
        const parsed = JournalEntrySchema.safeParse(record)
        if (!parsed.success || (shared && !parsed.data.shared)) continue
        entries.push({
          id: parsed.data.id,
          text: parsed.data.text,
          shared: parsed.data.shared,
          at: parsed.data.at,
          sessionId: session.id,
          sessionNumber: session.number,
          authorName: author.name,
        })
      }
    }
    if (shared) continue
    for (const note of myLearnings(await context.documentRecords(session.id), member.id)) {
      learnings.push({
        id: note.id,
        sessionId: session.id,
        sessionNumber: session.number,
        text: shapeText(note),
      })
    }
  }
  entries.sort((a, b) => a.sessionNumber - b.sessionNumber || a.at - b.at)
  learnings.sort((a, b) => a.sessionNumber - b.sessionNumber)
  if (!shared && url.searchParams.get('format') === 'markdown') {
    await context.cycle.appendLog({
      groupId,
      at: context.now(),
      kind: 'export/journal',
      actorId: member.id,
      sessionId: null,
      detail: String(entries.length),
    })
    response.writeHead(200, {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': 'attachment; filename="codev-journal.md"',
      'cache-control': 'no-store',
    })
    response.end(journalToMarkdown(member.name, entries, learnings))
    return
  }
  const result: JournalResponse = shared ? { entries } : { entries, learnings }
  sendJson(response, 200, result)
}

/** The member's own learning notes on a board (written by them, or for them by a scribe). */
function myLearnings(records: readonly unknown[], memberId: string): CodevShape[] {
  return records.flatMap((record) => {
    const parsed = CodevShapeSchema.safeParse(record)
    if (!parsed.success || parsed.data.meta.kind !== 'learning') return []
    const who = parsed.data.meta.onBehalfOf ?? parsed.data.meta.author
    return who === memberId ? [parsed.data] : []
  })
}

function journalToMarkdown(
  name: string,
  entries: JournalResponse['entries'],
  learnings: NonNullable<JournalResponse['learnings']>,
): string {
  const line = (text: string) => `- ${escapeMarkdown(text)}`
  return [
    `# Journal — ${escapeMarkdown(name)}`,
    '',
    '## Entrées / Entries',
    ...entries.map((e) => line(`(${e.sessionNumber}) ${e.text}${e.shared ? ' [partagé]' : ''}`)),
    '',
    '## Apprentissages / Learnings',
    ...learnings.map((l) => line(`(${l.sessionNumber}) ${l.text}`)),
    '',
  ].join('\n')
}

/** Adds an entry to the caller's own journal in the session people join now (else the last). */
async function addJournalEntry(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  groupId: string,
  member: MemberRow,
) {
  const input = await body(request, context, NewJournalEntryRequestSchema)
  const session =
    (await context.app.currentSession(groupId)) ?? (await context.app.listSessions(groupId)).at(-1)
  if (!session) throw new HttpError(409, 'journal/no-session', 'The group has no session yet')
  const entry: JournalEntry = {
    id: `codev_journal:${randomUUID()}`,
    typeName: 'codev_journal',
    author: member.id as JournalEntry['author'],
    text: input.text,
    shared: input.shared,
    at: context.now(),
  }
  await context.changeRecords(privateDocumentName(session.id, 'journal', member.id), (records) => {
    records.set(entry.id, entry)
  })
  sendJson(response, 201, { ...entry, sessionId: session.id, sessionNumber: session.number })
}

/** Shares or unshares one of the caller's own entries: only their own journal is ever touched. */
async function shareJournalEntry(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  groupId: string,
  member: MemberRow,
  sessionId: string,
  entryId: string,
) {
  const input = await body(request, context, ShareJournalEntryRequestSchema)
  const session = await context.app.getSession(sessionId)
  if (!session || session.groupId !== groupId) {
    throw new HttpError(404, 'session/not-found', 'No session with this id')
  }
  let found = false
  await context.changeRecords(privateDocumentName(session.id, 'journal', member.id), (records) => {
    const parsed = JournalEntrySchema.safeParse(records.get(entryId))
    if (!parsed.success || parsed.data.author !== member.id) return
    found = true
    records.set(entryId, { ...parsed.data, shared: input.shared })
  })
  if (!found) throw new HttpError(404, 'journal/not-found', 'No such entry in your journal')
  response.writeHead(204).end()
}

/** The UTC day of a time, as YYYY-MM-DD. */
function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10)
}
