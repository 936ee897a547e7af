/**
 * Zod schemas of every record the session document holds (one root map of whole
 * JSON records keyed by id). tldraw's records are checked loosely (the domain does
 * not import tldraw); codev information rides in a shape's `meta`; votes and the
 * session state are records of their own (docs/decisions/0003-records.md).
 */
import { z } from 'zod'
import { byIdentity } from './memo.ts'
import { PhaseIdSchema } from './phases.ts'
import { MemberIdSchema, RoleIdSchema } from './roles.ts'
import {
  MAX_DOTS_PER_MEMBER,
  type SessionState,
  SessionStateSchema,
  SubjectKindSchema,
} from './sessionState.ts'

export const NOTE_KINDS = [
  'note',
  'question',
  'answer',
  'impression',
  'reflective-question',
  'idea',
  'suggestion',
  'feeling',
  'experience',
  'resource',
  'learning',
  'proposal',
  'contract-request',
  'cluster',
  'action',
  'followup',
  'evaluation',
  'regulation',
  'free',
] as const
export const NoteKindSchema = z.enum(NOTE_KINDS)
export type NoteKind = z.infer<typeof NoteKindSchema>

export const RECORD_KINDS = [
  ...NOTE_KINDS,
  'vote',
  'session-state',
  'page',
  'document',
  'binding',
  'asset',
] as const
export type RecordKind = (typeof RECORD_KINDS)[number]

export const CONSULTATION_TYPES = [
  'ideas',
  'experience',
  'impressions',
  'hypotheses',
  'reflective-questions',
  'plan-reactions',
  'divergent',
  'resources',
] as const
export const ConsultationTypeSchema = z.enum(CONSULTATION_TYPES)
export type ConsultationType = z.infer<typeof ConsultationTypeSchema>

/**
 * The contribution kinds that answer each kind of consultation the client asks
 * for in the contract: what a consultant picks from when writing (METHOD.md).
 */
export const KINDS_ANSWERING: Record<ConsultationType, readonly NoteKind[]> = {
  ideas: ['idea', 'suggestion'],
  experience: ['experience'],
  impressions: ['impression', 'feeling'],
  hypotheses: ['idea'],
  'reflective-questions': ['reflective-question'],
  'plan-reactions': ['suggestion', 'impression'],
  divergent: ['idea', 'impression'],
  resources: ['resource'],
}

/** The note kinds the contract asked for, in NOTE_KINDS order. */
export function kindsAskedBy(types: readonly ConsultationType[]): NoteKind[] {
  const asked = new Set(types.flatMap((type) => KINDS_ANSWERING[type]))
  return NOTE_KINDS.filter((kind) => asked.has(kind))
}

const Short = z.string().max(500)
const Long = z.string().max(4000)

export const ShapeIdSchema = z.string().regex(/^shape:[A-Za-z0-9_-]{1,64}$/)
export type ShapeId = z.infer<typeof ShapeIdSchema>

export const ActionFieldsSchema = z.strictObject({
  what: Short.min(1),
  firstStep: Short,
  /** ISO date, e.g. 2026-12-31. */
  dueDate: z.iso.date().optional(),
  successIndicator: Short,
})

export const FollowUpSchema = z.strictObject({
  /** The previous session's action this follow-up is about (an id from that session). */
  actionId: z.string().max(128).optional(),
  status: z.enum(['done', 'in-progress', 'dropped']),
  comment: Long.optional(),
})

const Score = z.number().int().min(1).max(5)
export const EvaluationSchema = z.strictObject({
  /** Anonymous evaluations never show their author in the report. */
  anonymous: z.boolean(),
  appreciation: Score.optional(),
  methodRespected: Score.optional(),
  /** Appréciation, in words. */
  comment: Long.optional(),
  /** The rest of the "4 A": what one expected, learnt, and will apply. */
  expectations: Long.optional(),
  learnings: Long.optional(),
  applications: Long.optional(),
  regulateNextTime: Long.optional(),
})

export const ProposalSchema = z.strictObject({
  kind: SubjectKindSchema,
  title: Short.min(1),
  why: Long.optional(),
})

export const ContractRequestSchema = z.strictObject({
  request: Long.min(1),
  consultationTypes: z.array(ConsultationTypeSchema).min(1),
})

export const FlagsSchema = z.strictObject({
  starred: z.boolean().optional(),
  toClarify: z.boolean().optional(),
  /** The client's sort: "je retiens / peut-être / pas maintenant". */
  keep: z.enum(['yes', 'maybe', 'not-now']).optional(),
})

const REQUIRED_FIELD: Partial<Record<NoteKind, string>> = {
  answer: 'answersTo',
  cluster: 'sources',
  action: 'action',
  followup: 'followUp',
  evaluation: 'evaluation',
  proposal: 'proposal',
  'contract-request': 'contract',
}

export const CodevMetaSchema = z
  .strictObject({
    /** Who wrote the record (the connection's member). */
    author: MemberIdSchema,
    /** The role whose voice this is (the author's, or the voice a scribe writes for). */
    role: RoleIdSchema,
    phase: PhaseIdSchema,
    kind: NoteKindSchema,
    /** Set when the facilitator writes as scribe for another member. */
    onBehalfOf: MemberIdSchema.optional(),
    answersTo: ShapeIdSchema.optional(),
    sources: z.array(ShapeIdSchema).min(1).max(200).optional(),
    action: ActionFieldsSchema.optional(),
    followUp: FollowUpSchema.optional(),
    evaluation: EvaluationSchema.optional(),
    proposal: ProposalSchema.optional(),
    contract: ContractRequestSchema.optional(),
    flags: FlagsSchema.optional(),
  })
  .superRefine((meta, ctx) => {
    const field = REQUIRED_FIELD[meta.kind]
    if (field !== undefined && (meta as Record<string, unknown>)[field] === undefined) {
      ctx.addIssue({ code: 'custom', message: `${meta.kind} needs ${field}`, path: [field] })
    }
  })
