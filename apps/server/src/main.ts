/**
 * The server's entry point. Before the server's modules load: Node's compile cache
 * is switched on, so that a restart does not strip types and compile them again
 * (~100-150 ms of a restart here), and `getRandomValues` is pooled (Yjs binds it at
 * import; see pooledRandomValues.ts).
 */
import module from 'node:module'
import { installPooledRandomValues } from './ops/pooledRandomValues.ts'

module.enableCompileCache?.()
installPooledRandomValues()
await import('./serve.ts')
