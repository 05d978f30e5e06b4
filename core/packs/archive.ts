/**
 * Pack archives (.tar.gz, .tar, .zip) → a fresh temporary folder (SPEC §7 import). Every entry
 * is checked by archive-guard.ts before it is written; the first refusal stops extraction,
 * deletes the folder and throws an error naming the entry. The pack may sit at the archive's
 * root or inside exactly one top-level folder (as GitHub's release archives do).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

type Format = 'tar' | 'zip';

async function detectFormat(file: string): Promise<Format> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(262);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x06054b50) return 'zip';
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar';
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
    else await extractTar(file, writer);
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

function extractTar(file: string, writer: GuardedWriter): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const input = createReadStream(file);
    const parser = new Parser({ strict: true });
    let failed = false;
    let current: GuardedFile | null = null;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      current?.close();
      input.destroy();
      parser.abort(err instanceof Error ? err : new Error(String(err)));
      reject(err);
    };
    parser.on('entry', (entry: ReadEntry) => {
      if (failed) return entry.resume();
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
        if (segments === null || isMacMetadata(segments)) return entry.resume();
        if (entry.type === 'Directory') {
          writer.directory(segments);
          return entry.resume();
        }
        writer.checkDeclaredSize(name, entry.size);
        const out = writer.open(name, segments, ((entry.mode ?? 0) & 0o111) !== 0);
        current = out;
        entry.on('data', (chunk: Buffer) => {
          if (failed) return;
          try {
            out.write(chunk);
          } catch (err) {
            fail(err);
          }
        });
        entry.on('end', () => {
          out.close();
          if (current === out) current = null;
        });
      } catch (err) {
        entry.resume();
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
    parser.on('end', () => {
      if (!failed) resolve();
    });
    input.on('error', fail);
    input.pipe(parser);
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
        if (openErr || !zip) {
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
              if (streamErr || !stream) {
                out.close();
                fail(
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
