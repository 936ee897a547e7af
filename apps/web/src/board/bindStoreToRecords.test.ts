import {
  BOARD_SEED_RECORDS,
  initialSessionState,
  LIVE_DRAG_FIELD,
  MAX_LIVE_DRAG_SHAPES,
  type MemberId,
  SESSION_STATE_ID,
  zoneOf,
} from '@codev/domain'
import type { HocuspocusProvider } from '@hocuspocus/provider'
import {
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type TLRecord,
  type TLShape,
  type TLShapeId,
  type TLStore,
  toRichText,
} from 'tldraw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  bindStoreToRecords,
  type FrameScheduler,
  MOVE_SETTLE_MS,
  OUTGOING_FLUSH_INTERVAL_MS,
} from './bindStoreToRecords.ts'

const user = { id: 'm1', name: 'Alice', color: '#1f77b4' }
/** Presence is not under test here: no awareness. */
const noPresence = { awareness: null } as unknown as HocuspocusProvider

/** Animation frames the test runs by hand. */
function manualFrames() {
  const queued: (() => void)[] = []
  const nextFrame: FrameScheduler = (run) => {
    queued.push(run)
    return () => queued.splice(queued.indexOf(run), 1)
  }
  return {
    nextFrame,
    pending: () => queued.length,
    run: () => {
      for (const run of queued.splice(0)) run()
    },
  }
}

const validProps = {
  color: 'yellow',
  richText: { type: 'doc', content: [{ type: 'paragraph' }] },
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
}

function seededStore() {
  const doc = new Y.Doc()
  const records = doc.getMap<unknown>('records')
  for (const record of BOARD_SEED_RECORDS) records.set(record.id, structuredClone(record))
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  return { doc, records, store }
}

function note(id: string, props: Record<string, unknown>) {
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x: 10,
    y: 10,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    props,
    meta: {},
  }
}

