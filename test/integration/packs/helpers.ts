/**
 * Helpers for the pack integration tests (docs/packs.md): multipart uploads and exports through the
 * real REST API, a snapshot of everything an import could change (row counts of every table and
 * the packs folder), fixture copies, a loopback HTTP listener, and hostile archives built in the
 * test so nothing large is committed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';
import type { PackReport } from '../../../core/contract/packs.ts';
import type { TestHost } from '../../helpers/host.ts';
import { FIXTURE_PACKS } from '../../helpers/host.ts';

export { readTree } from '../../unit/packs/helpers.ts';

export interface ApiAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
  bytes: Buffer;
}

/** The error body every failing route answers. */
export interface ErrorBody {
  error: string;
  code: string;
  details?: { field?: string; problems?: unknown };
}

/** POSTs a multipart form with the archive in the field `pack` (what `attune pack upload` sends). */
export async function uploadPack<T = { data: PackReport }>(
  host: TestHost,
  bytes: Uint8Array,
  filename: string,
  fields: Record<string, string> = {},
  route = '/api/v1/packs/import',
): Promise<ApiAnswer<T>> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('pack', new Blob([new Uint8Array(bytes)]), filename);
  const res = await fetch(`${host.url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}` },
    body: form,
  });
  return answer<T>(res);
}

/** POSTs JSON to the export route and keeps the raw bytes (a .tar.gz answers application/gzip). */
export async function exportPack<T = unknown>(host: TestHost, body: unknown): Promise<ApiAnswer<T>> {
  const res = await fetch(`${host.url}/api/v1/packs/export`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return answer<T>(res);
}

async function answer<T>(res: Response): Promise<ApiAnswer<T>> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    body: (json ? JSON.parse(bytes.toString()) : {}) as T,
  };
}

/** Everything an import could change: rows per table, and every file under `<dataDir>/packs`. */
export function snapshot(host: TestHost): { rows: Record<string, number>; files: string[] } {
  const db = host.engine.store.read.raw;
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>;
  const rows: Record<string, number> = {};
  for (const { name } of tables) {
    rows[name] = (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n;
  }
  const files: string[] = [];
  const walk = (dir: string, rel: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = `${rel}${e.name}${e.isDirectory() ? '/' : ''}`;
      files.push(r);
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
    }
  };
  walk(path.join(host.dataDir, 'packs'), '');
  return { rows, files: files.sort() };
}

/** Copies a fixture pack into a fresh folder under `root` and returns the copy. */
export function copyFixturePack(name: string, root: string, as = name): string {
  const dir = path.join(root, as);
  fs.cpSync(path.join(FIXTURE_PACKS, name), dir, { recursive: true });
  return dir;
}

/** Writes files (relative path → text) into a new pack folder. */
export function writePack(root: string, name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text, { mode: /\.(sh|mjs|js|py)$/.test(rel) ? 0o755 : 0o644 });
  }
  return dir;
}

export interface Received {
  method: string;
  url: string;
  body: string;
}

/** A loopback HTTP listener that records each request and answers 200 `{"ok": true}`. */
export async function listen(t: Pick<TestContext, 'after'>): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, received };
}

/** Signs a webhook body the way `X-Webhook-Signature` expects (hex HMAC-SHA256). */
export function sign(secret: string, body: string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * A zip of `copies` entries, each `entryBytes` of zeros deflated (a few KiB each), headers
 * honest: together they inflate past the 200 MiB total cap while each stays under the
 * per-entry cap, so only counting bytes while inflating stops it.
 */
export function zipBomb(entryBytes: number, copies: number, packYaml: string): Buffer {
  const entries: Array<{ name: string; data: Buffer; compressed: Buffer; crc: number; size: number }> = [];
  const yamlData = Buffer.from(packYaml);
  entries.push({
    name: 'pack.yaml',
    data: yamlData,
    compressed: deflateRawSync(yamlData),
    crc: crc32(yamlData),
    size: yamlData.length,
  });
  const zeros = Buffer.alloc(entryBytes);
  const compressed = deflateRawSync(zeros, { level: 9 });
  const crc = crc32(zeros);
  for (let i = 0; i < copies; i++) {
    entries.push({ name: `actions/blob${i}.bin`, data: zeros, compressed, crc, size: entryBytes });
  }
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + e.compressed.length;
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

/** Every file under `dir` whose bytes contain `needle`, as relative paths. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && fs.readFileSync(full).includes(needle)) hits.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return hits;
}

/** Runs the real CLI (`bin/attune-desktop.js`) in a child process against a data folder. */
export { runCli as cli } from '../../helpers/cli.ts';
