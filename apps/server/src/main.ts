/**
 * The server's entry point. Node's compile cache is switched on before the server's
 * modules load, so that a restart does not strip types and compile them again
 * (~200 ms of a restart on this kind of machine; docs/PERFORMANCE.md).
 */
import module from 'node:module'

module.enableCompileCache?.()
await import('./serve.ts')
