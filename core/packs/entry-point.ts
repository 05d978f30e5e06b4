/**
 * What an action's or sensor's `entry_point` names (docs/runners.md, "Action fields"): a file in the pack's actions/
 * (or sensors/) folder, or an inline script. A file must stay inside the pack: no absolute path,
 * no `..`, and (checked when it is read) no symlink leading out.
 */
import type { RunnerType } from '../model/entities.ts';

export type EntryPoint =
  | { kind: 'file'; path: string }
  | { kind: 'inline' }
  | { kind: 'none' }
  | { kind: 'error'; message: string };

/** Why a relative path inside a pack is refused, or null when it is acceptable. */
export function unsafePathReason(path: string): string | null {
  if (path.includes('\0')) return 'contains a NUL byte';
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) {
    return 'is an absolute path; it must be relative to the pack';
  }
  if (path.split(/[\\/]/).includes('..')) return 'contains ".." and would leave the pack';
  if (path.includes('\\')) return 'contains a backslash; use forward slashes';
  return null;
}

/** `./a//b/` → `a/b`. */
export function cleanRelativePath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

const SCRIPT_LIKE = /\.[A-Za-z0-9]{1,8}$/;

/**
 * Decides what `entry` is. `folder` is `actions` or `sensors`; `exists` answers whether a
 * relative path is a file of the pack. A single word or a command with spaces that names no
 * file is an inline script; a path-like name (`x.sh`, `bin/run`) that names no file is an error.
 */
export function classifyEntryPoint(
  entry: string,
  folder: 'actions' | 'sensors',
  runner: RunnerType,
  exists: (path: string) => boolean,
): EntryPoint {
  if (runner === 'http' || runner === 'builtin') return { kind: 'none' };
  if (entry.trim() === '') {
    return folder === 'sensors' || runner === 'native'
      ? { kind: 'error', message: `is required: a file in ${folder}/` }
      : { kind: 'error', message: `is required: a file in ${folder}/ or an inline script` };
  }
  const multiLine = entry.includes('\n');
  if (multiLine && folder === 'actions' && runner !== 'native') return { kind: 'inline' };
  const unsafe = unsafePathReason(entry);
  if (unsafe !== null && !(/\s/.test(entry) && folder === 'actions' && runner !== 'native')) {
    return { kind: 'error', message: `"${entry}" ${unsafe}` };
  }
  const path = `${folder}/${cleanRelativePath(entry)}`;
  if (unsafe === null && exists(path)) return { kind: 'file', path };
  const pathLike = entry.includes('/') || SCRIPT_LIKE.test(entry);
  if (folder === 'sensors' || runner === 'native' || (pathLike && !/\s/.test(entry))) {
    return { kind: 'error', message: `names ${path}, which does not exist in the pack` };
  }
  return { kind: 'inline' };
}
