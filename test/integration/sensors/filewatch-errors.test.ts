/**
 * What goes wrong with a watched path (docs/sensors.md, "Built-in sensors: filewatch and
 * system"): a missing or unreadable path is refused at save naming `trigger_params.path`; a
 * folder deleted later is a sensor error while the engine runs on, and the watch recovers when
 * the folder is back.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../../core/engine/create-engine.ts';
import { AttuneError } from '../../../core/model/errors.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import { startTestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { eventsOf, filewatchRule, waitFor, watchRunning } from './support.ts';

function refusal(fn: () => unknown): { field: unknown; message: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AttuneError, String(err));
    assert.equal(err.code, 'VALIDATION_ERROR');
    return { field: err.field, message: err.message };
  }
  assert.fail('the rule was saved');
}

test('a missing, relative or unreadable path is refused at save, naming trigger_params.path', async (t) => {
  const host = await startTestHost(t);
  const dir = tempDir(t);
  const missing = path.join(dir, 'nope');

  const r = await host.api<{ error: string; details?: unknown }>('POST', '/api/v1/rules', {
    ref: 'watch',
    trigger_ref: 'core.filewatch',
    trigger_params: { path: missing },
    action_ref: 'core.noop',
  });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, `trigger_params.path ${JSON.stringify(missing)} does not exist`);

  const { engine } = host;
  const create = (params: Record<string, unknown>) => () => filewatchRule(engine, 'w', params);
  assert.deepEqual(refusal(create({ path: 'relative/folder' })), {
    field: 'trigger_params.path',
    message: 'trigger_params.path "relative/folder" is not absolute (start it with / or ~/)',
  });
  assert.deepEqual(refusal(create({})), {
    field: 'trigger_params.path',
    message: 'trigger_params.path is required (a folder or file, e.g. "~/Inbox")',
  });
  assert.equal(refusal(create({ path: dir, events: ['moved'] })).field, 'trigger_params.events');
  assert.equal(refusal(create({ path: dir, debounce_ms: 1 })).field, 'trigger_params.debounce_ms');
  assert.equal(refusal(create({ path: dir, recursive: 'yes' })).field, 'trigger_params.recursive');
  if (process.getuid?.() !== 0) {
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o000 });
    t.after(() => fs.chmodSync(locked, 0o700));
    assert.deepEqual(refusal(create({ path: locked })), {
      field: 'trigger_params.path',
      message: `trigger_params.path ${JSON.stringify(locked)} cannot be read (permission denied)`,
    });
  }
  assert.deepEqual(engine.filewatch.watches(), []);
});

test('a saved rule is normalised with its defaults and a disabled rule can be saved after its folder went', async (t) => {
  const host = await startTestHost(t);
  const dir = tempDir(t);
  const rule = filewatchRule(host.engine, 'defaults', { path: dir });
  assert.deepEqual(rule.trigger_params, {
    path: dir,
    glob: '*',
    events: ['add', 'change', 'unlink'],
    debounce_ms: 500,
    recursive: false,
  });
  fs.rmSync(dir, { recursive: true });
  const disabled = host.engine.rules.update('local.defaults', { enabled: false });
  assert.equal(disabled.enabled, false);
  assert.equal(
    refusal(() => host.engine.rules.update('local.defaults', { enabled: true })).field,
    'trigger_params.path',
  );
});

test('a watched folder deleted later is a sensor error, the engine runs on, and the watch recovers', async (t) => {
  const engine = createEngine({ dataDir: tempDir(t), logger: silentLogger, defaultTimezone: 'UTC' });
  await engine.start();
  t.after(() => engine.stop(1000));
  const parent = tempDir(t);
  const dir = path.join(parent, 'inbox');
  fs.mkdirSync(dir);
  filewatchRule(engine, 'gone', { path: dir, debounce_ms: 50 });
  await watchRunning(engine, 'local.gone');

  fs.rmSync(dir, { recursive: true });
  const failed = await waitFor('the sensor error', () => {
    const s = engine.filewatch.state();
    return s.status === 'backoff' ? s : undefined;
  });
  assert.match(String(failed.last_error), /inbox/);
  assert.equal(failed.restarts, 0);
  // The engine is alive: other work goes on.
  const manual = engine.execute('core.noop', {});
  assert.ok(manual.id > 0);

  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'back.txt'), 'x');
  await watchRunning(engine, 'local.gone');
  const recovered = engine.filewatch.state();
  assert.equal(recovered.status, 'running');
  // The last error stays readable after the recovery; the watch itself is clear.
  assert.match(String(recovered.last_error), /inbox was removed/);
  assert.equal(engine.filewatch.watches()[0]?.error, null);
  assert.equal(recovered.restarts, 1);
  await waitFor('the file found on recovery', () =>
    eventsOf(engine, 'local.gone').some((e) => e.payload['path'] === path.join(dir, 'back.txt'))
      ? true
      : undefined,
  );
  fs.writeFileSync(path.join(dir, 'after.txt'), 'x');
  await waitFor('a file written after recovery', () =>
    eventsOf(engine, 'local.gone').some((e) => e.payload['path'] === path.join(dir, 'after.txt'))
      ? true
      : undefined,
  );
});
