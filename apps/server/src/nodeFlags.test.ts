import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SERVER_NODE_FLAGS } from './nodeFlags.ts'

const NODE_FLAGS_SCRIPT = path.join(import.meta.dirname, 'nodeFlags.ts')
const MIB = 1024 * 1024

/** The young generation's size (its two semi-spaces) after a burst of short-lived allocations, in a Node run with `flags`. */
function youngGenerationAfterBurst(flags: readonly string[]): number {
  const script = `
    const v8 = require('node:v8')
    let kept = []
    for (let i = 0; i < 3e6; i++) {
      kept.push({ i, text: 'note ' + i })
      if (kept.length > 3e5) kept = []
    }
    const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
    console.log(young.space_size)`
  return Number(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' }))
}

describe('the server’s Node flags', () => {
  it('are printed one word each for a shell, as ./codev start reads them', () => {
    const printed = execFileSync(process.execPath, [NODE_FLAGS_SCRIPT], { encoding: 'utf8' })
    expect(printed.trim().split(' ')).toEqual(SERVER_NODE_FLAGS)
  })

  it('keep the young generation’s semi-spaces at 16 MiB after a burst that would grow them further', () => {
    expect(youngGenerationAfterBurst(SERVER_NODE_FLAGS)).toBeLessThanOrEqual(32 * MIB)
    // The same burst under a higher cap: the server's flags are what holds it down.
    expect(youngGenerationAfterBurst(['--max-semi-space-size=64'])).toBeGreaterThan(32 * MIB)
  })
})
