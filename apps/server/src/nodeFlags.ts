/**
 * The Node flags the server runs with, wherever it is started: `./codev start`,
 * `pnpm start`, the bench and the tests' server processes. V8 reads them only at
 * start (`v8.setFlagsFromString` later has no effect on the heap's sizes).
 *
 * `--max-semi-space-size=8`: V8 sizes the young generation from the machine's
 * memory, and on a 24 GiB machine lets it grow to 128 MiB after a burst of
 * connections; capped at 2 x 8 MiB, a room of 8 idle members costs about half the
 * memory, for slightly more frequent minor collections under load
 * (docs/decisions/0016-young-generation.md).
 *
 * Run directly, it prints them for a shell: `node $(node apps/server/src/nodeFlags.ts) …`.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8']

if (import.meta.main) console.log(SERVER_NODE_FLAGS.join(' '))
