/**
 * Resolution of an action's `entry_point` (docs/runners.md, "Action fields"): a file in `<pack>/actions/`, or an inline
 * script. A file reference may never leave the actions folder, neither by `..`, nor by an
 * absolute path, nor through a symbolic link.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AttuneError } from '../model/errors.ts';

/** A script file to run, or script text to write to a private temp file first. */
export type ResolvedEntryPoint = { kind: 'file'; path: string } | { kind: 'inline'; source: string };

/** Looks like a script file name ("run.sh", "lib/main.py"), not a one-word command ("hostname"). */
const FILE_LIKE = /[/\\]|\.[A-Za-z0-9]{1,5}$/;

function refuse(message: string): AttuneError {
  return new AttuneError('VALIDATION_ERROR', message, { field: 'entry_point' });
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function statOrNull(p: string): Promise<Awaited<ReturnType<typeof stat>> | null> {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

/**
 * Decides what `entry_point` names. Without a pack folder it is always an inline script. With
 * one, a single word without whitespace is a file reference when `actions/<word>` exists; a
 * word that looks like a file name but does not exist is an error ("missing script") rather than
 * a command line that would fail with "command not found"; anything else is inline.
 * Throws AttuneError (field `entry_point`) with a sentence saying what is wrong.
 */
export async function resolveEntryPoint(
  packPath: string | null,
  entryPoint: string,
): Promise<ResolvedEntryPoint> {
  const ep = entryPoint.trim();
  if (ep === '') throw refuse('entry_point is empty: give a file in actions/ or an inline script');
  if (packPath === null || /\s/.test(ep)) return { kind: 'inline', source: entryPoint };

  if (path.isAbsolute(ep) || path.win32.isAbsolute(ep)) {
    throw refuse(`entry_point "${ep}" is an absolute path; name a file inside the pack's actions/ folder`);
  }
  if (ep.split(/[/\\]/).includes('..')) {
    throw refuse(`entry_point "${ep}" leaves the pack's actions/ folder ("..") and is refused`);
  }

  const actionsDir = path.join(packPath, 'actions');
  const candidate = path.join(actionsDir, ep);
  const info = await statOrNull(candidate);
  if (info === null) {
    if (FILE_LIKE.test(ep)) throw refuse(`entry_point file not found: actions/${ep} in ${packPath}`);
    return { kind: 'inline', source: entryPoint };
  }
  if (!info.isFile()) throw refuse(`entry_point actions/${ep} is not a file`);

  // A link inside actions/ could point anywhere: compare the real paths.
  const [realDir, realFile] = await Promise.all([realpath(actionsDir), realpath(candidate)]);
  if (!isInside(realDir, realFile)) {
    throw refuse(`entry_point actions/${ep} resolves outside the pack's actions/ folder and is refused`);
  }
  return { kind: 'file', path: realFile };
}