describe('bindStoreToRecords', () => {
  it('shows every valid record even when the session holds one tldraw cannot validate', () => {
    const doc = new Y.Doc()
    const records = doc.getMap<unknown>('records')
    for (const record of BOARD_SEED_RECORDS) records.set(record.id, structuredClone(record))
    const store = createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
    })
    const valid = note('shape:valid', {
      color: 'yellow',
      richText: { type: 'doc', content: [{ type: 'paragraph' }] },
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
    })
    records.set('shape:broken', note('shape:broken', { text: 'no real props' }))
    records.set(valid.id, valid)

    const frames = manualFrames()
    const unbind = bindStoreToRecords(store, doc, records, noPresence, user, {
      nextFrame: frames.nextFrame,
    })
    expect(store.has('shape:valid' as TLRecord['id'])).toBe(true)
    expect(store.has('shape:broken' as TLRecord['id'])).toBe(false)

    // Later remote changes too: a broken one does not stop a valid one in the same update.
    doc.transact(() => {
      records.set('shape:broken2', note('shape:broken2', {}))
      records.set('shape:valid2', { ...valid, id: 'shape:valid2' })
    })
    frames.run()
    expect(store.has('shape:valid2' as TLRecord['id'])).toBe(true)
    unbind()
  })

  it('merges a burst of remote edits into the store once per animation frame', () => {
    const { doc, records, store } = seededStore()
    const frames = manualFrames()
    const unbind = bindStoreToRecords(store, doc, records, noPresence, user, {
      nextFrame: frames.nextFrame,
    })
    const merges = vi.spyOn(store, 'mergeRemoteChanges')
    const id = 'shape:dragged' as TLRecord['id']
    // A peer's drag and a new note, one Yjs transaction per step, then a deletion.
    for (let step = 0; step < 20; step++) {
      records.set(id, { ...note(id, validProps), x: step })
    }
    records.set('shape:other', note('shape:other', validProps))
    records.set('shape:gone', note('shape:gone', validProps))
    records.delete('shape:gone')
    expect(merges).not.toHaveBeenCalled()
    expect(store.has(id)).toBe(false)
    expect(frames.pending()).toBe(1)

    frames.run()
    expect(merges).toHaveBeenCalledTimes(1)
    expect(store.get(id)).toMatchObject({ x: 19 })
    expect(store.has('shape:other' as TLRecord['id'])).toBe(true)
    expect(store.has('shape:gone' as TLRecord['id'])).toBe(false)

    // The next frame's burst is one more merge; a remote deletion removes the shape.
    records.delete(id)
    records.set('shape:other', { ...note('shape:other', validProps), x: 99 })
    frames.run()
    expect(merges).toHaveBeenCalledTimes(2)
    expect(store.has(id)).toBe(false)
    expect(store.get('shape:other' as TLRecord['id'])).toMatchObject({ x: 99 })

    // Unbinding cancels a frame not yet run.
    records.set('shape:late', note('shape:late', validProps))
    unbind()
    expect(frames.pending()).toBe(0)
  })

  it('keeps a note’s props object when a peer only moves it, so tldraw keeps its measured geometry', () => {
    const { doc, records, store } = seededStore()
    const frames = manualFrames()
    const unbind = bindStoreToRecords(store, doc, records, noPresence, user, {
      nextFrame: frames.nextFrame,
    })
    const id = 'shape:moved' as TLShapeId
    records.set(id, note(id, structuredClone(validProps)))
    frames.run()
    const shown = store.get(id) as TLShape
    // Every value read from Yjs is a new object: a move brings equal, not identical, props.
    records.set(id, { ...note(id, structuredClone(validProps)), x: 50 })
    frames.run()
    const moved = store.get(id) as TLShape
    expect(moved.x).toBe(50)
    expect(moved.props).toBe(shown.props)
    expect(moved.meta).toBe(shown.meta)

    // A change of text brings the new props.
    const edited = { ...structuredClone(validProps), richText: toRichText('Bonjour') }
    records.set(id, { ...note(id, edited), x: 50 })
    frames.run()
    expect((store.get(id) as TLShape).props).not.toBe(shown.props)
    expect((store.get(id) as TLShape).props).toMatchObject({ richText: toRichText('Bonjour') })
    unbind()
  })
})

const CON = 'con' as MemberId
const CON2 = 'con2' as MemberId
const FAC = 'fac' as MemberId
const zone = zoneOf('consultation')

/** The consultation, Karim and Kim its consultants. */
function consultationState() {
  const state = initialSessionState({
    sessionId: 's1',
    facilitatorId: FAC,
    members: [{ id: FAC }, { id: CON }, { id: CON2 }, { id: 'cli' as MemberId }],
    firstSessionOfGroup: false,
    now: 0,
  })
  return {
    ...state,
    phase: 'consultation' as const,
    roles: { ...state.roles, cli: 'client' as const },
    clientId: 'cli' as MemberId,
    subject: { kind: 'projet' as const, title: 'Lancer une équipe' },
  }
}

/** A consultant's idea in the consultation zone, valid for tldraw and the domain. */
function idea(id: string, author: MemberId, at = { x: zone.x + 100, y: zone.y + 100 }) {
  return {
    ...note(id, validProps),
    ...at,
    meta: { author, role: 'consultant', phase: 'consultation', kind: 'idea' },
  }
}

const RELAYED = Symbol('relayed')

interface AwarenessChange {
  added: number[]
  updated: number[]
  removed: number[]
}

interface Member {
  doc: Y.Doc
  records: Y.Map<unknown>
  store: TLStore
  awareness: Awareness
  frames: ReturnType<typeof manualFrames>
  /** Whether this member holds the pointer down on the shapes they move. */
  holding: boolean
  unbind: () => void
}

/**
 * Members of one session, each with their own document, awareness and store, bound
 * as the board binds them; document and awareness updates are relayed between them
 * at once and in order, as the server does.
 */
