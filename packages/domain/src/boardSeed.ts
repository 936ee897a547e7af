/**
 * The tldraw records every session document starts with: tldraw's document and its
 * one page, as tldraw 5.4 creates them by default. The server seeds them so that no
 * client ever has to create (or may delete) them; a web test checks that tldraw's
 * own validators accept them.
 */
export const BOARD_DOCUMENT_ID = 'document:document'
export const BOARD_PAGE_ID = 'page:page'

export const BOARD_SEED_RECORDS = [
  { id: BOARD_DOCUMENT_ID, typeName: 'document', gridSize: 10, name: '', meta: {} },
  { id: BOARD_PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} },
] as const

/**
 * The tldraw record types a session document holds. Others (tldraw's per-user
 * `user` record, cameras, pointers, presence) stay in each browser or travel by
 * awareness; the server refuses them as unknown types.
 */
export const BOARD_RECORD_TYPES: ReadonlySet<string> = new Set([
  'document',
  'page',
  'shape',
  'binding',
  'asset',
])
