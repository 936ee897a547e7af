import { BOARD_SEED_RECORDS } from '@codev/domain'
import type { HocuspocusProvider } from '@hocuspocus/provider'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord } from 'tldraw'
import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { bindStoreToRecords, type FrameScheduler } from './bindStoreToRecords.ts'

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
    const unbind = bindStoreToRecords(store, doc, records, noPresence, user, frames.nextFrame)
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
    const unbind = bindStoreToRecords(store, doc, records, noPresence, user, frames.nextFrame)
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
})