function session(seed: object[], memberIds: MemberId[], liveDrags = true): Member[] {
  const members: Member[] = []
  const origin = new Y.Doc()
  const originRecords = origin.getMap<unknown>('records')
  for (const record of [...BOARD_SEED_RECORDS, ...seed] as { id: string }[]) {
    originRecords.set(record.id, structuredClone(record))
  }
  originRecords.set(SESSION_STATE_ID, consultationState())
  for (const memberId of memberIds) {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin))
    const records = doc.getMap<unknown>('records')
    const awareness = new Awareness(doc)
    awareness.setLocalStateField('codev', { memberId, name: memberId, color: '#000' })
    const store = createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
    })
    const frames = manualFrames()
    const member = { doc, records, store, awareness, frames, holding: false, unbind: () => {} }
    member.unbind = bindStoreToRecords(
      store,
      doc,
      records,
      { awareness } as unknown as HocuspocusProvider,
      { id: memberId, name: memberId, color: '#000' },
      { liveDrags, isHoldingShapes: () => member.holding, nextFrame: frames.nextFrame },
    )
    members.push(member)
  }
  for (const from of members) {
    from.doc.on('update', (update: Uint8Array, source: unknown) => {
      if (source === RELAYED) return
      for (const to of members) if (to !== from) Y.applyUpdate(to.doc, update, RELAYED)
    })
    from.awareness.on('update', ({ added, updated, removed }: AwarenessChange, source: unknown) => {
      if (source === RELAYED) return
      const update = encodeAwarenessUpdate(from.awareness, [...added, ...updated, ...removed])
      for (const to of members) if (to !== from) applyAwarenessUpdate(to.awareness, update, RELAYED)
    })
  }
  // Everyone learns who the others are.
  for (const { awareness } of members) awareness.setLocalState(awareness.getLocalState())
  return members
}

function shapeIn(store: TLStore, id: string): TLShape {
  return store.get(id as TLShapeId) as TLShape
}

/** The local person moves a shape, as tldraw's translate does (source 'user'). */
function move(member: Member, id: string, to: { x: number; y: number }) {
  member.store.put([{ ...shapeIn(member.store, id), ...to }])
}

/** Counts the transactions that wrote `id` into the document. */
function countWrites(records: Y.Map<unknown>, id: string): () => number {
  let writes = 0
  records.observe((event) => {
    if (event.keysChanged.has(id)) writes++
  })
  return () => writes
}

const dragOf = (member: Member) => member.awareness.getLocalState()?.[LIVE_DRAG_FIELD]

