/** docs/api.md, CLI — the data folder: `--data-dir`, else ATTUNE_DATA_DIR, else the platform's user-data location. */
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { platformDataDir, resolveDataDir } from '../../../core/host/data-dir.ts';

test('the flag wins over the environment, which wins over the platform default', () => {
  assert.equal(resolveDataDir('/tmp/flag', { ATTUNE_DATA_DIR: '/tmp/env' }), '/tmp/flag');
  assert.equal(resolveDataDir(undefined, { ATTUNE_DATA_DIR: '/tmp/env' }), '/tmp/env');
  assert.equal(resolveDataDir(undefined, {}), platformDataDir({}));
});

test('the platform default is where Electron keeps an app named "Attune Desktop"', () => {
  const home = os.homedir();
  assert.equal(platformDataDir({}, 'linux'), path.join(home, '.config', 'Attune Desktop'));
  assert.equal(platformDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux'), path.join('/x', 'Attune Desktop'));
  assert.equal(
    platformDataDir({}, 'darwin'),
    path.join(home, 'Library', 'Application Support', 'Attune Desktop'),
  );
  assert.equal(
    platformDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32'),
    path.join('C:\\Users\\a\\AppData\\Roaming', 'Attune Desktop'),
  );
});
