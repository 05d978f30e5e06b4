/**
 * electron-vite: main (ESM) and preload (forced to CJS so the renderer can stay sandboxed) bundle
 * the thin adapters in electron/; the renderer is the React app in renderer/. Runtime packages
 * (better-sqlite3, fastify, ...) stay external and load from node_modules.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * `<link rel=modulepreload>` in index.html for the chunk of `entry` (a module the start chunk
 * imports dynamically) and every chunk it imports: Vite only preloads the start chunk's static
 * imports, and without this the shell's chunk would be asked for only once the start chunk has
 * run (docs/performance.md "UI").
 */
function modulepreloadDynamic(entry: string): Plugin {
  return {
    name: 'attune:modulepreload-dynamic',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const start = chunks.find((c) => c.facadeModuleId?.endsWith(entry));
        if (!start) throw new Error(`modulepreloadDynamic: no chunk for ${entry}`);
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        const files = new Set<string>();
        const add = (file: string) => {
          const c = byName.get(file);
          if (!c || c.isEntry || files.has(file)) return;
          files.add(file);
          for (const i of c.imports) add(i);
        };
        add(start.fileName);
        return [...files].map((f) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * The start chunk's `<script type="module">` made `async`: a deferred module script waits for
 * every stylesheet still loading before it runs, and an async one does not, so the token, the
 * WebSocket and the first page are under way while the stylesheet loads. Nothing is painted before
 * the stylesheet is in (it blocks rendering either way), and the shell waits for `#root` to be
 * parsed (app/start.tsx).
 */
function asyncEntryScript(): Plugin {
  return {
    name: 'attune:async-entry-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const tag = '<script type="module" crossorigin';
        if (html.split(tag).length !== 2) throw new Error('asyncEntryScript: expected one entry script');
        return html.replace(tag, '<script type="module" async crossorigin');
      },
    },
  };
}

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
    // One stylesheet, linked from index.html: a lazy view's chunk never waits for its own CSS file
    // to load before it can render (the event log's first rows).
    build: { minify: true, cssCodeSplit: false, rollupOptions: { input: 'renderer/index.html' } },
    plugins: [react(), modulepreloadDynamic('/renderer/src/app/start.tsx'), asyncEntryScript()],
  },
});
