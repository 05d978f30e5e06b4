// Which program the bin runs (docs/architecture.md, "The CLI bundle"): plain JavaScript, because it
// runs before any TypeScript loader is registered.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The URL of `out/cli/attune-desktop.mjs` under `root` if it exists and none of the files it was
 * built from (listed in `out/cli/inputs.json`) changed or went away since; otherwise null, and
 * the caller runs the source. A file added to core/ changes the file that imports it, so the list
 * needs no other check.
 */
export function freshBundle(root) {
  const dir = typeof root === 'string' ? root : fileURLToPath(root);
  const bundle = path.join(dir, 'out/cli/attune-desktop.mjs');
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(path.join(dir, 'out/cli/inputs.json'), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return null;
    for (const input of inputs) {
      if (fs.statSync(path.join(dir, input)).mtimeMs > built) return null;
    }
    return pathToFileURL(bundle).href;
  } catch {
    return null;
  }
}