export type CodevMeta = z.infer<typeof CodevMetaSchema>

const JsonObject = z.record(z.string(), z.unknown())

/** tldraw's shape record, loosely: tldraw validates its own props. */
export const TldrawShapeSchema = z.looseObject({
  id: ShapeIdSchema,
  typeName: z.literal('shape'),
  type: z.string().min(1).max(64),
  x: z.number(),
  y: z.number(),
  rotation: z.number().optional(),
  index: z.string().optional(),
  parentId: z.string().min(1),
  props: JsonObject,
  meta: JsonObject,
})

/** Every shape on a codev board carries its author, role, phase and kind. */
export const CodevShapeSchema = TldrawShapeSchema.extend({ meta: CodevMetaSchema })
export type CodevShape = z.infer<typeof CodevShapeSchema>

export const VoteSchema = z
  .strictObject({
    id: z.string().regex(/^codev_vote:[A-Za-z0-9_-]{1,64}:[0-9]+$/),
    typeName: z.literal('codev_vote'),
    voter: MemberIdSchema,
    proposalId: ShapeIdSchema,
  })
  .superRefine((vote, ctx) => {
    const ok = Array.from({ length: MAX_DOTS_PER_MEMBER }, (_, i) => voteId(vote.voter, i + 1))
    if (!ok.includes(vote.id)) {
      ctx.addIssue({ code: 'custom', message: 'vote id must be codev_vote:<voter>:<1..10>' })
    }
  })
export type Vote = z.infer<typeof VoteSchema>

export function voteId(voter: string, dot: number): string {
  return `codev_vote:${voter}:${dot}`
}

/** The dot number a vote id carries. */
export function voteDot(vote: Vote): number {
  return Number(vote.id.slice(vote.id.lastIndexOf(':') + 1))
}

export const TldrawDocumentSchema = z.looseObject({
  id: z.literal('document:document'),
  typeName: z.literal('document'),
})
export const TldrawPageSchema = z.looseObject({
  id: z.string().regex(/^page:/),
  typeName: z.literal('page'),
  name: z.string().max(200),
})
export const TldrawBindingSchema = z.looseObject({
  id: z.string().regex(/^binding:/),
  typeName: z.literal('binding'),
  type: z.string().min(1).max(64),
  fromId: ShapeIdSchema,
  toId: ShapeIdSchema,
})
export const TldrawAssetSchema = z.looseObject({
  id: z.string().regex(/^asset:/),
  typeName: z.literal('asset'),
  type: z.string().min(1).max(64),
})

export const RecordSchema = z.discriminatedUnion('typeName', [
  CodevShapeSchema,
  VoteSchema,
  SessionStateSchema,
  TldrawDocumentSchema,
  TldrawPageSchema,
  TldrawBindingSchema,
  TldrawAssetSchema,
])
export type CodevRecord = z.infer<typeof RecordSchema>

export type KindInfo = { kind: NoteKind; meta: CodevMeta } | { kind: Exclude<RecordKind, NoteKind> }

export type ParseResult =
  | { ok: true; record: CodevRecord; kindInfo: KindInfo }
  | { ok: false; error: 'record/invalid' | 'record/unknown-type' }

const TYPE_NAMES = ['shape', 'codev_vote', 'codev_session', 'document', 'page', 'binding', 'asset']
const KIND_OF_TYPE: Record<string, Exclude<RecordKind, NoteKind>> = {
  codev_vote: 'vote',
  codev_session: 'session-state',
  document: 'document',
  page: 'page',
  binding: 'binding',
  asset: 'asset',
}

/**
 * Validates any value of the session document's root map. Remembered per object
 * (`byIdentity`): the result, like the record, must not be mutated.
 */
export const parseRecord: (json: unknown) => ParseResult = byIdentity(validateRecord)

function validateRecord(json: unknown): ParseResult {
  const typeName = typeof json === 'object' && json !== null && 'typeName' in json && json.typeName
  if (typeof typeName !== 'string' || !TYPE_NAMES.includes(typeName)) {
    return { ok: false, error: 'record/unknown-type' }
  }
  const parsed = RecordSchema.safeParse(json)
  if (!parsed.success) return { ok: false, error: 'record/invalid' }
  const record = parsed.data
  if (record.typeName === 'shape') {
    return { ok: true, record, kindInfo: { kind: record.meta.kind, meta: record.meta } }
  }
  return { ok: true, record, kindInfo: { kind: KIND_OF_TYPE[record.typeName]! } }
}

export function isSessionState(record: CodevRecord): record is SessionState {
  return record.typeName === 'codev_session'
}

/** The plain text of a shape: tldraw's `props.text`, or the text nodes of `props.richText`. */
export function shapeText(shape: { props: Record<string, unknown> }): string {
  if (typeof shape.props.text === 'string') return shape.props.text
  const parts: string[] = []
  const walk = (node: unknown, depth: number): void => {
    if (depth > 20 || typeof node !== 'object' || node === null) return
    const { text, content } = node as { text?: unknown; content?: unknown }
    if (typeof text === 'string') parts.push(text)
    if (Array.isArray(content)) for (const child of content) walk(child, depth + 1)
  }
  walk(shape.props.richText, 0)
  return parts.join(' ')
}
