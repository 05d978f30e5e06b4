/**
 * The desktop app end to end with Playwright's Electron support: the window opens sandboxed, the
 * preload exposes only the bridge, and a channel answers through the validated IPC door. Runs
 * where the Electron binary exists; elsewhere it reports why it did not run.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { tempDir } from '../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Electron binary if it is installed, without triggering electron's download-on-first-use. */
function electronBinary(): string | null {
  const pkg = path.join(ROOT, 'node_modules/electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

const binary = electronBinary();
const skip = binary
  ? false
  : 'Electron binary not installed (node_modules/electron/dist is missing; it downloads on the first `npx electron` with internet access) — the desktop end-to-end test did not run';

test('the desktop window opens sandboxed and answers channels through the preload bridge', {
  skip,
}, async (t) => {
  const dataDir = tempDir(t);
  const app = await _electron.launch({
    executablePath: binary as string,
    args: [path.join(ROOT, 'out/main/main.js')],
    env: { ...process.env, ATTUNE_DATA_DIR: dataDir },
  });
  t.after(() => app.close());
  const page = await app.firstWindow();
  const isolated = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    bridge: Object.keys((globalThis as { attune?: object }).attune ?? {}).sort(),
  }));
  assert.deepEqual(isolated, { require: 'undefined', process: 'undefined', bridge: ['invoke', 'subscribe'] });
  const health = await page.evaluate(() =>
    (globalThis as unknown as { attune: { invoke(c: string, i: unknown): Promise<unknown> } }).attune.invoke(
      'health.get',
      {},
    ),
  );
  assert.equal((health as { ok: boolean }).ok, true);
  const refused = await page.evaluate(() =>
    (globalThis as unknown as { attune: { invoke(c: string, i: unknown): Promise<unknown> } }).attune.invoke(
      'rules.create',
      { ref: 5 },
    ),
  );
  assert.equal((refused as { ok: boolean; error: { code: string } }).error.code, 'VALIDATION_ERROR');
});
