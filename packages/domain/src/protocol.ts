/**
 * The stateless messages exchanged beside the Yjs document (Hocuspocus stateless
 * channel), as zod schemas shared by the server and the web app.
 * - A client asks the server to run a command (only the server writes the session
 *   state); the server answers with the command's result.
 * - The server tells a client which of its changes it refused, and why.
 * - During silent writing, the server tells everyone how many drafts each member has.
 */
import { z } from 'zod'

/** A client's request; `command` is checked against the domain's CommandSchema on the server. */
export const CommandRequestSchema = z.object({
  type: z.literal('command'),
  requestId: z.string().min(1).max(64),
  command: z.unknown(),
})
export type CommandRequest = z.infer<typeof CommandRequestSchema>

export const ClientMessageSchema = z.discriminatedUnion('type', [CommandRequestSchema])
export type ClientMessage = z.infer<typeof ClientMessageSchema>

export const CommandResultSchema = z.object({
  type: z.literal('command-result'),
  requestId: z.string(),
  ok: z.boolean(),
  /** A domain error code when ok is false. */
  error: z.string().optional(),
})
export type CommandResult = z.infer<typeof CommandResultSchema>

export const RefusedChangesSchema = z.object({
  type: z.literal('refused'),
  refusals: z.array(
    z.object({
      /** The record whose change was reverted. */
      id: z.string(),
      op: z.enum(['create', 'update', 'delete']),
      /** A domain error code, to show with describeError. */
      error: z.string(),
    }),
  ),
})
export type RefusedChanges = z.infer<typeof RefusedChangesSchema>

/** During silent writing: how many drafts each member has written (never their content). */
export const DraftCountsSchema = z.object({
  type: z.literal('draft-counts'),
  counts: z.record(z.string(), z.number().int().nonnegative()),
})
export type DraftCounts = z.infer<typeof DraftCountsSchema>

export const ServerMessageSchema = z.discriminatedUnion('type', [
  CommandResultSchema,
  RefusedChangesSchema,
  DraftCountsSchema,
])
export type ServerMessage = z.infer<typeof ServerMessageSchema>

/** Parses a stateless payload; anything malformed is null. */
export function parseClientMessage(payload: string): ClientMessage | null {
  try {
    const parsed = ClientMessageSchema.safeParse(JSON.parse(payload))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function parseServerMessage(payload: string): ServerMessage | null {
  try {
    const parsed = ServerMessageSchema.safeParse(JSON.parse(payload))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
