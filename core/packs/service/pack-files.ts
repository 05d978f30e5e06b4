/**
 * Installed packs' files in the data folder (docs/packs.md: "packs are copied into the data folder, so
 * the source can disappear"): `<dataDir>/packs/<ref>/<version>-<hash>/`, where the hash is the
 * content's, so the same files always land in the same folder. A copy is made in
 * `packs/.incoming/` and renamed into place; the store row pointing at it is written afterwards,
 * so a crash in between leaves only a folder no pack points at, which the next start removes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AttuneError } from '../../model/errors.ts';

/** Caps on a pack folder copied into the data folder (the archive limits, for folders). */
export interface CopyLimits {
  maxFiles: number;
  maxTotalBytes: number;
}

export const DEFAULT_COPY_LIMITS: CopyLimits = { maxFiles: 10_000, maxTotalBytes: 200 * 1_048_576 };

/** Folders never copied: version-control metadata and macOS archive leftovers. */
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', '__MACOSX']);

/** Where installed packs live. */
export function packsRoot(dataDir: string): string {
  return path.join(dataDir, 'packs');
}

/** Scratch space on the same file system as the packs, so moving into place is a rename. */
export function incomingDir(dataDir: string): string {
  const dir = path.join(packsRoot(dataDir), '.incoming');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export interface CopiedPack {
  /** The version folder now holding the pack. */
  dir: string;
  /** False when a folder with exactly these files was already there (and is reused). */
  created: boolean;
  /** Links that were not copied (leading outside the pack, or to a folder). */
  skipped: string[];
}

interface FileEntry {
  rel: string;
  full: string;
  mode: number;
}

/**
 * Copies the pack in `source` to `<dataDir>/packs/<ref>/<version>-<hash>/`. Regular files and
 * folders are copied; a symlink is copied as the file it points to when that file is inside the
 * pack, and skipped otherwise (it would not survive the source disappearing, or would import a
 * file from elsewhere on the machine).
 */
export function copyPackIntoDataFolder(
  source: string,
  dataDir: string,
  ref: string,
  version: string,
  limits: CopyLimits = DEFAULT_COPY_LIMITS,
): CopiedPack {
  const root = fs.realpathSync(source);
  const skipped: string[] = [];
  const files = listFiles(root, skipped, limits);
  const staging = fs.mkdtempSync(path.join(incomingDir(dataDir), `${ref}-`));
  try {
    const hash = crypto.createHash('sha256');
    for (const f of files) {
      const bytes = fs.readFileSync(f.full);
      const target = path.join(staging, ...f.rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
      fs.writeFileSync(target, bytes, { mode: f.mode });
      fs.chmodSync(target, f.mode);
      hash.update(`${f.rel}\0${f.mode.toString(8)}\0${bytes.length}\0`).update(bytes);
    }
    const dir = path.join(packsRoot(dataDir), ref, `${version}-${hash.digest('hex').slice(0, 12)}`);
    if (fs.existsSync(dir)) {
      fs.rmSync(staging, { recursive: true, force: true });
      return { dir, created: false, skipped };
    }
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    fs.renameSync(staging, dir);
    return { dir, created: true, skipped };
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  } finally {
    removeIfEmpty(path.dirname(staging));
  }
}

/** Removes a folder if it is empty (scratch space, or a pack's folder after its last version). */
export function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // Not empty (another import is using it), or already gone.
  }
}

function listFiles(root: string, skipped: string[], limits: CopyLimits): FileEntry[] {
  const out: FileEntry[] = [];
  let total = 0;
  const walk = (rel: string): void => {
    const dir = rel === '' ? root : path.join(root, ...rel.split('/'));
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(childRel);
        continue;
      }
      let real = full;
      if (e.isSymbolicLink()) {
        real = (() => {
          try {
            return fs.realpathSync(full);
          } catch {
            return '';
          }
        })();
        if (real === '' || !real.startsWith(root + path.sep) || !fs.statSync(real).isFile()) {
          skipped.push(childRel);
          continue;
        }
      } else if (!e.isFile()) {
        skipped.push(childRel);
        continue;
      }
      const info = fs.statSync(real);
      total += info.size;
      if (out.length + 1 > limits.maxFiles || total > limits.maxTotalBytes) {
        throw new AttuneError(
          'PAYLOAD_TOO_LARGE',
          `path: the pack folder holds more than ${limits.maxFiles} files or ${limits.maxTotalBytes} bytes`,
          { field: 'path' },
        );
      }
      out.push({ rel: childRel, full: real, mode: (info.mode & 0o111) !== 0 ? 0o755 : 0o644 });
    }
  };
  walk('');
  return out;
}

/** True when `dir` is a version folder under the data folder's packs (never the app's core pack). */
export function isManagedFolder(dataDir: string, dir: string | null): dir is string {
  if (dir === null) return false;
  const rel = path.relative(packsRoot(dataDir), dir);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep).length === 2;
}

/**
 * Removes what no pack points at: `.incoming/` leftovers, version folders of old or deleted
 * packs, and pack folders left empty. Run at start, when nothing can be running from them.
 * Returns the folders removed.
 */
export function collectPackFolders(dataDir: string, inUse: ReadonlySet<string>): string[] {
  const root = packsRoot(dataDir);
  const removed: string[] = [];
  let refs: fs.Dirent[];
  try {
    refs = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return removed;
  }
  const keep = new Set([...inUse].map((p) => path.resolve(p)));
  for (const r of refs) {
    const refDir = path.join(root, r.name);
    if (r.name === '.incoming' || !r.isDirectory()) {
      fs.rmSync(refDir, { recursive: true, force: true });
      removed.push(refDir);
      continue;
    }
    for (const v of fs.readdirSync(refDir)) {
      const dir = path.join(refDir, v);
      if (keep.has(dir)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    }
    if (fs.readdirSync(refDir).length === 0) fs.rmdirSync(refDir);
  }
  return removed;
}
