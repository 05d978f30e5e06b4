/**
 * Reads the map in docs/architecture.md (folder → role → may import) and compares it with the
 * folders under core/ and with the layer rules in ./layers.ts, explaining each difference in a
 * sentence.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One row of the map: the folder, and the folders it may import (null: "as <parent>"). */
export interface MapRow {
  folder: string;
  mayImport: string[] | null;
  /** For a nested folder: the folder whose rules it follows ("as `core/packs`"). */
  as: string | null;
}

const ROW_RE = /^\|\s*`([^`]+)`\s*\|[^|]*\|\s*(.*?)\s*\|\s*$/;

/** The rows of every table whose first cell is a backticked folder. */
export function mapRows(markdown: string): MapRow[] {
  const rows: MapRow[] = [];
  for (const line of markdown.split('\n')) {
    const m = ROW_RE.exec(line);
    if (!m) continue;
    const folder = (m[1] as string).replace(/\/$/, '');
    const cell = m[2] as string;
    const as = /^as `([^`]+)`$/.exec(cell);
    if (as) {
      rows.push({ folder, mayImport: null, as: as[1] as string });
      continue;
    }
    const names = cell === '—' ? [] : cell.replace(/\([^)]*\)/g, '').split(',');
    const mayImport = names
      .map((n) => n.trim())
      .filter((n) => n !== '')
      .map((n) => (n === 'core' ? 'core' : `core/${n}`));
    rows.push({ folder, mayImport, as: null });
  }
  return rows;
}

/** Every folder under `root/core`, as `core/a` and `core/a/b`. */
export function coreFolders(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const child = `${rel}/${e.name}`;
      out.push(child);
      walk(child);
    }
  };
  walk('core');
  return out.sort();
}

/** Sentences naming each way the map disagrees with the folders or with the layer rules. */
export function compareMap(
  markdown: string,
  folders: readonly string[],
  allowed: Readonly<Record<string, readonly string[]>>,
): string[] {
  const rows = mapRows(markdown);
  const listed = new Set(rows.map((r) => r.folder).filter((f) => f.startsWith('core/')));
  const present = new Set(folders);
  const out: string[] = [];
  for (const f of listed) {
    if (!present.has(f)) out.push(`docs/architecture.md's map lists \`${f}\`, but there is no such folder`);
  }
  for (const f of present) {
    if (!listed.has(f)) out.push(`\`${f}\` exists, but docs/architecture.md's map does not list it`);
  }
  for (const row of rows) {
    if (row.as !== null) {
      if (!row.folder.startsWith(`${row.as}/`)) {
        out.push(
          `docs/architecture.md's map says \`${row.folder}\` follows \`${row.as}\`, which does not hold it`,
        );
      }
      continue;
    }
    const rule = allowed[row.folder];
    if (rule === undefined) {
      out.push(
        `docs/architecture.md's map gives \`${row.folder}\` its own imports, but test/helpers/layers.ts has no rule for it`,
      );
      continue;
    }
    const said = [...(row.mayImport ?? [])].sort().join(', ');
    const ruled = [...rule].sort().join(', ');
    if (said !== ruled) {
      out.push(
        `docs/architecture.md's map says \`${row.folder}\` may import ${said || 'nothing'}; test/helpers/layers.ts says ${ruled || 'nothing'}`,
      );
    }
  }
  for (const layer of Object.keys(allowed)) {
    if (!rows.some((r) => r.folder === layer)) {
      out.push(
        `test/helpers/layers.ts has a rule for \`${layer}\`, but docs/architecture.md's map has no row for it`,
      );
    }
  }
  return out;
}
