/**
 * The layering rules of docs/architecture.md as data, and a checker that reads every import of a
 * tree and explains each violation in a sentence.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Which layers each layer may import (its own layer is always allowed). */
export const ALLOWED: Record<string, readonly string[]> = {
  'core/util': [],
  'core/model': ['core/util'],
  'core/contract': ['core/model', 'core/util'],
  'core/store': ['core/model', 'core/util'],
  'core/expr': ['core/model', 'core/util'],
  'core/schedule': ['core/model', 'core/util'],
  'core/secrets': ['core/store', 'core/model', 'core/util'],
  'core/runners': ['core/model', 'core/util'],
  'core/packs': [
    'core/services',
    'core/expr',
    'core/schedule',
    'core/secrets',
    'core/store',
    'core/model',
    'core/contract',
    'core/util',
  ],
  'core/services': [
    'core/expr',
    'core/schedule',
    'core/secrets',
    'core/store',
    'core/model',
    'core/contract',
    'core/util',
  ],
  'core/sensors': [
    'core/runners',
    'core/schedule',
    'core/secrets',
    'core/store',
    'core/model',
    'core/contract',
    'core/util',
  ],
  'core/engine': [
    'core/services',
    'core/sensors',
    'core/runners',
    'core/packs',
    'core/expr',
    'core/schedule',
    'core/secrets',
    'core/store',
    'core/model',
    'core/contract',
    'core/util',
  ],
  'core/api': [
    'core/engine',
    'core/services',
    'core/sensors',
    'core/packs',
    'core/secrets',
    'core/store',
    'core/schedule',
    'core/expr',
    'core/model',
    'core/contract',
    'core/util',
  ],
  'core/host': [
    'core/api',
    'core/engine',
    'core/services',
    'core/sensors',
    'core/runners',
    'core/packs',
    'core/secrets',
    'core/store',
    'core/schedule',
    'core/expr',
    'core/model',
    'core/contract',
    'core/util',
  ],
  'core/desktop': [
    'core/host',
    'core/api',
    'core/engine',
    'core/services',
    'core/store',
    'core/schedule',
    'core/model',
    'core/contract',
    'core/util',
  ],
  core: [
    'core/desktop',
    'core/host',
    'core/api',
    'core/engine',
    'core/runners',
    'core/secrets',
    'core/packs',
    'core/store',
    'core/model',
    'core/contract',
    'core/schedule',
    'core/util',
  ],
  renderer: ['core/contract'],
  electron: ['core', 'core/contract'],
};

/** Packages a layer may not import at all. */
const FORBIDDEN_PACKAGES: Record<string, RegExp> = {
  core: /^(electron|react|react-dom)(\/|$)/,
  renderer: /^(node:|fs$|path$|child_process$|os$|better-sqlite3$|electron$)/,
  'core/contract': /^node:/,
  'core/model': /^node:/,
  'core/util': /^node:/,
};

export interface Violation {
  file: string;
  target: string;
  sentence: string;
}

/** The layer a file belongs to: the longest ALLOWED key that prefixes it (core/x.ts → core). */
export function layerOf(rel: string): string | null {
  const parts = rel.split('/');
  if (parts[0] === 'core' && parts.length > 2 && ALLOWED[`core/${parts[1]}`]) return `core/${parts[1]}`;
  if (parts[0] === 'core') return 'core';
  if (parts[0] === 'renderer' || parts[0] === 'electron') return parts[0];
  return null;
}

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) out.push((m[1] ?? m[2]) as string);
  return out;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'out') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

export function checkLayers(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const top of ['core', 'renderer', 'electron']) {
    for (const file of walk(path.join(root, top))) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      const layer = layerOf(rel);
      if (!layer) continue;
      for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = path
            .relative(root, path.resolve(path.dirname(file), spec))
            .split(path.sep)
            .join('/');
          const targetLayer = layerOf(target) ?? target.split('/')[0] ?? target;
          if (targetLayer === layer) continue;
          // electron may import core's public entry points only: core/index.ts and core/contract.
          if (layer === 'electron' && targetLayer === 'core' && target !== 'core/index.ts') {
            violations.push({
              file: rel,
              target,
              sentence: `\`${rel}\` imports \`${target}\`; electron may import core/index.ts and core/contract only`,
            });
            continue;
          }
          if (!(ALLOWED[layer] ?? []).includes(targetLayer)) {
            const may = (ALLOWED[layer] ?? []).join(', ') || 'nothing outside itself';
            violations.push({
              file: rel,
              target,
              sentence: `\`${rel}\` imports \`${target}\`; ${layer.replace('core/', '')} may import: ${may.replaceAll('core/', '')}`,
            });
          }
        } else {
          for (const [prefix, re] of Object.entries(FORBIDDEN_PACKAGES)) {
            if ((layer === prefix || layer.startsWith(`${prefix}/`)) && re.test(spec)) {
              violations.push({
                file: rel,
                target: spec,
                sentence: `\`${rel}\` imports \`${spec}\`, which ${prefix} must never import`,
              });
            }
          }
        }
      }
    }
  }
  return violations;
}
