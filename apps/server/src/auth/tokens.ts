/**
 * Invitation tokens: HS256 JWTs (jose) that name a member, their group and the
 * invitation row they come from. The signature proves the server issued it; the
 * invitation row, read on every use, makes it revocable and lets the expiry be
 * shortened. A token never grants more than its member's standing in the group.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ConnectionRefusal } from '@codev/domain'
import { errors, jwtVerify, SignJWT } from 'jose'
import type { AppData, MemberRow } from '../storage/Storage.ts'

export const SECRET_FILE_NAME = 'secret.key'
const ISSUER = 'codev-board'
const ALGORITHM = 'HS256'

/** `CODEV_SECRET` when given, else a random secret made once and kept in the data folder (0600). */
export function loadSecret(dataDir: string, configured: string | null): Uint8Array {
  if (configured) {
    if (configured.length < 32) throw new Error('CODEV_SECRET must be at least 32 characters')
    return new TextEncoder().encode(configured)
  }
  const file = path.join(dataDir, SECRET_FILE_NAME)
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    // 'wx': never overwrite a secret another process wrote meanwhile.
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  chmodSync(file, 0o600)
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim())
}

export interface TokenClaims {
  memberId: string
  groupId: string
  invitationId: string
  expiresAt: number
}

/** A refusal with a stable reason; Hocuspocus sends `reason` to the provider. */
export class AccessDenied extends Error {
  readonly reason: ConnectionRefusal
  constructor(reason: ConnectionRefusal, message: string) {
    super(message)
    this.reason = reason
  }
}

export interface Identity {
  member: MemberRow
  invitationId: string
  expiresAt: number
}

export class Tokens {
  private readonly secret: Uint8Array
  private readonly app: AppData

  constructor(secret: Uint8Array, app: AppData) {
    this.secret = secret
    this.app = app
  }

  sign(claims: TokenClaims): Promise<string> {
    return new SignJWT({ gid: claims.groupId })
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(ISSUER)
      .setSubject(claims.memberId)
      .setJti(claims.invitationId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(claims.expiresAt / 1000))
      .sign(this.secret)
  }

  /** Checks signature, expiry and the invitation row; throws AccessDenied with the reason. */
  async verify(token: string | null | undefined, now = Date.now()): Promise<Identity> {
    if (!token) throw new AccessDenied('token/missing', 'No token was given')
    let claims: { sub?: string; jti?: string; gid?: unknown }
    try {
      const verified = await jwtVerify(token, this.secret, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        currentDate: new Date(now),
      })
      claims = verified.payload
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new AccessDenied('token/expired', 'This link has expired')
      }
      throw new AccessDenied('token/invalid', 'This link is not valid')
    }
    if (!claims.sub || !claims.jti || typeof claims.gid !== 'string') {
      throw new AccessDenied('token/invalid', 'This link is not valid')
    }
    const invitation = await this.app.getInvitation(claims.jti)
    // A missing row means the invitation (or its whole group) was deleted: revoked.
    if (!invitation || invitation.revokedAt !== null) {
      throw new AccessDenied('token/revoked', 'This link was revoked')
    }
    if (invitation.expiresAt <= now)
      throw new AccessDenied('token/expired', 'This link has expired')
    const member = await this.app.getMember(invitation.memberId)
    if (!member || member.id !== claims.sub || member.groupId !== claims.gid) {
      throw new AccessDenied('token/invalid', 'This link is not valid')
    }
    return { member, invitationId: invitation.id, expiresAt: invitation.expiresAt }
  }

  /** Creates an invitation row for a member and its signed token. */
  async issue(member: MemberRow, now: number, ttlMs: number) {
    const invitation = await this.app.createInvitation(member.id, now, now + ttlMs)
    const token = await this.sign({
      memberId: member.id,
      groupId: member.groupId,
      invitationId: invitation.id,
      expiresAt: invitation.expiresAt,
    })
    return { invitation, token, joinPath: `/join/${token}` }
  }
}
