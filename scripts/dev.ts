// Development: the Node server (API + WebSocket) and Vite with hot reload, side by side.
// Open the URL Vite prints; it proxies /api and /collab to the server.
import { spawn } from 'node:child_process'
import { SERVER_NODE_FLAGS } from '../apps/server/src/nodeFlags.ts'

const children = [
  spawn(process.execPath, [...SERVER_NODE_FLAGS, '--watch', 'apps/server/src/main.ts'], {
    stdio: 'inherit',
  }),
  spawn('pnpm', ['--filter', '@codev/web', 'dev'], { stdio: 'inherit' }),
]
const stop = () => {
  for (const child of children) child.kill('SIGTERM')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const child of children) child.on('exit', stop)
