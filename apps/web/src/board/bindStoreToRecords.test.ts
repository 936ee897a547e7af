import { BOARD_SEED_RECORDS } from '@codev/domain'
import type { HocuspocusProvider } from '@hocuspocus/provider'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord } from 'tldraw'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { bindStoreToRecords } from './bindStoreToRecords.ts'

const user = { id: 'm1', name: 'Alice', color: '#1f77b4' }
/** Presence is not under test here: no awareness. */
const noPresence = { awareness: null } as unknown as HocuspocusProvider

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

    const unbind = bindStoreToRecords(store, doc, records, noPresence, user)
    expect(store.has('shape:valid' as TLRecord['id'])).toBe(true)
    expect(store.has('shape:broken' as TLRecord['id'])).toBe(false)

    // Later remote changes too: a broken one does not stop a valid one in the same update.
    doc.transact(() => {
      records.set('shape:broken2', note('shape:broken2', {}))
      records.set('shape:valid2', { ...valid, id: 'shape:valid2' })
    })
    expect(store.has('shape:valid2' as TLRecord['id'])).toBe(true)
    unbind()
  })
})
