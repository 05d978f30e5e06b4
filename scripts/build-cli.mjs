// `npm run build`, second step: the CLI and headless host as ES modules, out/cli/attune-desktop.mjs
// and the chunks it imports, which bin/attune-desktop.js runs while it is newer than every source
// file it was built from (docs/architecture.md, "The CLI bundle"). Packages stay external and load
// from node_modules. Code the source imports only when a command needs it (`serve`, the engine,
// pack validation) stays in chunks of its own, so a client command does not load the server. The bundle sits two folders below the root, like the core/<layer>/ files it
// is made of, so their `new URL('../../…', import.meta.url)` paths (the core pack, the built
// renderer) still resolve.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Bundles the CLI into `<root>/<outDir>/attune-desktop.mjs` and its chunks, with the list of its
 * inputs beside them; the modules of an earlier build are removed first.
 */
export async function buildCli(outDir = 'out/cli') {
  const dir = path.join(ROOT, outDir);
  if (path.relative(ROOT, dir).split(path.sep).length !== 2) {
    throw new Error(`buildCli: ${outDir} must be two folders below the root`);
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.mjs')) fs.rmSync(path.join(dir, f));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['core/host/cli-main.ts'],
    outdir: dir,
    entryNames: 'attune-desktop',
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
  });
  // What the freshness check stats: every source file in the bundle, relative to the root.
  const inputs = Object.keys(result.metafile.inputs).sort();
  fs.writeFileSync(path.join(dir, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
  return { bundle: path.join(dir, 'attune-desktop.mjs'), inputs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildCli();
