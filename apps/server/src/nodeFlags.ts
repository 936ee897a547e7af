/**
 * The Node flags the server runs with, wherever it is started: `./codev start`,
 * `pnpm start`, the bench and the tests' server processes. V8 reads them only at
 * start (`v8.setFlagsFromString` later has no effect on the heap's sizes).
 *
 * `--max-semi-space-size=16`: V8 sizes the young generation from the machine's
 * memory and, on a 24 GiB machine, lets it grow to 128 MiB after a burst of
 * short-lived objects, such as 800 connections arriving. With semi-spaces of at
 * most 16 MiB (Node's documented default on 64-bit before it came to depend on
 * the memory limit), an idle room of 8 costs two thirds of the RSS it did, for
 * more frequent minor collections under load
 * (docs/decisions/0016-young-generation.md).
 *
 * Run directly, it prints them for a shell: `node $(node apps/server/src/nodeFlags.ts) …`.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16']

if (import.meta.main) console.log(SERVER_NODE_FLAGS.join(' '))
