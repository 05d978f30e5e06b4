/**
 * Shared helpers for the pack tests (docs/packs.md): fixture paths, file trees read back as bytes,
 * a resolver for the core pack, and hand-built archives (raw tar headers, a minimal zip
 * writer) for the extraction refusals, so no hostile archive is committed to the repository.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { DEFAULT_CORE_PACK_DIR } from '../../../core/engine/create-engine.ts';
import { AttuneError } from '../../../core/model/errors.ts';
import {
  extractPackArchive,
  loadPackFolder,
  modelResolver,
  type RefResolver,
} from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/packs/', import.meta.url));

/** Every regular file under `dir`: relative path → bytes and permission bits, sorted by path. */
export function readTree(dir: string): Map<string, { bytes: Buffer; mode: number }> {
  const out = new Map<string, { bytes: Buffer; mode: number }>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else {
        const full = path.join(dir, child);
        out.set(child, { bytes: fs.readFileSync(full), mode: fs.statSync(full).mode & 0o777 });
      }
    }
  };
  walk('');
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Copies a fixture pack into `dest` (a fresh folder) and returns the copy's path. */
export function copyFixture(name: string, dest: string): string {
  const target = path.join(dest, name);
  fs.cpSync(path.join(FIXTURES, name), target, { recursive: true });
  return target;
}

/** The core pack as validation sees it: the real one, from resources/packs/core. */
export const coreResolver: RefResolver = (() => {
  const core = loadPackFolder(DEFAULT_CORE_PACK_DIR);
  if (!core.ok) throw new Error(`the core pack does not load: ${JSON.stringify(core.problems)}`);
  return modelResolver(core.model);
})();

/** One raw tar entry; anything the format allows, including what extraction must refuse. */
export interface RawTarEntry {
  path: string;
  type?:
    | 'File'
    | 'OldFile'
    | 'ContiguousFile'
    | 'Directory'
    | 'SymbolicLink'
    | 'Link'
    | 'FIFO'
    | 'CharacterDevice'
    | 'ExtendedHeader'
    | 'SolarisACL'
    | 'TapeVolumeHeader';
  /** The entry's data, whatever its type (a folder or a pax record may carry bytes too). */
  bytes?: Uint8Array;
  linkpath?: string;
  mode?: number;
}

/** A gzipped tar built from raw headers (node-tar's writer would sanitise the paths). */
export function rawTarGz(entries: RawTarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const bytes = Buffer.from(e.bytes ?? new Uint8Array(0));
    const type = e.type ?? 'File';
    const header = new Header({
      path: e.path,
      type,
      mode: e.mode ?? (type === 'Directory' ? 0o755 : 0o644),
      size: bytes.length,
      mtime: new Date(0),
      uid: 0,
      gid: 0,
      ...(e.linkpath !== undefined ? { linkpath: e.linkpath } : {}),
    });
    header.encode();
    parts.push(header.block!);
    if (bytes.length > 0) {
      parts.push(bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512));
    }
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One zip entry; `declaredSize` lets a test lie in the headers the way a zip bomb does. */
export interface RawZipEntry {
  name: string;
  data?: Uint8Array;
  /** Unix mode including the file type bits (0o100644 file, 0o120777 symlink). */
  unixMode?: number;
  declaredSize?: number;
  /** General purpose bit flag (default 0x0800: the name is UTF-8; bit 0 marks encryption). */
  flags?: number;
  /** The name's bytes as stored, when not `name` in UTF-8 (a Latin-1 name). */
  nameBytes?: Buffer;
  /** "Version made by" (default Unix, 3 << 8, whose external attributes carry the mode). */
  madeBy?: number;
}

/** A minimal zip (deflate, UTF-8 names, Unix attributes) written by hand. */
export function rawZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.from(e.data ?? new Uint8Array(0));
    const compressed = deflateRawSync(data);
    const name = e.nameBytes ?? Buffer.from(e.name, 'utf8');
    const flags = e.flags ?? 0x0800;
    const size = e.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.madeBy ?? (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.unixMode ?? (e.name.endsWith('/') ? 0o40755 : 0o100644)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The pack.yaml of the smallest valid pack, for archives built in a test. */
export const TINY_PACK_YAML = new TextEncoder().encode('ref: tiny\nlabel: Tiny\nversion: "1.0.0"\n');

/** `bytes` written as the archive `name` in a temporary folder, beside an empty folder to extract under. */
export function archiveFile(
  t: TestContext,
  name: string,
  bytes: Uint8Array,
): { file: string; parent: string } {
  const root = tempDir(t);
  const parent = path.join(root, 'parent');
  fs.mkdirSync(parent);
  const file = path.join(root, name);
  fs.writeFileSync(file, bytes);
  return { file, parent };
}

/** Why extracting `file` is refused (code, message, field); its temporary folder must be gone. */
export async function extractRefusal(
  file: string,
  parent: string,
  limits = {},
): Promise<{ code: string; message: string; field: string | undefined }> {
  let caught: unknown;
  await assert.rejects(
    extractPackArchive(file, { tempParent: parent, limits }).catch((err: unknown) => {
      caught = err;
      throw err;
    }),
  );
  assert.ok(caught instanceof AttuneError, String(caught));
  assert.deepEqual(fs.readdirSync(parent), [], 'the temporary folder is removed');
  return { code: caught.code, message: caught.message, field: caught.field };
}
