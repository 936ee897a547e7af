/**
 * Auth: every WebSocket connection proves who it is. The provider's token is an
 * invitation token (auth/tokens.ts); the document it opens must be a session of the
 * member's group, or one of the member's own private spaces beside it. The connection then carries the actor in its context, and
 * observers and closed sessions get read-only connections. Refusals reach the
 * provider as `authenticationFailed` with a stable reason.
 *
 * It does not decide which changes a member may make: that is Authorization.
 */
import { type GroupRole, parseDocumentName } from '@codev/domain'
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server'
import type { Logger } from 'pino'
import { AccessDenied, type Tokens } from '../auth/tokens.ts'
import type { Metrics } from '../ops/metrics.ts'
import type { AppData } from '../storage/Storage.ts'

/** What every authenticated connection carries (`connection.context`). */
export interface AuthContext {
  memberId: string
  groupId: string
  sessionId: string
  name: string
  groupRole: GroupRole
  /** The invitation the token came from: revoking it closes this connection. */
  invitationId: string
}

export class Auth implements Extension {
  priority = 900
  private readonly app: AppData
  private readonly tokens: Tokens
  private readonly metrics: Metrics
  private readonly log: Logger

  constructor(app: AppData, tokens: Tokens, metrics: Metrics, log: Logger) {
    this.app = app
    this.tokens = tokens
    this.metrics = metrics
    this.log = log
  }

  async onAuthenticate(payload: onAuthenticatePayload): Promise<AuthContext> {
    const { documentName, token, connectionConfig } = payload
    try {
      const { member, invitationId } = await this.tokens.verify(token)
      const address = parseDocumentName(documentName)
      const session = address && (await this.app.getSession(address.sessionId))
      if (!address || !session)
        throw new AccessDenied('session/not-found', 'No session with this id')
      // A private space (drafts, notebook) opens for its owner only.
      if (address.kind === 'private' && address.ownerId !== member.id) {
        throw new AccessDenied('session/not-member', 'This private space belongs to someone else')
      }
      if (session.groupId !== member.groupId) {
        throw new AccessDenied('session/not-member', 'This session belongs to another group')
      }
      connectionConfig.readOnly = member.groupRole === 'observer' || session.status === 'closed'
      this.log.info(
        { memberId: member.id, sessionId: session.id, readOnly: connectionConfig.readOnly },
        'connection authenticated',
      )
      return {
        memberId: member.id,
        groupId: member.groupId,
        sessionId: session.id,
        name: member.name,
        groupRole: member.groupRole,
        invitationId,
      }
    } catch (error) {
      const reason = error instanceof AccessDenied ? error.reason : 'token/invalid'
      this.metrics.connectionsRefused.inc({ reason })
      this.log.info({ reason, documentName }, 'connection refused')
      // Hocuspocus sends `reason` to the provider (authenticationFailed).
      throw error instanceof AccessDenied ? error : new AccessDenied(reason, 'Refused')
    }
  }
}
