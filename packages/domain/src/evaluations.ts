/**
 * Evaluations are really anonymous: each member writes theirs in a private space
 * (`<sessionId>/evaluation/<memberId>`) that only they open; the server
 * aggregates them into the session state with no member id, naming only those who
 * signed. Nothing of an anonymous evaluation's author reaches another browser.
 */
import { z } from 'zod'
import { EvaluationSchema } from './records.ts'
import { MemberIdSchema } from './roles.ts'
import type { EvaluationSummary } from './sessionState.ts'

export const EVALUATION_ENTRY_ID = 'codev_evaluation:entry'

/** The one record of a member's evaluation space. */
export const EvaluationEntrySchema = z.strictObject({
  id: z.literal(EVALUATION_ENTRY_ID),
  typeName: z.literal('codev_evaluation'),
  author: MemberIdSchema,
  evaluation: EvaluationSchema,
})
export type EvaluationEntry = z.infer<typeof EvaluationEntrySchema>

export function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length
}

/** The summary of the members' evaluations; `authorName` is used only where the author signed. */
export function summarizeEvaluations(
  entries: readonly { authorName: string; evaluation: EvaluationEntry['evaluation'] }[],
): EvaluationSummary {
  const signed = (entry: (typeof entries)[number]) =>
    entry.evaluation.anonymous ? null : entry.authorName
  return {
    count: entries.length,
    averageAppreciation: average(entries.flatMap((e) => e.evaluation.appreciation ?? [])),
    averageMethodRespected: average(entries.flatMap((e) => e.evaluation.methodRespected ?? [])),
    comments: entries.flatMap((entry) =>
      entry.evaluation.comment === undefined
        ? []
        : [{ text: entry.evaluation.comment, author: signed(entry) }],
    ),
    regulateNextTime: entries.flatMap((e) => e.evaluation.regulateNextTime ?? []),
    // Gathered without names: these speak of the person, the comment of the session.
    expectations: entries.flatMap((e) => e.evaluation.expectations ?? []),
    learnings: entries.flatMap((e) => e.evaluation.learnings ?? []),
    applications: entries.flatMap((e) => e.evaluation.applications ?? []),
  }
}
