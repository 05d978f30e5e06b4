/**
 * electron-vite: main (ESM) and preload (forced to CJS so the renderer can stay sandboxed) bundle
 * the thin adapters in electron/; the renderer is the React app in renderer/. Runtime packages
 * (better-sqlite3, fastify, ...) stay external and load from node_modules.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: { lib: { entry: 'electron/main.ts', formats: ['es'] } },
  },
  preload: {
    build: {
      lib: { entry: 'electron/preload.ts', formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    // Minified: the JS the first view ships is one of the UI benchmark's figures (docs/performance.md).
    build: { minify: true, rollupOptions: { input: 'renderer/index.html' } },
    plugins: [react()],
  },
});
