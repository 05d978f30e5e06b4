/**
 * Draws the tray and app icons into resources/icons/ as PNGs, with Node alone (zlib): a clock
 * face (idle), the face with a pause sign (paused), the face with a filled alert badge
 * (failing). For each state: a macOS template image (black on transparent; macOS tints it for
 * light and dark menu bars), a light and a dark variant for other systems, each at 1x (16 px)
 * and 2x (32 px). Deterministic: running it again gives the same bytes.
 *
 * Usage: node scripts/make-icons.mjs [output folder]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA PNG from a size and a pixel function returning [r, g, b, a] in 0..255. */
export function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const clamp = (v) => Math.max(0, Math.min(1, v));

/** Coverage (0..1) of the glyph at a point in a 16-unit square, by state. */
function coverage(state, u, v) {
  const dx = u - 8;
  const dy = v - 8;
  const r = Math.hypot(dx, dy);
  const ring = clamp(1.2 - Math.abs(r - 6.2) / 0.75);
  const segment = (ax, ay, bx, by, w) => {
    const px = u - ax;
    const py = v - ay;
    const lx = bx - ax;
    const ly = by - ay;
    const t = clamp((px * lx + py * ly) / (lx * lx + ly * ly));
    return clamp(1.2 - Math.hypot(px - lx * t, py - ly * t) / w);
  };
  if (state === 'paused') {
    const bars = Math.max(segment(6.3, 5.2, 6.3, 10.8, 0.8), segment(9.7, 5.2, 9.7, 10.8, 0.8));
    return Math.max(ring, bars);
  }
  const hands = Math.max(segment(8, 8, 8, 4.2, 0.7), segment(8, 8, 10.8, 9.6, 0.7));
  if (state === 'failing') {
    // An alert badge in the lower right, cut out of the face so it reads at 16 px.
    const br = Math.hypot(u - 12.2, v - 12.2);
    if (br < 4.4) return br < 3.6 ? clamp((3.6 - br) * 2) : 0;
    return Math.max(ring, hands);
  }
  return Math.max(ring, hands);
}

/** Supersampled coverage of one pixel. */
function sample(state, size, x, y) {
  const n = 4;
  let sum = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      sum += coverage(state, ((x + (i + 0.5) / n) * 16) / size, ((y + (j + 0.5) / n) * 16) / size);
  return sum / (n * n);
}

const VARIANTS = {
  Template: [0, 0, 0],
  light: [32, 32, 32],
  dark: [240, 240, 240],
};

/** Every icon file name and its bytes. */
export function icons() {
  const out = new Map();
  for (const state of ['idle', 'paused', 'failing']) {
    for (const [variant, rgb] of Object.entries(VARIANTS)) {
      const base = variant === 'Template' ? `tray-${state}Template` : `tray-${state}-${variant}`;
      for (const [suffix, size] of [
        ['', 16],
        ['@2x', 32],
      ]) {
        out.set(
          `${base}${suffix}.png`,
          png(size, (x, y) => [...rgb, Math.round(255 * sample(state, size, x, y))]),
        );
      }
    }
  }
  // The app icon: the idle face, white on a rounded blue square, 512 px for the installers.
  const size = 512;
  out.set(
    'icon.png',
    png(size, (x, y) => {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const q = Math.max(Math.abs(u - 0.5) - 0.34, 0) ** 2 + Math.max(Math.abs(v - 0.5) - 0.34, 0) ** 2;
      const inside = Math.sqrt(q) < 0.12 ? 1 : 0;
      if (!inside) return [0, 0, 0, 0];
      const c = coverage('idle', (u - 0.5) * 20 + 8, (v - 0.5) * 20 + 8);
      const mix = (a, b) => Math.round(a + (b - a) * c);
      return [mix(37, 255), mix(99, 255), mix(235, 255), 255];
    }),
  );
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('../resources/icons/', import.meta.url));
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of icons()) fs.writeFileSync(path.join(dir, name), bytes);
}
