/**
 * Which better-sqlite3 build each runtime loads (docs/desktop.md "The native module"): Node keeps
 * node_modules' build; Electron loads a build prepared outside node_modules, cached per
 * better-sqlite3 version, Electron version and ABI, and passed as `nativeBinding`. Preparing
 * runs real child processes in a staging copy and never touches node_modules' build.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import {
  BINDING_FILE,
  bindingFor,
  cacheRoot,
  electronBuildDir,
  prepareSteps,
  type Runtime,
} from '../../../core/desktop/native-binding.ts';
import { prepareBinding } from '../../../core/desktop/prepare-binding.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const electron45 = {
  kind: 'electron',
  version: '45.5.0',
  abi: '150',
  platform: 'linux',
  arch: 'x64',
} as const;

test("Node loads better-sqlite3's default build from node_modules", () => {
  assert.deepEqual(bindingFor({ kind: 'node', abi: process.versions.modules }, '/cache', '12.11.1'), {
    source: 'default',
    abi: process.versions.modules,
  });
});

test('Electron loads the cached file for its own version and ABI, outside node_modules', () => {
  const choice = bindingFor(electron45, '/cache', '12.11.1');
  assert.deepEqual(choice, {
    source: 'file',
    abi: '150',
    file: path.join('/cache', 'better-sqlite3', '12.11.1', 'electron-45.5.0-abi150-linux-x64', BINDING_FILE),
  });
});

test('every part of the cache key separates builds: Electron version, ABI, platform, arch, better-sqlite3 version', () => {
  const base = bindingFor(electron45, '/c', '12.11.1') as { file: string };
  const variants: Array<[Runtime, string]> = [
    [{ ...electron45, version: '46.0.0' }, '12.11.1'],
    [{ ...electron45, abi: '151' }, '12.11.1'],
    [{ ...electron45, platform: 'darwin' }, '12.11.1'],
    [{ ...electron45, arch: 'arm64' }, '12.11.1'],
    [electron45, '12.12.0'],
  ];
  const files = variants.map(([rt, v]) => (bindingFor(rt, '/c', v) as { file: string }).file);
  assert.equal(new Set([base.file, ...files]).size, 6);
});

test('a version that is not a version is refused, naming the field', () => {
  assert.throws(
    () => electronBuildDir('/c', '12.11.1', { ...electron45, version: '../../etc' }),
    /^Error: version is not a version/,
  );
  assert.throws(() => electronBuildDir('/c', '', electron45), /^Error: sqliteVersion is not a version/);
});

test('the cache lives in the per-user cache folder; ATTUNE_CACHE_DIR overrides it', () => {
  assert.equal(cacheRoot({ ATTUNE_CACHE_DIR: '/tmp/c' }, 'linux'), '/tmp/c');
  assert.equal(
    cacheRoot({ XDG_CACHE_HOME: '/home/u/.cache' }, 'linux'),
    path.join('/home/u/.cache', 'attune-desktop'),
  );
  assert.match(cacheRoot({}, 'darwin'), /Library\/Caches\/Attune Desktop$/);
});

test("the steps target Electron's version and empty npm's nodedir so a compile cannot use Node's headers", () => {
  const steps = prepareSteps(electron45, { node: 'node', prebuildInstall: 'pi.js', nodeGyp: 'gyp.js' });
  assert.deepEqual(
    steps.map((s) => s.args),
    [
      ['pi.js', '--runtime=electron', '--target=45.5.0', '--arch=x64', '--platform=linux'],
      [
        'gyp.js',
        'rebuild',
        '--release',
        '--target=45.5.0',
        '--arch=x64',
        '--dist-url=https://electronjs.org/headers',
      ],
    ],
  );
  for (const s of steps) assert.equal(s.env.npm_config_nodedir, '');
});

/** A stand-in better-sqlite3 package whose own build must survive preparation untouched. */
function sqlitePackage(t: Parameters<typeof tempDir>[0]): string {
  const pkg = tempDir(t);
  fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"better-sqlite3","version":"12.11.1"}');
  fs.mkdirSync(path.join(pkg, 'build', 'Release'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'build', 'Release', BINDING_FILE), 'node-abi build');
  return pkg;
}

