/**
 * This browser's identity until invitations exist: a random id and the name the
 * person typed, both kept in localStorage.
 */
import type { BoardUser } from './board/bindStoreToRecords.ts'

const ID_KEY = 'codev.memberId'
const NAME_KEY = 'codev.name'
const CURSOR_COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#ff7f0e',
  '#17becf',
]

function colorFor(id: string): string {
  let hash = 0
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return CURSOR_COLORS[hash % CURSOR_COLORS.length]!
}

export function storedUser(): BoardUser | null {
  const name = localStorage.getItem(NAME_KEY)
  if (!name) return null
  let id = localStorage.getItem(ID_KEY)
  if (!id) {
    id = crypto.randomUUID()
    localStorage.setItem(ID_KEY, id)
  }
  return { id, name, color: colorFor(id) }
}

export function rememberName(name: string): BoardUser {
  localStorage.setItem(NAME_KEY, name)
  return storedUser()!
}
