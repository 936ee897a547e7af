/**
 * Private spaces: beside each session document, every member has documents only
 * they can open — their drafts (silent writing: consultants write alone until the
 * facilitator reveals), their notebook (personal notes, never shown to others,
 * never in the report), their evaluation of the session (aggregated
 * anonymously by the server: evaluations.ts) and their learning journal (entries
 * gathered across the cycle, private unless the member shares one). Their names,
 * and the rules for writing in them.
 */
import { z } from 'zod'
import { ALLOWED, refuse, type Verdict } from './errors.ts'
import { EvaluationEntrySchema } from './evaluations.ts'
import { authorize, type RecordChange } from './permissions.ts'
import { type CodevShape, CodevShapeSchema } from './records.ts'
import { type Actor, MemberIdSchema } from './roles.ts'
import type { SessionState } from './sessionState.ts'

export const PRIVATE_SPACES = ['drafts', 'notebook', 'evaluation', 'journal'] as const
export type PrivateSpace = (typeof PRIVATE_SPACES)[number]

export type DocumentAddress =
  | { kind: 'session'; sessionId: string }
  | { kind: 'private'; sessionId: string; space: PrivateSpace; ownerId: string }

/** Session ids and member ids carry no slash, so the name parses back unambiguously. */
export function privateDocumentName(
  sessionId: string,
  space: PrivateSpace,
  ownerId: string,
): string {
  return `${sessionId}/${space}/${ownerId}`
}

export function parseDocumentName(name: string): DocumentAddress | null {
  const parts = name.split('/')
  if (parts.length === 1 && parts[0]) return { kind: 'session', sessionId: parts[0] }
  const [sessionId, space, ownerId] = parts
  if (parts.length !== 3 || !sessionId || !ownerId) return null
  const known = PRIVATE_SPACES.find((candidate) => candidate === space)
  return known ? { kind: 'private', sessionId, space: known, ownerId } : null
}

/**
 * A change in a private space. Drafts follow the session's own rules (they are
 * what the member would write in the current step) while silent writing is on;
 * the notebook takes any valid shape of its owner, anywhere.
 */
export function authorizePrivate(
  actor: Actor,
  change: RecordChange,
  space: PrivateSpace,
  state: SessionState,
): Verdict {
  if (space === 'drafts') {
    if (!state.silentWriting) return refuse('silent/not-on')
    return authorize(actor, change, state)
  }
  if (state.status === 'closed') return refuse('session/closed')
  if (space === 'evaluation') return authorizeEvaluation(actor, change, state)
  if (space === 'journal') return authorizeOwnEntries(JournalEntrySchema, actor, change)
  for (const value of [change.before, change.after]) {
    if (value === undefined) continue
    const parsed = CodevShapeSchema.safeParse(value)
    if (!parsed.success) return refuse('record/invalid')
    if (parsed.data.meta.author !== actor.memberId) return refuse('note/not-author')
  }
  return ALLOWED
}

/** A member's learning journal: entries of their own, written any time in an open session. */
export const JournalEntrySchema = z.strictObject({
  id: z.string().regex(/^codev_journal:[A-Za-z0-9_-]{1,64}$/),
  typeName: z.literal('codev_journal'),
  author: MemberIdSchema,
  text: z.string().trim().min(1).max(4000),
  /** Shared entries appear in the facilitator's cycle summary, with the author's name. */
  shared: z.boolean(),
  at: z.number().int().nonnegative(),
})
export type JournalEntry = z.infer<typeof JournalEntrySchema>

function authorizeOwnEntries(
  schema: z.ZodType<{ author: string }>,
  actor: Actor,
  change: RecordChange,
): Verdict {
  for (const value of [change.before, change.after]) {
    if (value === undefined) continue
    const parsed = schema.safeParse(value)
    if (!parsed.success) return refuse('record/invalid')
    if (parsed.data.author !== actor.memberId) return refuse('note/not-author')
  }
  return ALLOWED
}

/** One evaluation per member, written by them during the apprentissage & régulation step. */
function authorizeEvaluation(actor: Actor, change: RecordChange, state: SessionState): Verdict {
  if (state.phase !== 'apprentissage') return refuse('zone/locked')
  return authorizeOwnEntries(EvaluationEntrySchema, actor, change)
}

/** The drafts that may be published now: each judged as its author creating it in the step. */
export function draftsToReveal(
  drafts: Iterable<unknown>,
  author: Actor,
  state: SessionState,
): CodevShape[] {
  const revealed: CodevShape[] = []
  for (const value of drafts) {
    const parsed = CodevShapeSchema.safeParse(value)
    if (!parsed.success) continue
    const shape = parsed.data
    if (authorize(author, { op: 'create', id: shape.id, after: shape }, state).ok)
      revealed.push(shape)
  }
  return revealed
}
