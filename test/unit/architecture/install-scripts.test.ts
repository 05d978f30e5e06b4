/**
 * docs/dependencies.md: every dependency install script is reviewed at the exact version the
 * lockfile installs, and decided in package.json's allowScripts, so `npm ci --strict-allow-scripts`
 * passes and an upgrade cannot change what runs at install time without a new review.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  lockedInstallScripts,
  readProject,
  unreviewedInstallScripts,
} from '../../helpers/install-scripts.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('every locked install script is decided in allowScripts and reviewed at its locked version', () => {
  const { pkg, lock } = readProject(ROOT);
  assert.deepEqual(unreviewedInstallScripts(pkg, lock), []);
});

test('the SQLite addon build is approved: without it the store cannot open', () => {
  const { pkg, lock } = readProject(ROOT);
  const sqlite = lockedInstallScripts(lock).find((id) => id.startsWith('better-sqlite3@'));
  assert.ok(sqlite, 'better-sqlite3 is locked with its install script');
  assert.equal(pkg.allowScripts?.['better-sqlite3'], true);
});

test('an upgrade without a new review is reported with the package and version', () => {
  const { pkg, lock } = readProject(ROOT);
  const upgraded = structuredClone(lock);
  const entry = upgraded.packages['node_modules/esbuild'];
  assert.ok(entry, 'esbuild is locked');
  entry.version = '99.0.0';
  assert.deepEqual(unreviewedInstallScripts(pkg, upgraded), [
    'esbuild@99.0.0 is not in reviewedInstallScripts (review the script at this version, then record it)',
    `reviewedInstallScripts names esbuild@${lock.packages['node_modules/esbuild']?.version}, which the lockfile does not install`,
  ]);
});

test('a new dependency with an undecided install script is reported', () => {
  const { pkg, lock } = readProject(ROOT);
  const added = structuredClone(lock);
  added.packages['node_modules/evil-postinstall'] = { version: '1.0.0', hasInstallScript: true };
  assert.deepEqual(unreviewedInstallScripts(pkg, added), [
    'evil-postinstall@1.0.0 runs an install script that allowScripts neither approves nor denies',
    'evil-postinstall@1.0.0 is not in reviewedInstallScripts (review the script at this version, then record it)',
  ]);
});
