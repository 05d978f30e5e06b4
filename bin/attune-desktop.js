#!/usr/bin/env node
// The package's bin. It runs the bundle `npm run build` makes (out/cli/attune-desktop.mjs) while
// that is newer than every file it was built from, and otherwise the TypeScript source through
// tsx's loader (docs/architecture.md, "The CLI bundle"): the bundle starts in half the time.
// ATTUNE_FROM_SOURCE=1 always runs the source.
import { freshBundle } from './fresh-bundle.js';

const bundle = process.env.ATTUNE_FROM_SOURCE === '1' ? null : freshBundle(new URL('../', import.meta.url));
if (bundle) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../core/host/cli-main.ts');
}
