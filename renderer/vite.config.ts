import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

// base './' keeps every asset URL relative, so the same build loads from file:// in Electron
// and from the local host's http://127.0.0.1 address.
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // zod ships comments Rollup cannot place; the warning is noise, not a problem.
      onwarn(warning, warn) {
        if (warning.message.includes('annotation that Rollup cannot interpret')) return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1' },
});
