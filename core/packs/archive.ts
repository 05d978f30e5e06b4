/**
 * Pack archives (.tar.gz, .tar, .zip) → a fresh temporary folder (docs/packs.md, "Importing"). Every entry
 * is checked by archive-guard.ts before it is written; the first refusal stops extraction,
 * deletes the folder and throws an error naming the entry. The pack may sit at the archive's
 * root or inside exactly one top-level folder (as GitHub's release archives do).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import yauzl from 'yauzl';
import {
  type ArchiveLimits,
  archiveError,
  DEFAULT_ARCHIVE_LIMITS,
  entrySegments,
  type GuardedFile,
  GuardedWriter,
} from './archive-guard.ts';

/** An extracted pack; `cleanup` removes the whole temporary folder. */
export interface ExtractedPack {
  /** The temporary folder everything was extracted into. */
  root: string;
  /** The folder holding pack.yaml: `root` or its single top-level folder. */
  packDir: string;
  cleanup(): Promise<void>;
}

export interface ExtractOptions {
  limits?: Partial<ArchiveLimits>;
  /** Where the temporary folder is created (default: the OS temp folder). */
  tempParent?: string;
}

type Format = 'tar.gz' | 'tar' | 'zip';

async function detectFormat(file: string): Promise<Format> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(262);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x06054b50) return 'zip';
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
    if (bytesRead >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
    throw archiveError('the file is not a .tar.gz, .tar or .zip archive');
  } finally {
    await handle.close();
  }
}

/** Extracts `file` into a new temporary folder and finds the pack in it. */
export async function extractPackArchive(file: string, options: ExtractOptions = {}): Promise<ExtractedPack> {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  const format = await detectFormat(file);
  const root = await mkdtemp(join(options.tempParent ?? tmpdir(), 'attune-pack-'));
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    const writer = new GuardedWriter(root, limits);
    if (format === 'zip') await extractZip(file, writer);
    else await extractTar(file, format === 'tar.gz', writer);
    return { root, packDir: await findPackDir(root), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** pack.yaml at the root, or inside the one and only top-level folder. */
async function findPackDir(root: string): Promise<string> {
  const isFile = async (p: string) => (await stat(p).catch(() => null))?.isFile() === true;
  if (await isFile(join(root, 'pack.yaml'))) return root;
  const entries = await readdir(root, { withFileTypes: true });
  if (
    entries.length === 1 &&
    entries[0]!.isDirectory() &&
    (await isFile(join(root, entries[0]!.name, 'pack.yaml')))
  ) {
    return join(root, entries[0]!.name);
  }
  throw archiveError('the archive has no pack.yaml at its root or inside a single top-level folder');
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

/** macOS adds these to zips it creates; they are not part of the pack. */
function isMacMetadata(segments: string[]): boolean {
  return segments[0] === '__MACOSX';
}

/**
 * Tar headers, padding and pax records around each entry's data, allowed on top of
 * `maxTotalBytes` when the whole inflated stream is counted.
 */
const TAR_OVERHEAD_PER_ENTRY = 4096;

/**
 * Every inflated byte is counted: an entry's data against the caps whether it is kept or skipped
 * (macOS metadata, folders), and the whole stream against the total cap plus header room, so pax
 * records cannot carry a bomb either. Entry types tar itself ignores count as entries and by their
 * declared size; tar drops their data unread, so the stream cap is what bounds it. Reading stops
 * at the end-of-archive marker: what follows it is never inflated.
 */
function extractTar(file: string, gzipped: boolean, writer: GuardedWriter): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const input = createReadStream(file);
    const inflate = gzipped ? createGunzip() : null;
    const source: Readable = inflate ? input.pipe(inflate) : input;
    const parser = new Parser({ strict: true });
    const { maxTotalBytes, maxEntries } = writer.limits;
    const streamCap = maxTotalBytes + (maxEntries + 2) * TAR_OVERHEAD_PER_ENTRY;
    let streamBytes = 0;
    let settled = false;
    const open = new Set<GuardedFile>();
    const stop = (): void => {
      for (const out of open) out.close();
      open.clear();
      source.removeAllListeners('data');
      input.destroy();
      inflate?.destroy();
    };
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      stop();
      parser.abort(err instanceof Error ? err : new Error(String(err)));
      reject(err);
    };
    const finish = (): void => {
      if (settled) return;
      // Stryker disable next-line BooleanLiteral: a second finish (tar's end after eof) only stops again and settles a settled promise
      settled = true;
      stop();
      resolve();
    };
    const pump = (entry: ReadEntry, out: GuardedFile): void => {
      open.add(out);
      entry.on('data', (chunk: Buffer) => {
        if (settled) return;
        try {
          out.write(chunk);
        } catch (err) {
          fail(err);
        }
      });
      // Stryker disable next-line BlockStatement,StringLiteral: stop() closes every file still open when the parser finishes
      entry.on('end', () => {
        out.close();
        open.delete(out);
      });
    };
    parser.on('entry', (entry: ReadEntry) => {
      if (settled) return entry.resume();
      try {
        const name = entry.path;
        writer.countEntry(name);
        if (entry.type !== 'Directory' && !FILE_TYPES.has(entry.type)) {
          const what = /Link/.test(entry.type) ? 'a link' : `of type ${entry.type}`;
          throw archiveError(
            `archive entry "${name}" is refused: it is ${what}; only files and folders are allowed`,
          );
        }
        const segments = entrySegments(name);
        writer.checkDeclaredSize(name, entry.size);
        if (segments === null || isMacMetadata(segments)) return pump(entry, writer.discard(name));
        if (entry.type === 'Directory') {
          writer.directory(segments);
          return pump(entry, writer.discard(name));
        }
        pump(entry, writer.open(name, segments, ((entry.mode ?? 0) & 0o111) !== 0));
      } catch (err) {
        entry.resume();
        fail(err);
      }
    });
    // Entries of types tar does not know, and oversized pax records: skipped, still counted.
    parser.on('ignoredEntry', (entry: ReadEntry) => {
      if (settled) return;
      try {
        writer.countEntry(entry.path);
        writer.checkDeclaredSize(entry.path, entry.size);
        // tar drops this data unread today; counted should a later tar version hand it over.
        pump(entry, writer.discard(entry.path));
      } catch (err) {
        fail(err);
      }
    });
    parser.on('error', (err: Error & { header?: { path?: string } }) => {
      // node-tar's strict mode refuses malformed headers itself; name the entry when it can.
      const name = err.header?.path;
      fail(
        archiveError(
          name === undefined
            ? `the archive cannot be read: ${err.message}`
            : `archive entry "${name}" is refused: ${err.message}`,
        ),
      );
    });
    parser.on('eof', finish);
    parser.on('end', finish);
    source.on('data', (chunk: Buffer) => {
      streamBytes += chunk.length;
      if (streamBytes > streamCap) {
        fail(
          archiveError(`archive inflates to more than ${streamCap} bytes of tar data`, 'PAYLOAD_TOO_LARGE'),
        );
        return;
      }
      // Stryker disable next-line BlockStatement: unreachable with node-tar 7.5 (docs/testing.md); the back-pressure is for a slower writer
      if (!parser.write(chunk)) {
        source.pause();
        // Stryker disable next-line ArrowFunction,StringLiteral: unreachable with node-tar 7.5 (docs/testing.md)
        parser.once('drain', () => source.resume());
      }
    });
    source.on('end', () => parser.end());
    // A pipe does not pass the file's errors on to the gunzip stream: both are listened to.
    const unreadable = (err: Error): void => fail(archiveError(`the archive cannot be read: ${err.message}`));
    input.on('error', unreadable);
    inflate?.on('error', unreadable);
  });
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

