/**
 * The checks every archive entry passes before a byte is written (docs/packs.md, "Archive limits": "extraction refuses
 * `..`, absolute paths, links and oversized entries"). Sizes are counted as data is inflated,
 * never taken from headers, so a zip bomb whose headers lie is stopped at the cap. Files are
 * only ever created below the extraction folder, which only this module fills (no links exist
 * in it, so no path can be redirected out).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AttuneError } from '../model/errors.ts';
import { unsafePathReason } from './entry-point.ts';

/** Caps on what an archive may hold. */
export interface ArchiveLimits {
  /** Largest single entry, uncompressed (default 50 MiB). */
  maxEntryBytes: number;
  /** All entries together, uncompressed (default 200 MiB). */
  maxTotalBytes: number;
  /** Most entries (default 10 000). */
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntryBytes: 50 * 1_048_576,
  maxTotalBytes: 200 * 1_048_576,
  maxEntries: 10_000,
};

/** An archive refused, naming the entry at fault. */
export function archiveError(
  message: string,
  code: 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' = 'BAD_REQUEST',
): AttuneError {
  return new AttuneError(code, message, { field: 'archive' });
}

/**
 * The entry's path as relative segments, or null for the archive root itself (`./`).
 * Throws for `..`, absolute paths, backslashes and NUL bytes.
 */
export function entrySegments(name: string): string[] | null {
  const reason = unsafePathReason(name);
  if (reason !== null) throw archiveError(`archive entry "${name}" is refused: it ${reason}`);
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  return segments.length === 0 ? null : segments;
}

/** Writes accepted entries below `root`, counting entries and inflated bytes against the limits. */
export class GuardedWriter {
  #entries = 0;
  #total = 0;

  constructor(
    readonly root: string,
    readonly limits: ArchiveLimits,
  ) {}

  /** Counts one more entry. */
  countEntry(name: string): void {
    this.#entries++;
    if (this.#entries > this.limits.maxEntries) {
      throw archiveError(
        `archive has more than ${this.limits.maxEntries} entries (at "${name}")`,
        'PAYLOAD_TOO_LARGE',
      );
    }
  }

  /** Refuses an entry whose declared size is already over the per-entry cap. */
  checkDeclaredSize(name: string, size: number): void {
    if (size > this.limits.maxEntryBytes) {
      throw archiveError(
        `archive entry "${name}" is ${size} bytes; the limit per entry is ${this.limits.maxEntryBytes}`,
        'PAYLOAD_TOO_LARGE',
      );
    }
  }

  directory(segments: string[]): void {
    this.#mkdir(`${segments.join('/')}/`, segments);
  }

  /** A sink for an entry that is read but not kept (macOS metadata, folders): its bytes still count. */
  discard(name: string): GuardedFile {
    return new GuardedFile(this, name, null);
  }

  /** Opens a new file for an entry; a second entry with the same path is refused. */
  open(name: string, segments: string[], executable: boolean): GuardedFile {
    this.#mkdir(name, segments.slice(0, -1));
    let fd: number;
    try {
      fd = openSync(join(this.root, ...segments), 'wx', executable ? 0o755 : 0o644);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw archiveError(
        code === 'EEXIST' || code === 'EISDIR'
          ? `archive entry "${name}" appears twice`
          : `archive entry "${name}" cannot be written: ${(err as Error).message}`,
      );
    }
    return new GuardedFile(this, name, fd);
  }

  /** Creates `segments` and their parents; a file of the archive in the way is a refusal. */
  #mkdir(name: string, segments: string[]): void {
    try {
      mkdirSync(join(this.root, ...segments), { recursive: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw archiveError(
        code === 'EEXIST' || code === 'ENOTDIR'
          ? `archive entry "${name}" needs the folder "${segments.join('/')}", which the archive has as a file`
          : `archive entry "${name}" cannot be written: ${(err as Error).message}`,
      );
    }
  }

  /** Adds inflated bytes of one entry to the archive total. */
  addTotal(name: string, n: number): void {
    this.#total += n;
    if (this.#total > this.limits.maxTotalBytes) {
      throw archiveError(
        `archive inflates to more than ${this.limits.maxTotalBytes} bytes (at "${name}")`,
        'PAYLOAD_TOO_LARGE',
      );
    }
  }
}

/** One file being written; every chunk is counted before it is written. */
export class GuardedFile {
  #bytes = 0;
  #fd: number | null;

  constructor(
    readonly writer: GuardedWriter,
    readonly name: string,
    fd: number | null,
  ) {
    this.#fd = fd;
  }

  write(chunk: Uint8Array): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.writer.limits.maxEntryBytes) {
      throw archiveError(
        `archive entry "${this.name}" inflates to more than ${this.writer.limits.maxEntryBytes} bytes`,
        'PAYLOAD_TOO_LARGE',
      );
    }
    this.writer.addTotal(this.name, chunk.length);
    if (this.#fd !== null) writeSync(this.#fd, chunk);
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }
}
