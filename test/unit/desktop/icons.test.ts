/**
 * The tray and app icons in resources/icons (docs/desktop.md "Tray"): every state (idle, paused,
 * failing) as a macOS template and a light and a dark variant, each at 1x (16 px) and 2x
 * (32 px), valid PNGs, and exactly what scripts/make-icons.mjs draws.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ICONS = path.join(ROOT, 'resources', 'icons');

/** Width, height and RGBA rows of a PNG, checking its signature and every chunk's CRC. */
function readPng(file: string): { width: number; height: number; pixels: Buffer } {
  const b = fs.readFileSync(file);
  assert.deepEqual(
    [...b.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    `${file}: signature`,
  );
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < b.length) {
    const len = b.readUInt32BE(off);
    const type = b.toString('ascii', off + 4, off + 8);
    const data = b.subarray(off + 8, off + 8 + len);
    assert.equal(
      b.readUInt32BE(off + 8 + len),
      zlib.crc32(b.subarray(off + 4, off + 8 + len)),
      `${file}: ${type} CRC`,
    );
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.deepEqual([data[8], data[9]], [8, 6], `${file}: 8-bit RGBA`);
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  return { width, height, pixels: zlib.inflateSync(Buffer.concat(idat)) };
}

const STATES = ['idle', 'paused', 'failing'];

test('every state has a template, a light and a dark icon at 16 px and 32 px', () => {
  for (const state of STATES) {
    for (const base of [`tray-${state}Template`, `tray-${state}-light`, `tray-${state}-dark`]) {
      for (const [suffix, size] of [
        ['', 16],
        ['@2x', 32],
      ] as const) {
        const { width, height } = readPng(path.join(ICONS, `${base}${suffix}.png`));
        assert.deepEqual([width, height], [size, size], `${base}${suffix}.png`);
      }
    }
  }
  const app = readPng(path.join(ICONS, 'icon.png'));
  assert.deepEqual([app.width, app.height], [512, 512]);
});

test('template icons are black with the shape in the alpha channel, as macOS requires', () => {
  for (const state of STATES) {
    const { width, pixels } = readPng(path.join(ICONS, `tray-${state}Template@2x.png`));
    let opaque = 0;
    for (let y = 0; y < width; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * (width * 4 + 1) + 1 + x * 4;
        assert.deepEqual([pixels[i], pixels[i + 1], pixels[i + 2]], [0, 0, 0]);
        if ((pixels[i + 3] as number) > 128) opaque++;
      }
    }
    assert.ok(opaque > 50, `${state}: the glyph is drawn`);
  }
});

test('the three states look different', () => {
  const bytes = STATES.map((s) => readPng(path.join(ICONS, `tray-${s}-light.png`)).pixels.toString('base64'));
  assert.equal(new Set(bytes).size, 3);
});

test('the committed icons are exactly what the script draws', (t) => {
  const out = tempDir(t);
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'make-icons.mjs'), out]);
  const drawn = fs.readdirSync(out).sort();
  assert.deepEqual(drawn, fs.readdirSync(ICONS).sort());
  for (const name of drawn) {
    assert.ok(fs.readFileSync(path.join(out, name)).equals(fs.readFileSync(path.join(ICONS, name))), name);
  }
});
