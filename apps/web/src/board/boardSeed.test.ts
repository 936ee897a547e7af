import { BOARD_SEED_RECORDS } from '@codev/domain'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord } from 'tldraw'
import { describe, expect, it } from 'vitest'

describe('the board seed the server writes', () => {
  it('is accepted by tldraw as the document and its page', () => {
    const store = createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
    })
    store.put(structuredClone(BOARD_SEED_RECORDS) as unknown as TLRecord[])
    expect(
      store
        .allRecords()
        .map((record) => record.typeName)
        .sort(),
    ).toEqual(['document', 'page'])
    expect(() =>
      store.put([{ ...BOARD_SEED_RECORDS[1], index: 42 } as unknown as TLRecord]),
    ).toThrow()
  })
})