describe('live drags', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'],
    })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('publishes a drag in awareness while the pointer holds it, and writes the drop once', () => {
    const [alice] = session([idea('shape:mine', CON)], [CON]) as [Member]
    const writes = countWrites(alice.records, 'shape:mine')
    const order: string[] = []
    alice.records.observe(() => order.push('document'))
    alice.awareness.on('change', () => {
      if (dragOf(alice) === null) order.push('drag cleared')
    })

    alice.holding = true
    for (let step = 1; step <= 5; step++) {
      move(alice, 'shape:mine', { x: zone.x + 100 + step * 20, y: zone.y + 100 + step * 10 })
      vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
      expect(dragOf(alice)).toEqual([
        { id: 'shape:mine', x: zone.x + 100 + step * 20, y: zone.y + 100 + step * 10, rotation: 0 },
      ])
      // A slow drag that pauses is not dropped while the pointer holds it.
      if (step === 3) vi.advanceTimersByTime(MOVE_SETTLE_MS * 4)
    }
    expect(writes()).toBe(0)
    expect(alice.records.get('shape:mine')).toMatchObject({ x: zone.x + 100, y: zone.y + 100 })

    // The release is the drop, without waiting for the move to settle.
    alice.holding = false
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    expect(writes()).toBe(1)
    expect(alice.records.get('shape:mine')).toMatchObject({ x: zone.x + 200, y: zone.y + 150 })
    expect(dragOf(alice)).toBeNull()
    expect(order).toEqual(['document', 'drag cleared'])
    alice.unbind()
  })

  it('drops a move made without the pointer (a nudge, an undo) once it settles', () => {
    const [alice] = session([idea('shape:mine', CON)], [CON]) as [Member]
    const writes = countWrites(alice.records, 'shape:mine')
    move(alice, 'shape:mine', { x: zone.x + 110, y: zone.y + 100 })
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    move(alice, 'shape:mine', { x: zone.x + 120, y: zone.y + 100 })
    vi.advanceTimersByTime(MOVE_SETTLE_MS - OUTGOING_FLUSH_INTERVAL_MS)
    expect(writes()).toBe(0)
    expect(dragOf(alice)).toEqual([
      { id: 'shape:mine', x: zone.x + 120, y: zone.y + 100, rotation: 0 },
    ])
    vi.advanceTimersByTime(MOVE_SETTLE_MS)
    expect(writes()).toBe(1)
    expect(alice.records.get('shape:mine')).toMatchObject({ x: zone.x + 120 })
    expect(dragOf(alice)).toBeNull()
    alice.unbind()
  })

  it('writes a moving shape at once when more than its position changes', () => {
    const [alice] = session([idea('shape:mine', CON)], [CON]) as [Member]
    alice.holding = true
    move(alice, 'shape:mine', { x: zone.x + 150, y: zone.y + 100 })
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    expect(dragOf(alice)).toHaveLength(1)
    const text = { ...validProps, richText: toRichText('Une idée') }
    alice.store.put([
      { ...shapeIn(alice.store, 'shape:mine'), x: zone.x + 160, props: text } as TLShape,
    ])
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    expect(alice.records.get('shape:mine')).toMatchObject({
      x: zone.x + 160,
      props: { richText: toRichText('Une idée') },
    })
    expect(dragOf(alice)).toBeNull()
    alice.unbind()
  })

  it('keeps a peer’s change of the shape it drags, and its own position, through the drop', () => {
    const [karim, kim] = session([idea('shape:karim', CON)], [CON, CON2]) as [Member, Member]
    karim.holding = true
    move(karim, 'shape:karim', { x: zone.x + 150, y: zone.y + 100 })
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    const text = { ...validProps, richText: toRichText('Reformulée') }
    kim.records.set('shape:karim', { ...(kim.records.get('shape:karim') as object), props: text })
    karim.frames.run()
    expect(shapeIn(karim.store, 'shape:karim')).toMatchObject({ x: zone.x + 150, props: text })

    karim.holding = false
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    expect(kim.records.get('shape:karim')).toMatchObject({ x: zone.x + 150, props: text })
    karim.unbind()
  })

  it('writes the moves still in the air when unbound', () => {
    const [alice] = session([idea('shape:mine', CON)], [CON]) as [Member]
    alice.holding = true
    move(alice, 'shape:mine', { x: zone.x + 300, y: zone.y + 100 })
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    alice.unbind()
    expect(alice.records.get('shape:mine')).toMatchObject({ x: zone.x + 300 })
    expect(dragOf(alice)).toBeNull()
  })

  it('writes as it moves a drag of more shapes than a live drag carries', () => {
    const many = Array.from({ length: MAX_LIVE_DRAG_SHAPES + 1 }, (_, i) =>
      idea(`shape:n${i}`, CON, { x: zone.x + 100 + i, y: zone.y + 100 }),
    )
    const [alice] = session(many, [CON]) as [Member]
    alice.holding = true
    alice.store.put(many.map((shape) => ({ ...shapeIn(alice.store, shape.id), y: zone.y + 300 })))
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    expect(alice.records.get('shape:n0')).toMatchObject({ y: zone.y + 300 })
    expect(alice.records.get(`shape:n${MAX_LIVE_DRAG_SHAPES}`)).toMatchObject({ y: zone.y + 300 })
    expect(dragOf(alice) ?? null).toBeNull()
    alice.unbind()
  })

  it('writes moves as they happen in a document without live drags (a private space)', () => {
    const [alice] = session([idea('shape:mine', CON)], [CON], false) as [Member]
    alice.holding = true
    move(alice, 'shape:mine', { x: zone.x + 150, y: zone.y + 100 })
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    expect(alice.records.get('shape:mine')).toMatchObject({ x: zone.x + 150 })
    expect(dragOf(alice)).toBeUndefined()
    alice.unbind()
  })

  it('shows a peer’s live drag, then the stored record when the drag is dropped or the peer leaves', () => {
    const [karim, kim] = session([idea('shape:karim', CON)], [CON, CON2]) as [Member, Member]
    const stored = { x: zone.x + 100, y: zone.y + 100 }
    karim.holding = true
    move(karim, 'shape:karim', { x: zone.x + 180, y: zone.y + 120 })
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    kim.frames.run()
    expect(shapeIn(kim.store, 'shape:karim')).toMatchObject({ x: zone.x + 180, y: zone.y + 120 })
    expect(kim.records.get('shape:karim')).toMatchObject(stored)

    // A change of the stored record meanwhile does not move it back: the text comes, the position stays.
    karim.records.set('shape:karim', {
      ...(karim.records.get('shape:karim') as object),
      props: { ...validProps, richText: toRichText('Relue') },
    })
    kim.frames.run()
    expect(shapeIn(kim.store, 'shape:karim')).toMatchObject({
      x: zone.x + 180,
      props: { richText: toRichText('Relue') },
    })

    // The drop: the final record, then no live position.
    move(karim, 'shape:karim', { x: zone.x + 200, y: zone.y + 140 })
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    karim.holding = false
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    kim.frames.run()
    expect(kim.records.get('shape:karim')).toMatchObject({ x: zone.x + 200, y: zone.y + 140 })
    expect(shapeIn(kim.store, 'shape:karim')).toMatchObject({ x: zone.x + 200, y: zone.y + 140 })

    // A peer who leaves mid-drag: back to where the shape is stored.
    karim.holding = true
    move(karim, 'shape:karim', { x: zone.x + 400, y: zone.y + 300 })
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    kim.frames.run()
    expect(shapeIn(kim.store, 'shape:karim')).toMatchObject({ x: zone.x + 400 })
    karim.awareness.setLocalState(null)
    kim.frames.run()
    expect(shapeIn(kim.store, 'shape:karim')).toMatchObject({ x: zone.x + 200, y: zone.y + 140 })
    kim.unbind()
  })

  it('does not show what the domain refuses: someone else’s note, a place outside its zone', () => {
    const [karim, kim, fanny] = session(
      [idea('shape:karim', CON), idea('shape:kim', CON2)],
      [CON, CON2, FAC],
    ) as [Member, Member, Member]
    karim.holding = true
    // Karim's store lets him move Kim's note (the board's rules are not bound here)…
    move(karim, 'shape:kim', { x: zone.x + 250, y: zone.y + 100 })
    // …and his own out of the consultation zone.
    move(karim, 'shape:karim', { x: zone.x + zone.w + 50, y: zone.y + 100 })
    vi.advanceTimersByTime(OUTGOING_FLUSH_INTERVAL_MS)
    expect(dragOf(karim)).toHaveLength(2)
    for (const peer of [kim, fanny]) {
      peer.frames.run()
      expect(shapeIn(peer.store, 'shape:kim')).toMatchObject({ x: zone.x + 100 })
      expect(shapeIn(peer.store, 'shape:karim')).toMatchObject({ x: zone.x + 100 })
    }
    karim.unbind()
  })
})
