/**
 * Remembers what a function returned for an object, by the object's identity.
 * Yjs hands out the same JSON object for a record until the record is replaced, and
 * the server judges every change against the record before it and the session state:
 * without this, both would be validated again on every update. Records are
 * immutable values (tldraw and our binding always write new objects), so an object
 * never needs validating twice. Primitives and null are not remembered.
 */
export function byIdentity<Result>(
  compute: (value: unknown) => Result,
): (value: unknown) => Result {
  const results = new WeakMap<object, Result>()
  return (value) => {
    if (typeof value !== 'object' || value === null) return compute(value)
    if (results.has(value)) return results.get(value) as Result
    const result = compute(value)
    results.set(value, result)
    return result
  }
}
