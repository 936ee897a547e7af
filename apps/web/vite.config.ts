import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The dev server proxies the API and the WebSocket to the Node server (./codev start or pnpm start).
const serverUrl = process.env.CODEV_SERVER_URL ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [react()],
  // @tldraw/assets is imported as URLs; pre-bundling it breaks those imports.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  server: {
    proxy: {
      '/api': serverUrl,
      '/collab': { target: serverUrl, ws: true },
    },
  },
  build: { chunkSizeWarningLimit: 4000 },
})
