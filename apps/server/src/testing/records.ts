/**
 * Builders of records a test client may legitimately write, so that tests of other
 * concerns (sync, limits, crashes) write what the permission matrix allows.
 */
import { type PhaseId, type RoleId, SESSION_STATE_ID, zoneOf } from '@codev/domain'
import type * as Y from 'yjs'

/** The member id a join token carries (its `sub`), read without checking the signature. */
export function memberIdOf(token: string): string {
  try {
    const payload = token.split('.')[1] ?? ''
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }).sub
  } catch {
    return '' // not a token at all: the tests of refused tokens use such strings
  }
}

export interface NoteInput {
  id: string
  text: string
  author: string
  role: RoleId
  phase?: PhaseId
  kind?: string
  /** Offset from the zone's top-left corner, in page units. */
  at?: { x: number; y: number }
}

/** A tldraw note shape carrying the codev meta the server checks. */
export function noteRecord({
  id,
  text,
  author,
  role,
  phase = 'welcome',
  kind = 'note',
  at,
}: NoteInput) {
  const zone = zoneOf(phase)
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x: zone.x + (at?.x ?? 40),
    y: zone.y + (at?.y ?? 80),
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    props: { text },
    meta: { author, role, phase, kind },
  }
}

export function textOf(record: unknown): string | undefined {
  return (record as { props?: { text?: string } } | undefined)?.props?.text
}

/** The role and phase this client's replica of the session state gives it now. */
export function sessionViewOf(records: Y.Map<unknown>, memberId: string) {
  const state = records.get(SESSION_STATE_ID) as
    | { phase: PhaseId; roles: Record<string, RoleId> }
    | undefined
  if (!state) throw new Error('the session state has not synced yet')
  return { phase: state.phase, role: state.roles[memberId] ?? 'observer' }
}

/**
 * tldraw's default note props with the text as rich text: a note written outside
 * tldraw that a board in the browser can draw (browser tests).
 */
export function drawableNoteProps(text: string) {
  return {
    color: 'yellow',
    size: 'm',
    font: 'draw',
    align: 'middle',
    verticalAlign: 'middle',
    labelColor: 'black',
    growY: 0,
    fontSizeAdjustment: 1,
    url: '',
    scale: 1,
    textLastEditedBy: null,
    richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
  }
}
