/**
 * What `npm start` runs (docs/desktop.md "Starting"): Electron when its binary is installed, a
 * display exists and Electron's better-sqlite3 build is ready; otherwise one sentence saying why
 * and the headless host. A real temp folder stands in for the installed electron package.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { findElectronBinary } from '../../../core/desktop/electron-binary.ts';
import { decideLaunch, type LaunchFacts } from '../../../core/desktop/launch-decision.ts';
import { obtainElectron, planStart } from '../../../core/desktop/start-desktop.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** An electron package folder as npm installs it, with or without the downloaded binary. */
function electronPackage(
  root: string,
  o: { pathTxt?: boolean; binary?: boolean; installer?: string } = {},
): string {
  const pkg = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  fs.writeFileSync(path.join(pkg, 'abi_version'), '150');
  if (o.pathTxt ?? true) fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
  if (o.binary ?? true) {
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '', { mode: 0o755 });
  }
  if (o.installer) fs.writeFileSync(path.join(pkg, 'install.js'), o.installer);
  return pkg;
}

const display = { DISPLAY: ':0' };

function facts(over: Partial<LaunchFacts>): LaunchFacts {
  return {
    headlessRequested: false,
    platform: 'linux',
    env: display,
    binary: { ok: true, path: '/x/electron', version: '45.5.0' },
    binding: { ok: true, file: '/cache/better_sqlite3.node', prepared: false },
    ...over,
  };
}

test('an installed binary, a display and a ready build launch Electron with that build', (t) => {
  const pkg = electronPackage(tempDir(t));
  const binary = findElectronBinary(pkg, {});
  assert.deepEqual(binary, { ok: true, path: path.join(pkg, 'dist', 'electron'), version: '45.5.0' });
  assert.deepEqual(decideLaunch(facts({ binary })), {
    kind: 'electron',
    binary: path.join(pkg, 'dist', 'electron'),
    nativeBinding: '/cache/better_sqlite3.node',
  });
});

test('a binary never downloaded falls back to headless in one sentence saying so', (t) => {
  const binary = findElectronBinary(electronPackage(tempDir(t), { pathTxt: false, binary: false }), {});
  const d = decideLaunch(facts({ binary }));
  assert.equal(d.kind, 'headless');
  const sentence = (d as { sentence: string }).sentence;
  assert.match(
    sentence,
    /headless .*because Electron is not available: Electron 45\.5\.0's binary has not been downloaded yet\.$/,
  );
  assert.equal(sentence.split('. ').length, 1, 'one sentence');
});

test('a binary named by path.txt but missing from dist is named in the sentence', (t) => {
  const pkg = electronPackage(tempDir(t), { binary: false });
  const d = decideLaunch(facts({ binary: findElectronBinary(pkg, {}) }));
  assert.equal(d.kind, 'headless');
  assert.ok((d as { sentence: string }).sentence.includes(path.join(pkg, 'dist', 'electron')));
});

test('ELECTRON_OVERRIDE_DIST_PATH replaces dist, as the electron package does', (t) => {
  const pkg = electronPackage(tempDir(t), { binary: false });
  const elsewhere = tempDir(t);
  assert.equal(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere }).ok, false);
  fs.writeFileSync(path.join(elsewhere, 'electron'), '');
  assert.deepEqual(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere }), {
    ok: true,
    path: path.join(elsewhere, 'electron'),
    version: '45.5.0',
  });
});

test('no electron package at all is a reason, not a crash', (t) => {
  const r = findElectronBinary(path.join(tempDir(t), 'nothing'), {});
  assert.equal(r.ok, false);
  assert.match((r as { reason: string }).reason, /electron package is not installed/);
});

test('Linux without a display starts headless; macOS and Windows always have one', () => {
  const noDisplay = decideLaunch(facts({ env: {} }));
  assert.match((noDisplay as { sentence: string }).sentence, /no display/);
  assert.equal(decideLaunch(facts({ env: { WAYLAND_DISPLAY: 'wayland-0' } })).kind, 'electron');
  assert.equal(decideLaunch(facts({ env: {}, platform: 'darwin' })).kind, 'electron');
  assert.equal(decideLaunch(facts({ env: {}, platform: 'win32' })).kind, 'electron');
});

