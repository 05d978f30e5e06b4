/**
 * A byte-for-byte reproducible .tar.gz: entries in the order given, fixed mtime, uid/gid 0, no
 * user or group names, fixed modes, gzip header without a time and with a fixed OS byte. The
 * same files always give the same archive, so an export can be compared and checksummed.
 */
import { gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';

/** 2000-01-01T00:00:00Z: a fixed time that no tool mistakes for "unset". */
export const FIXED_MTIME = new Date(946_684_800_000);

export interface TarEntry {
  /** Relative path with forward slashes; a directory ends with `/`. */
  path: string;
  /** File contents; empty for a directory. */
  bytes: Uint8Array;
  mode: number;
}

const BLOCK = 512;
/** GNU tar pads archives to 20 blocks; doing the same keeps strict readers quiet. */
const RECORD = 20 * BLOCK;

function headerBlock(entry: TarEntry): Buffer[] {
  const isDir = entry.path.endsWith('/');
  const data = {
    path: entry.path,
    mode: entry.mode,
    uid: 0,
    gid: 0,
    size: isDir ? 0 : entry.bytes.length,
    mtime: FIXED_MTIME,
    type: isDir ? ('Directory' as const) : ('File' as const),
    uname: '',
    gname: '',
  };
  const header = new Header(data);
  header.encode();
  if (!header.needPax) return [header.block!];
  // Long paths go in a PAX extended header, with the same fixed time.
  const pax = new Pax({ path: entry.path, mtime: FIXED_MTIME }).encode();
  const short = new Header({ ...data, path: entry.path.slice(-99) });
  short.encode();
  return [pax, short.block!];
}

/** The uncompressed tar bytes of `entries`. */
export function tarBytes(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(...headerBlock(entry));
    if (!entry.path.endsWith('/') && entry.bytes.length > 0) {
      parts.push(Buffer.from(entry.bytes));
      const pad = (BLOCK - (entry.bytes.length % BLOCK)) % BLOCK;
      if (pad > 0) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  const size = parts.reduce((n, p) => n + p.length, 0);
  const tail = (RECORD - (size % RECORD)) % RECORD;
  if (tail > 0) parts.push(Buffer.alloc(tail));
  return Buffer.concat(parts);
}

/** Gzip with no timestamp and OS byte 3 (Unix) on every platform. */
export function gzipDeterministic(bytes: Uint8Array): Buffer {
  const out = gzipSync(bytes, { level: 9 });
  out.writeUInt32LE(0, 4);
  out[9] = 3;
  return out;
}