function extractZip(file: string, writer: GuardedWriter): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    yauzl.open(
      file,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true },
      (openErr, zip) => {
        // Stryker disable next-line LogicalOperator: yauzl passes an error or a zip file, never neither
        if (openErr || !zip) {
          // Stryker disable next-line OptionalChaining: reached only with an error (yauzl passes one or a zip file)
          reject(archiveError(`the archive cannot be read: ${openErr?.message ?? 'unknown error'}`));
          return;
        }
        let failed = false;
        const fail = (err: unknown): void => {
          if (failed) return;
          failed = true;
          zip.close();
          reject(err);
        };
        if (zip.entryCount > writer.limits.maxEntries) {
          fail(
            archiveError(
              `archive has ${zip.entryCount} entries; the limit is ${writer.limits.maxEntries}`,
              'PAYLOAD_TOO_LARGE',
            ),
          );
          return;
        }
        zip.on('error', (err: Error) => fail(archiveError(`the archive cannot be read: ${err.message}`)));
        zip.on('end', () => {
          if (!failed) resolve();
        });
        zip.on('entry', (entry: yauzl.Entry) => {
          if (failed) return;
          try {
            const raw = (entry.fileNameRaw ?? (entry.fileName as unknown as Buffer)) as Buffer | string;
            const name =
              // Stryker disable next-line StringLiteral: with decodeStrings false yauzl always gives the name as bytes
              typeof raw === 'string'
                ? raw
                : raw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
            writer.countEntry(name);
            const unixMode = entry.versionMadeBy >> 8 === 3 ? entry.externalFileAttributes >>> 16 : 0;
            const type = unixMode & S_IFMT;
            const isDir = name.endsWith('/') || type === S_IFDIR;
            if (type !== 0 && type !== S_IFDIR && type !== S_IFREG) {
              const what = type === 0o120000 ? 'a symbolic link' : 'a device, fifo or socket';
              throw archiveError(
                `archive entry "${name}" is refused: it is ${what}; only files and folders are allowed`,
              );
            }
            if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
              throw archiveError(`archive entry "${name}" is encrypted`);
            }
            const segments = entrySegments(name);
            if (segments === null || isMacMetadata(segments)) return zip.readEntry();
            if (isDir) {
              writer.directory(segments);
              return zip.readEntry();
            }
            writer.checkDeclaredSize(name, entry.uncompressedSize);
            const out = writer.open(name, segments, (unixMode & 0o111) !== 0);
            zip.openReadStream(entry, (streamErr, stream) => {
              // Stryker disable next-line LogicalOperator: yauzl passes an error or a stream, never neither
              if (streamErr || !stream) {
                out.close();
                fail(
                  // Stryker disable next-line OptionalChaining: reached only with an error (yauzl passes one or a stream)
                  archiveError(`archive entry "${name}" cannot be read: ${streamErr?.message ?? 'no data'}`),
                );
                return;
              }
              stream.on('data', (chunk: Buffer) => {
                if (failed) return;
                try {
                  out.write(chunk);
                } catch (err) {
                  stream.destroy();
                  out.close();
                  fail(err);
                }
              });
              stream.on('error', (err: Error) => {
                out.close();
                fail(archiveError(`archive entry "${name}" is corrupt: ${err.message}`));
              });
              stream.on('end', () => {
                out.close();
                if (!failed) zip.readEntry();
              });
            });
          } catch (err) {
            fail(err);
          }
        });
        zip.readEntry();
      },
    );
  });
}
