/**
 * SessionCommands: the only writer of the session state. Seeds a new session
 * document from the group's members, and runs the commands clients send over the
 * stateless channel through the domain's pure `transition`, writing the result in a
 * server transaction. Clients learn the outcome from a `command-result` message.
 */
import {
  type CommandResult,
  CommandSchema,
  carryOverPlan,
  draftsToReveal,
  initialSessionState,
  type MemberId,
  parseClientMessage,
  privateDocumentName,
  roleOf,
  type SessionState,
  transition,
} from '@codev/domain'
import type {
  DirectConnection,
  Extension,
  onLoadDocumentPayload,
  onStatelessPayload,
} from '@hocuspocus/server'
import * as Y from 'yjs'
import { RECORDS_ROOT, seedSessionDocument, writeSessionState } from '../session/sessionDocument.ts'
import type { AuthContext } from './Auth.ts'
import { actorFor, readSessionState } from './Authorization.ts'

/** Who the session's members are, and the group's other sessions, from the application data. */
export interface SessionDirectory {
  getSession(sessionId: string): Promise<{ id: string; groupId: string; number: number } | null>
  listMembers(groupId: string): Promise<{ id: string; name: string; groupRole: string }[]>
  listSessions(groupId: string): Promise<{ id: string; number: number }[]>
}

export interface SessionCommandsOptions {
  directory: SessionDirectory
  /** The records of a stored session document (the previous session's, to carry its action plan over). */
  storedRecords(sessionId: string): Promise<unknown[]>
  /**
   * The sessions whose action plans this session's retour follows up (every
   * consultation of the previous meeting: meetings.ts); default, the previous one.
   */
  followedUpSessions?(session: { id: string; groupId: string }): Promise<string[]>
  /** Records the closing outside the document (the session's status, read-only connections). */
  onSessionClosed?(sessionId: string): void
  /** Opens a document from the server side (the members' drafts, at a reveal). */
  openDocument(name: string): Promise<DirectConnection>
  now?(): number
}

const SERVER_ORIGIN = { source: 'local' as const, context: { server: 'session-commands' } }

export class SessionCommands implements Extension {
  // After Persistence (1000) has loaded what is stored.
  priority = 800
  private readonly options: SessionCommandsOptions

  constructor(options: SessionCommandsOptions) {
    this.options = options
  }

  private now(): number {
    return this.options.now?.() ?? Date.now()
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    if (readSessionState(document.getMap(RECORDS_ROOT))) return
    const { directory } = this.options
    const session = await directory.getSession(documentName)
    if (!session) return
    const members = await directory.listMembers(session.groupId)
    const facilitator = members.find((member) => member.groupRole === 'facilitator')
    if (!facilitator) return
    const state = initialSessionState({
      sessionId: documentName,
      facilitatorId: facilitator.id as MemberId,
      members: members.map(({ id, name }) => ({ id: id as MemberId, name })),
      firstSessionOfGroup: session.number <= 1,
      now: this.now(),
    })
    // The group's observers watch every session; the others start as consultants.
    for (const member of members) {
      if (member.groupRole === 'observer') state.roles[member.id] = 'observer'
    }
    seedSessionDocument(document, state, await this.carriedActions(session), SERVER_ORIGIN)
  }

  /**
   * Moves every member's drafts into the session at once, each judged as its author
   * creating it now; the drafts documents are emptied.
   */
  private async revealDrafts(session: Y.Doc, state: SessionState): Promise<void> {
    const records = session.getMap<unknown>(RECORDS_ROOT)
    for (const member of state.members) {
      const drafts = await this.options.openDocument(
        privateDocumentName(state.sessionId, 'drafts', member.id),
      )
      await drafts.transact((doc) => {
        const draftRecords = doc.getMap<unknown>(RECORDS_ROOT)
        const author = { memberId: member.id, role: roleOf(state, member.id) }
        const revealed = draftsToReveal(draftRecords.values(), author, state)
        Y.transact(
          session,
          () => {
            for (const shape of revealed) if (!records.has(shape.id)) records.set(shape.id, shape)
          },
          SERVER_ORIGIN,
        )
        for (const key of [...draftRecords.keys()]) draftRecords.delete(key)
      })
      await drafts.disconnect()
    }
  }

  /** The previous session's action plan and regulation, for this session's retour. */
  private async carriedActions(session: { id: string; groupId: string; number: number }) {
    if (this.options.followedUpSessions) {
      const records = []
      for (const id of await this.options.followedUpSessions(session)) {
        records.push(...(await this.options.storedRecords(id)))
      }
      return carryOverPlan(records)
    }
    const sessions = await this.options.directory.listSessions(session.groupId)
    const previous = sessions.find((candidate) => candidate.number === session.number - 1)
    return previous ? carryOverPlan(await this.options.storedRecords(previous.id)) : []
  }

  async onStateless({ connection, document, payload }: onStatelessPayload): Promise<void> {
    const message = parseClientMessage(payload)
    if (!message) return
    const reply = (result: Omit<CommandResult, 'type' | 'requestId'>) =>
      connection.sendStateless(
        JSON.stringify({ type: 'command-result', requestId: message.requestId, ...result }),
      )

    const command = CommandSchema.safeParse(message.command)
    const state = readSessionState(document.getMap(RECORDS_ROOT))
    const actor = state ? actorFor(connection.context as AuthContext, state) : null
    if (!command.success) return reply({ ok: false, error: 'command/invalid' })
    if (!state || !actor) return reply({ ok: false, error: 'role/unknown-member' })
    if (connection.readOnly) return reply({ ok: false, error: 'role/observer' })

    let outcome = transition(state, command.data, actor, this.now())
    if (!outcome.ok) return reply({ ok: false, error: outcome.error })
    // Drafts are published under the rules of the step they were written in. The
    // reveal awaits storage: the command then runs again on the state as it is now.
    if (outcome.events.some((event) => event.type === 'drafts-revealed')) {
      await this.revealDrafts(document, state)
      const now = readSessionState(document.getMap(RECORDS_ROOT))
      if (!now) return reply({ ok: false, error: 'role/unknown-member' })
      outcome = transition(now, command.data, actor, this.now())
      if (!outcome.ok) return reply({ ok: false, error: outcome.error })
    }
    writeSessionState(document, outcome.state, SERVER_ORIGIN)
    if (outcome.events.some((event) => event.type === 'session-closed')) {
      this.options.onSessionClosed?.(document.name)
    }
    return reply({ ok: true })
  }
}
