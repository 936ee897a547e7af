/** Builders for tests: sessions in a given phase, well-formed notes of any kind. */
import { zoneOf } from '../src/layout.ts'
import type { PhaseId } from '../src/phases.ts'
import type { CodevMeta, NoteKind } from '../src/records.ts'
import type { Actor, MemberId, RoleId } from '../src/roles.ts'
import { initialSessionState, type SessionState } from '../src/sessionState.ts'

export const id = (s: string) => s as MemberId

export const FAC = id('fac')
export const CLI = id('cli')
export const CON = id('con')
export const CON2 = id('con2')
export const OBS = id('obs')

export const MEMBER_OF_ROLE: Record<RoleId, MemberId> = {
  facilitator: FAC,
  client: CLI,
  consultant: CON,
  observer: OBS,
}
/** Another member with the same role (for "someone else's note"). */
export const OTHER_OF_ROLE: Record<RoleId, MemberId> = {
  facilitator: FAC,
  client: CLI,
  consultant: CON2,
  observer: OBS,
}

export function actor(memberId: MemberId, role: RoleId): Actor {
  return { memberId, role }
}
export const actorOf = (role: RoleId) => actor(MEMBER_OF_ROLE[role], role)

export function sessionAt(phase: PhaseId, patch: Partial<SessionState> = {}): SessionState {
  const base = initialSessionState({
    sessionId: 's1',
    facilitatorId: FAC,
    members: [
      { id: FAC, name: 'Fanny' },
      { id: CLI, name: 'Claire' },
      { id: CON, name: 'Karim' },
      { id: CON2, name: 'Kim' },
      { id: OBS },
    ],
    firstSessionOfGroup: false,
    now: 0,
  })
  return {
    ...base,
    phase,
    roles: { ...base.roles, [CLI]: 'client', [OBS]: 'observer' },
    clientId: CLI,
    subject: { kind: 'projet', title: 'Lancer une équipe' },
    ...patch,
  }
}

const EXTRA: Partial<Record<NoteKind, Partial<CodevMeta>>> = {
  answer: { answersTo: 'shape:q1' },
  cluster: { sources: ['shape:n1'] },
  action: {
    action: {
      what: 'Parler à Léa',
      firstStep: 'Appeler',
      dueDate: '2026-12-01',
      successIndicator: 'RDV',
    },
  },
  followup: { followUp: { status: 'done', comment: 'ok' } },
  evaluation: { evaluation: { anonymous: true, appreciation: 4 } },
  proposal: { proposal: { kind: 'probleme', title: 'Mon équipe' } },
  'contract-request': { contract: { request: 'Des pistes', consultationTypes: ['ideas'] } },
}

export interface NoteOptions {
  kind: NoteKind
  phase: PhaseId
  author: MemberId
  role: RoleId
  id?: string
  meta?: Partial<CodevMeta>
  x?: number
  y?: number
  text?: string
}

export function note(o: NoteOptions) {
  const zone = zoneOf(o.phase)
  return {
    id: o.id ?? 'shape:n1',
    typeName: 'shape' as const,
    type: 'note',
    x: o.x ?? zone.x + 10,
    y: o.y ?? zone.y + 10,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    props: { text: o.text ?? 'hello' },
    meta: {
      author: o.author,
      role: o.role,
      phase: o.phase,
      kind: o.kind,
      ...EXTRA[o.kind],
      ...o.meta,
    } as CodevMeta,
  }
}
