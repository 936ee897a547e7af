/**
 * The living contract: the client states the request in the contract step and may
 * re-open it during the consultation. Each statement is its own `contract-request`
 * note, so nothing is overwritten; the versions, oldest first, are the history and
 * the last one is the contract in force.
 */
import { phaseIndex } from './phases.ts'
import { type CodevMeta, CodevMetaSchema, type ConsultationType } from './records.ts'

export interface ContractVersion {
  id: string
  request: string
  consultationTypes: ConsultationType[]
}

/** Any board shape: tldraw's own or one already parsed; others' meta is checked here. */
interface BoardShape {
  id: string
  index?: string | undefined
  meta: unknown
}

/** The client's requests, oldest first: by step, then in the order they were put down. */
export function contractVersions(shapes: readonly BoardShape[]): ContractVersion[] {
  const requests: { id: string; index?: string | undefined; meta: CodevMeta }[] = []
  for (const shape of shapes) {
    const meta = CodevMetaSchema.safeParse(shape.meta)
    if (meta.success && meta.data.kind === 'contract-request' && meta.data.contract) {
      requests.push({ id: shape.id, index: shape.index, meta: meta.data })
    }
  }
  return requests
    .sort(
      (a, b) =>
        phaseIndex(a.meta.phase) - phaseIndex(b.meta.phase) ||
        compare(a.index ?? '', b.index ?? '') ||
        compare(a.id, b.id),
    )
    .map((shape) => ({
      id: shape.id,
      request: shape.meta.contract?.request ?? '',
      consultationTypes: [...(shape.meta.contract?.consultationTypes ?? [])],
    }))
}

/** tldraw's fractional indexes compare as plain strings (not by locale). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
