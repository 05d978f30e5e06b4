/**
 * The renderer's inner rules (docs/renderer.md "Folders"): views do not import each other
 * (shared code moves up to common/), domain/ is plain TypeScript (no React, no DOM-bound
 * modules), common/ does not reach into app/ or views/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importsOf } from './layers.ts';

/** Packages that bind code to React or the DOM; domain/ may use plain libraries (cronstrue) only. */
const UI_PACKAGES =
  /^(react|react-dom|react-aria|react-aria-components|react-hook-form|@hookform\/|@tanstack\/react-|@xyflow\/|wouter)(\/|$)/;

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** `app`, `common`, `domain`, `views/<name>` or null for a path under renderer/src. */
function areaOf(rel: string): string | null {
  const parts = rel.split('/');
  if (parts[0] !== 'renderer' || parts[1] !== 'src') return null;
  if (parts[2] === 'views' && parts.length > 4) return `views/${parts[3]}`;
  if (parts[2] === 'app' || parts[2] === 'common' || parts[2] === 'domain') return parts[2];
  return 'root';
}

/** Sentences, one per import that breaks the renderer's inner rules, for the tree at `root`. */
export function checkRendererAreas(root: string): string[] {
  const out: string[] = [];
  for (const file of walk(path.join(root, 'renderer/src'))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const area = areaOf(rel);
    if (!area) continue;
    for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        if (area === 'domain' && UI_PACKAGES.test(spec)) {
          out.push(`\`${rel}\` imports \`${spec}\`; domain/ is free of React and UI packages`);
        }
        continue;
      }
      const target = path
        .relative(root, path.resolve(path.dirname(file), spec))
        .split(path.sep)
        .join('/');
      const to = areaOf(target);
      if (!to || to === area) continue;
      if (area.startsWith('views/') && to.startsWith('views/')) {
        out.push(`\`${rel}\` imports \`${target}\`; a view may not import another view (move it to common/)`);
      } else if (area === 'domain' && to !== 'domain' && !target.startsWith('core/contract')) {
        out.push(`\`${rel}\` imports \`${target}\`; domain/ may import only domain/ and core/contract`);
      } else if (area === 'common' && (to === 'app' || to.startsWith('views/'))) {
        out.push(`\`${rel}\` imports \`${target}\`; common/ may not import app/ or views/`);
      }
    }
  }
  return out;
}
