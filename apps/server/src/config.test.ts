import { describe, expect, it } from 'vitest'
import { configFromEnv, DEFAULT_CONFIG } from './config.ts'

describe('configFromEnv', () => {
  it('keeps the defaults when nothing is set', () => {
    expect(configFromEnv({}).compactAfterUpdates).toBe(DEFAULT_CONFIG.compactAfterUpdates)
    expect(configFromEnv({}).port).toBe(DEFAULT_CONFIG.port)
  })

  it('reads how often the update log is compacted', () => {
    expect(configFromEnv({ CODEV_COMPACT_AFTER_UPDATES: '5' }).compactAfterUpdates).toBe(5)
  })

  it('reads the connect rate per address and whether to trust the proxy', () => {
    const config = configFromEnv({ CODEV_CONNECTS_PER_MINUTE: '30', CODEV_TRUST_PROXY: '1' })
    expect(config.connectsPerMinutePerAddress).toBe(30)
    expect(config.trustProxy).toBe(true)
    expect(configFromEnv({}).trustProxy).toBe(false)
    expect(() => configFromEnv({ CODEV_CONNECTS_PER_MINUTE: 'many' })).toThrow(
      /CODEV_CONNECTS_PER_MINUTE/,
    )
  })

  it('refuses values that make no sense, saying which setting is wrong', () => {
    expect(() => configFromEnv({ CODEV_COMPACT_AFTER_UPDATES: '0' })).toThrow(
      /CODEV_COMPACT_AFTER_UPDATES/,
    )
    expect(() => configFromEnv({ CODEV_PORT: 'eighty' })).toThrow(/CODEV_PORT/)
  })
})
