/**
 * The desktop app end to end with Playwright's Electron support (docs/desktop.md): the window
 * opens sandboxed, the preload exposes only the bridge, a channel answers through the validated
 * IPC door; the window shows a rule created through it, an execution arrives live, closing the
 * window leaves the app in the tray, and quitting leaves no process behind. Runs where the
 * Electron binary exists; elsewhere it reports why it did not run.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { findElectronBinary } from '../../core/desktop/electron-binary.ts';
import { bindingFor, cacheRoot } from '../../core/desktop/native-binding.ts';
import { isAlive, pidsWithMarker, waitFor } from '../helpers/processes.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const found = findElectronBinary(path.join(ROOT, 'node_modules/electron'));
const binary = found.ok ? found.path : null;
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
// Electron's own build of better-sqlite3, as `npm start` prepares it (docs/desktop.md).
function electronSqliteBuild(): string | null {
  if (process.env.ATTUNE_SQLITE_BINDING) return process.env.ATTUNE_SQLITE_BINDING;
  if (!found.ok) return null;
  const abi = fs.readFileSync(path.join(ROOT, 'node_modules/electron/abi_version'), 'utf8').trim();
  const sqlite = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8'),
  );
  const rt = {
    kind: 'electron',
    version: found.version,
    abi,
    platform: process.platform,
    arch: process.arch,
  } as const;
  const choice = bindingFor(rt, cacheRoot(), String(sqlite.version));
  return choice.source === 'file' ? choice.file : null;
}
const binding = electronSqliteBuild();
const skip = !found.ok
  ? `Electron is not available (${found.reason}; \`npm start\` fetches it with internet access) — the desktop end-to-end tests did not run`
  : !display
    ? 'no display (run under xvfb-run) — the desktop end-to-end tests did not run'
    : !binding || !fs.existsSync(binding)
      ? `Electron's better-sqlite3 build is not prepared (${binding}; \`npm start\` prepares it on its first run) — the desktop end-to-end tests did not run`
      : false;

type Bridge = {
  attune: {
    invoke(c: string, i: unknown): Promise<{ ok: boolean; data?: unknown }>;
    subscribe(f: string[], l: (n: unknown) => void): () => void;
  };
};

test('the desktop window opens sandboxed and answers channels through the preload bridge', {
  skip,
}, async (t) => {
  const dataDir = tempDir(t);
  const app = await _electron.launch({
    executablePath: binary as string,
    args: [path.join(ROOT, 'out/main/main.js')],
    env: { ...process.env, ATTUNE_DATA_DIR: dataDir, ATTUNE_SQLITE_BINDING: binding as string },
  });
  t.after(() => app.close().catch(() => {}));
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

test('a rule created in the window shows, its execution arrives live, closing hides to the tray, quitting leaves no process', {
  skip,
}, async (t) => {
  const dataDir = tempDir(t);
  const marker = `attune-e2e-${process.pid}-${Date.now()}`;
  const app = await _electron.launch({
    executablePath: binary as string,
    args: [path.join(ROOT, 'out/main/main.js')],
    env: { ...process.env, ATTUNE_DATA_DIR: dataDir, ATTUNE_SQLITE_BINDING: binding as string },
  });
  t.after(() => app.close().catch(() => {}));
  const page = await app.firstWindow();
  const created = await page.evaluate(
    (m) =>
      (globalThis as unknown as Bridge).attune.invoke('rules.create', {
        ref: 'e2e_rule',
        label: 'E2E sleeper',
        trigger_ref: 'core.intervaltimer',
        trigger_params: { interval: 3600 },
        action_ref: 'core.shell',
        action_params: { cmd: `sleep 300 # ${m}` },
      }),
    marker,
  );
  assert.equal(created.ok, true, JSON.stringify(created));
  await page.evaluate(() => {
    location.hash = '/rules';
  });
  await page.waitForFunction(() => (document.body.textContent ?? '').includes('E2E sleeper'));

  const arrived = page.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        const off = (globalThis as unknown as Bridge).attune.subscribe(
          ['notification_type:execution_created'],
          (n) => {
            off();
            resolve(n);
          },
        );
      }),
  );
  const ran = await page.evaluate(() =>
    (globalThis as unknown as Bridge).attune.invoke('rules.run', { ref: 'local.e2e_rule', payload: {} }),
  );
  assert.equal(ran.ok, true, JSON.stringify(ran));
  assert.equal(((await arrived) as { entity_type: string }).entity_type, 'execution');
  await waitFor(() => pidsWithMarker(marker).length > 0, "the rule's process to start");

  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
  const afterClose = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => w.isVisible()),
  );
  assert.deepEqual(afterClose, [false], 'the window is hidden, not destroyed, and the app still runs');

  const pid = app.process().pid as number;
  // One execution is running: the quit question would block, so the test answers it.
  await app.evaluate(({ app: electronApp, dialog }) => {
    dialog.showMessageBoxSync = () => 0;
    electronApp.quit();
  });
  await waitFor(() => !isAlive(pid), 'the app to exit', 30_000);
  await waitFor(() => pidsWithMarker(marker).length === 0, 'no orphaned execution process', 30_000);
});
