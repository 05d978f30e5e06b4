/**
 * The installer configuration (docs/desktop.md "Packaging"). electron-builder needs Electron's
 * download to run, so here its config is checked for what the packaged app relies on: the three
 * installers, the bundles and runtime files it ships, every resource it names existing, and
 * better-sqlite3 rebuilt for the packaged Electron and kept outside the archive.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  extraResources: Array<{ from: string; to: string }>;
  asarUnpack: string[];
  npmRebuild: boolean;
  icon: string;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
}

const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'electron-builder.json'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

test('the installers are an AppImage, a dmg and an NSIS setup', () => {
  assert.deepEqual(
    [config.linux.target, config.mac.target, config.win.target],
    [['AppImage'], ['dmg'], ['nsis']],
  );
  assert.equal(config.productName, 'Attune Desktop');
  assert.match(config.appId, /^[a-z]+(\.[a-z]+)+$/);
});

test("the app ships the built bundles, including package.json's main entry", () => {
  assert.ok(config.files.includes('out/**/*'));
  assert.ok(config.files.includes('package.json'));
  assert.match(pkg.main, /^out\/main\//);
});

test('the core pack and the tray icons ship as real folders where main.ts looks for them', () => {
  assert.deepEqual(config.extraResources, [
    { from: 'resources/packs', to: 'packs' },
    { from: 'resources/icons', to: 'icons' },
  ]);
  for (const r of config.extraResources)
    assert.ok(fs.statSync(path.join(ROOT, r.from)).isDirectory(), r.from);
  assert.ok(fs.existsSync(path.join(ROOT, 'resources/packs/core/pack.yaml')));
  const main = fs.readFileSync(path.join(ROOT, 'electron/main.ts'), 'utf8');
  assert.match(main, /path\.join\(process\.resourcesPath, 'packs', 'core'\)/);
});

test('the app icon exists and is large enough for every installer (512 px)', () => {
  const png = fs.readFileSync(path.join(ROOT, config.icon));
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [512, 512]);
});

test('better-sqlite3 is rebuilt for the packaged Electron and unpacked from the archive', () => {
  assert.equal(config.npmRebuild, true);
  assert.ok(config.asarUnpack.includes('node_modules/better-sqlite3/**/*'));
});

test('npm run dist builds first, then runs electron-builder with this config', () => {
  assert.match(
    pkg.scripts.dist ?? '',
    /^npm run build && npx --yes electron-builder@[\d.]+ --config electron-builder\.json$/,
  );
  assert.equal(config.directories.output, 'dist');
});
