/** The four roles of a session, member ids and the actor (who does something). */
import { z } from 'zod'

export const ROLE_IDS = ['facilitator', 'client', 'consultant', 'observer'] as const
export const RoleIdSchema = z.enum(ROLE_IDS)
export type RoleId = z.infer<typeof RoleIdSchema>

/** Member ids carry no colon, so they can be parts of record ids (`codev_vote:<member>:<n>`). */
export const MemberIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .brand<'MemberId'>()
export type MemberId = z.infer<typeof MemberIdSchema>

export const ActorSchema = z.object({ memberId: MemberIdSchema, role: RoleIdSchema })
export type Actor = z.infer<typeof ActorSchema>

export const ROLE_TITLES = {
  facilitator: { fr: 'Facilitateur', en: 'Facilitator' },
  client: { fr: 'Client', en: 'Client' },
  consultant: { fr: 'Consultant', en: 'Consultant' },
  observer: { fr: 'Observateur', en: 'Observer' },
} as const satisfies Record<RoleId, { fr: string; en: string }>
