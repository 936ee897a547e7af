import { webcrypto } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { installPooledRandomValues } from './pooledRandomValues.ts'

/** A crypto object of its own, so the test never changes the process's. */
function pooledCrypto() {
  let directCalls = 0
  const target = {
    getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
      directCalls++
      return webcrypto.getRandomValues(array as Uint8Array) as unknown as T
    },
  } as unknown as typeof webcrypto
  installPooledRandomValues(target)
  return { crypto: target, directCalls: () => directCalls }
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

describe('pooled getRandomValues', () => {
  it('fills the array it is given and returns it', () => {
    const { crypto } = pooledCrypto()
    const words = new Uint32Array(4)
    expect(crypto.getRandomValues(words)).toBe(words)
    expect(words.some((word) => word !== 0)).toBe(true)
  })

  it('never hands out the same bytes twice, across many refills of the pool', () => {
    const { crypto, directCalls } = pooledCrypto()
    const seen = new Set<string>()
    for (let i = 0; i < 10_000; i++) seen.add(hex(crypto.getRandomValues(new Uint8Array(16))))
    expect(seen.size).toBe(10_000)
    expect(directCalls()).toBe(0)
  })

  it('draws bytes that look uniform', () => {
    const { crypto } = pooledCrypto()
    const counts = new Array<number>(256).fill(0)
    let sum = 0
    for (let i = 0; i < 4096; i++) {
      for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
        counts[byte]!++
        sum += byte
      }
    }
    // 65,536 bytes: each value 256 times (standard deviation 16), mean 127.5
    // (standard deviation 0.29); 6 standard deviations either side, so that an
    // honest source fails about once in a million runs.
    expect(Math.min(...counts)).toBeGreaterThan(256 - 96)
    expect(Math.max(...counts)).toBeLessThan(256 + 96)
    expect(Math.abs(sum / 65_536 - 127.5)).toBeLessThan(6 * 0.29)
  })

  it('writes only the bytes of a view, not the rest of its buffer', () => {
    const { crypto } = pooledCrypto()
    const buffer = new ArrayBuffer(32)
    crypto.getRandomValues(new Uint8Array(buffer, 8, 16))
    const all = new Uint8Array(buffer)
    expect([...all.subarray(0, 8), ...all.subarray(24)].every((byte) => byte === 0)).toBe(true)
    expect(all.subarray(8, 24).some((byte) => byte !== 0)).toBe(true)
  })

  it("serves lib0's one-word requests from the pool, never a byte twice, across refills", () => {
    // A fill that numbers the bytes it hands out: every byte of the output is traceable.
    let next = 0
    const counted = (pool: Uint8Array) => {
      const words = new Uint32Array(pool.buffer, pool.byteOffset, pool.byteLength / 4)
      for (let i = 0; i < words.length; i++) words[i] = next++
    }
    const target = { getRandomValues: () => expect.unreachable() } as unknown as typeof webcrypto
    installPooledRandomValues(target, counted)
    const handedOut: number[] = []
    for (let i = 0; i < 5000; i++) {
      handedOut.push(target.getRandomValues(new Uint32Array(1))[0]!)
      // An odd-sized request between words: the next word starts on a fresh boundary.
      if (i % 7 === 0) {
        const bytes = target.getRandomValues(new Uint8Array(3))
        handedOut.push(new Uint32Array(Uint8Array.of(...bytes, 0).buffer)[0]!)
      }
    }
    // Each value is the number of the pool word it came from: a byte given twice repeats one.
    expect(new Set(handedOut).size).toBe(handedOut.length)
    // 5,000 words and 715 three-byte requests span more than 5 refills of 1,024 words.
    expect(next).toBeGreaterThan(5 * 1024)
  })

  it('leaves big requests and float arrays to Node, with its errors', () => {
    const { crypto, directCalls } = pooledCrypto()
    crypto.getRandomValues(new Uint8Array(1024))
    expect(directCalls()).toBe(1)
    expect(() => crypto.getRandomValues(new Float64Array(2) as unknown as Uint8Array)).toThrow()
    expect(directCalls()).toBe(2)
  })
})