/** A step that runs `script` with node in the staging copy. */
const step = (what: string, script: string) => ({
  what,
  command: process.execPath,
  args: ['-e', script],
  env: {},
});
const writesBuild = (content: string) =>
  step(
    'build',
    `const fs=require('fs');fs.mkdirSync('build/Release',{recursive:true});fs.writeFileSync('build/Release/${BINDING_FILE}','${content}')`,
  );

test('a cached build is used as it is, without running any step', (t) => {
  const file = path.join(tempDir(t), 'k', BINDING_FILE);
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, 'cached');
  const marker = path.join(tempDir(t), 'ran');
  const r = prepareBinding({
    sqlitePackageDir: sqlitePackage(t),
    file,
    steps: [step('x', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`)],
  });
  assert.deepEqual(r, { ok: true, file, prepared: false });
  assert.equal(fs.existsSync(marker), false);
});

test("the first step that leaves a build wins; it lands in the cache and node_modules' build is untouched", (t) => {
  const pkg = sqlitePackage(t);
  const cache = tempDir(t);
  const file = path.join(cache, 'better-sqlite3', '12.11.1', 'key', BINDING_FILE);
  const r = prepareBinding({
    sqlitePackageDir: pkg,
    file,
    steps: [step('download', 'process.exit(1)'), writesBuild('electron-abi build'), writesBuild('never')],
  });
  assert.deepEqual(r, { ok: true, file, prepared: true });
  assert.equal(fs.readFileSync(file, 'utf8'), 'electron-abi build');
  assert.equal(fs.readFileSync(path.join(pkg, 'build', 'Release', BINDING_FILE), 'utf8'), 'node-abi build');
  assert.deepEqual(
    fs.readdirSync(path.dirname(path.dirname(file))),
    ['key'],
    'no staging folder left behind',
  );
});

test("the staging copy starts without node_modules' build, so it cannot be taken for Electron's", (t) => {
  const file = path.join(tempDir(t), 'k', BINDING_FILE);
  const r = prepareBinding({ sqlitePackageDir: sqlitePackage(t), file, steps: [step('nothing', '')] });
  assert.deepEqual(r, {
    ok: false,
    reason: 'better-sqlite3 could not be prepared for Electron: nothing failed (it left no build file)',
  });
  assert.equal(fs.existsSync(file), false);
});

test('when every step fails the reason names each, and nothing is cached', (t) => {
  const file = path.join(tempDir(t), 'k', BINDING_FILE);
  const r = prepareBinding({
    sqlitePackageDir: sqlitePackage(t),
    file,
    steps: [step('download the prebuilt build', 'process.exit(2)'), step('compile', 'process.exit(3)')],
  });
  assert.equal(r.ok, false);
  assert.equal(
    (r as { reason: string }).reason,
    'better-sqlite3 could not be prepared for Electron: download the prebuilt build failed (exit 2); compile failed (exit 3)',
  );
  assert.equal(fs.existsSync(file), false);
});

test('a prepared file is what better-sqlite3 loads through nativeBinding', (t) => {
  // Node's ABI stands in for Electron's here (compiling for Electron needs its headers): the
  // point is the load path, from the cache folder, not node_modules.
  const nodeBuild = path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', BINDING_FILE);
  const file = path.join(tempDir(t), 'better-sqlite3', '12.11.1', 'node', BINDING_FILE);
  const r = prepareBinding({
    sqlitePackageDir: path.join(ROOT, 'node_modules', 'better-sqlite3'),
    file,
    steps: [
      step(
        'copy',
        `const fs=require('fs');fs.mkdirSync('build/Release',{recursive:true});fs.copyFileSync(${JSON.stringify(nodeBuild)},'build/Release/${BINDING_FILE}')`,
      ),
    ],
  });
  assert.equal(r.ok, true);
  const db = new Database(':memory:', { nativeBinding: file });
  t.after(() => db.close());
  assert.deepEqual(db.prepare('select 41 + 1 as n').get(), { n: 42 });
});
