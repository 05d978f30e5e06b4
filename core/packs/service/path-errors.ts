/**
 * Paths a caller names (pack import, validate and export) are input like any other: when the
 * file system refuses one — too long, a file where a folder must be, no permission — the answer
 * is a 400 naming the field, not an internal error (docs/security.md, "Channel inputs and
 * runner parameters"). Failures of the machine itself (a full disk, an I/O error) stay
 * internal. A NUL byte never gets this far: the contract refuses it.
 */
import { AttuneError } from '../../model/errors.ts';

/** Node's codes for a path that cannot be used as given. */
const PATH_CODES: Readonly<Record<string, string>> = {
  ENAMETOOLONG: 'the name is too long',
  ENOTDIR: 'a part of it is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'something is already there',
  ENOENT: 'nothing is there',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
  EROFS: 'the file system is read-only',
};

function codeOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  return typeof err.code === 'string' ? err.code : null;
}

/** `err` as the caller's mistake when it is about the path, else `err` unchanged. */
export function pathError(err: unknown, field: string, p: string, doing: 'read' | 'write'): unknown {
  if (err instanceof AttuneError) return err;
  const code = codeOf(err);
  const reason = code === null ? undefined : PATH_CODES[code];
  if (reason === undefined) return err;
  const shown = p.length > 200 ? `${p.slice(0, 200)}…` : p;
  return new AttuneError('BAD_REQUEST', `${field}: cannot ${doing} ${JSON.stringify(shown)}: ${reason}`, {
    field,
  });
}

/** Runs `fn`; a path problem it throws becomes the caller's 400 (see pathError). */
export async function withPath<T>(
  field: string,
  p: string,
  doing: 'read' | 'write',
  fn: () => T | Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw pathError(err, field, p, doing);
  }
}