test('ATTUNE_HEADLESS=1 starts headless even with Electron installed', () => {
  const d = decideLaunch(facts({ headlessRequested: true }));
  assert.match((d as { sentence: string }).sentence, /ATTUNE_HEADLESS/);
});

test('the native build is prepared only once everything else says Electron, and its failure falls back', () => {
  assert.deepEqual(decideLaunch(facts({ binding: 'unchecked' })), { kind: 'prepare-binding' });
  assert.equal(decideLaunch(facts({ binding: 'unchecked', env: {} })).kind, 'headless');
  const failed = decideLaunch(
    facts({ binding: { ok: false, reason: 'better-sqlite3 could not be prepared' } }),
  );
  assert.match((failed as { sentence: string }).sentence, /because better-sqlite3 could not be prepared\.$/);
});

test("a missing binary is fetched once with the electron package's own installer", (t) => {
  const root = tempDir(t);
  electronPackage(root, {
    pathTxt: false,
    binary: false,
    installer: `const fs = require('fs');
fs.writeFileSync('path.txt', 'electron');
fs.mkdirSync('dist');
fs.writeFileSync('dist/electron', '');`,
  });
  const lines: string[] = [];
  const r = obtainElectron({ root, env: {}, say: (l) => lines.push(l) });
  assert.equal(r.ok, true);
  assert.deepEqual(lines, ['Fetching the Electron binary (first start only)…']);
});

test('a fetch that fails (no network) says so in the reason', (t) => {
  const root = tempDir(t);
  electronPackage(root, { pathTxt: false, binary: false, installer: 'process.exit(1)' });
  const r = obtainElectron({ root, env: {} });
  assert.equal(r.ok, false);
  assert.match(
    (r as { reason: string }).reason,
    /has not been downloaded yet, and fetching it failed \(its installer exited with 1; is there a network\?\)/,
  );
});

test('ELECTRON_SKIP_BINARY_DOWNLOAD keeps the installer from running', (t) => {
  const root = tempDir(t);
  const pkg = electronPackage(root, {
    pathTxt: false,
    binary: false,
    installer: "require('fs').writeFileSync('ran', '')",
  });
  assert.equal(obtainElectron({ root, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }).ok, false);
  assert.equal(fs.existsSync(path.join(pkg, 'ran')), false);
});

/** A project root with electron installed and better-sqlite3's manifest, and a build cache. */
function project(t: Parameters<typeof tempDir>[0]) {
  const root = tempDir(t);
  electronPackage(root);
  const sqlite = path.join(root, 'node_modules', 'better-sqlite3');
  fs.mkdirSync(sqlite, { recursive: true });
  fs.writeFileSync(
    path.join(sqlite, 'package.json'),
    JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }),
  );
  const cache = tempDir(t);
  // No real node-gyp: a test must never download Electron's headers.
  const npm_config_node_gyp = path.join(root, 'no-node-gyp.js');
  return { root, cache, env: { ...display, ATTUNE_CACHE_DIR: cache, npm_config_node_gyp } };
}

test('planStart launches Electron with the cached build for its version when it exists', (t) => {
  const { root, cache, env } = project(t);
  const file = path.join(
    cache,
    'better-sqlite3',
    '12.11.1',
    'electron-45.5.0-abi150-linux-x64',
    'better_sqlite3.node',
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'cached');
  assert.deepEqual(planStart({ root, env, platform: 'linux', arch: 'x64' }), {
    kind: 'electron',
    binary: path.join(root, 'node_modules', 'electron', 'dist', 'electron'),
    nativeBinding: file,
  });
});

test('planStart falls back to headless when the Electron build cannot be prepared', (t) => {
  const { root, env } = project(t);
  const d = planStart({ root, env, platform: 'linux', arch: 'x64' });
  assert.equal(d.kind, 'headless');
  assert.match(
    (d as { sentence: string }).sentence,
    /better-sqlite3 could not be prepared for Electron: download the prebuilt build failed \(exit 1\); compile against Electron's headers failed \(exit 1\)/,
  );
});
