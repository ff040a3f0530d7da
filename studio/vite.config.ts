// Vite build of the studio: served by the Motcua server under /studio/. Monaco's editor worker
// and our language worker are bundled as ES module workers; nothing is fetched from a CDN.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/studio/',
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Monaco alone is several MB; that is expected for an editor that is loaded once per session.
    chunkSizeWarningLimit: 5000,
  },
  server: {
    // The Motcua server (`pnpm start`, port 8787) answers /api/studio/*; in dev, forward to it.
    proxy: { '/api': process.env.MOTCUA_SERVER ?? 'http://127.0.0.1:8787' },
  },
  preview: {
    proxy: { '/api': process.env.MOTCUA_SERVER ?? 'http://127.0.0.1:8787' },
  },
});
