// Vite's build of the admin console: served under /console/ (locally by the gateway, deployed by
// CloudFront), one chunk per page so the first load carries only the shell.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  server: { port: 5173, strictPort: true },
});
