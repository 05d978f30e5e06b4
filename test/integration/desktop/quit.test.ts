/**
 * Quitting the desktop app (docs/desktop.md "Quitting"), with a real engine and a real running
 * execution: the app asks while executions are under way, and the shutdown gives them their
 * grace, kills what is left, closes the store and releases the data folder — no orphan process.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideQuit, shutdownDesktop } from '../../../core/desktop/quit.ts';
import { createEngine } from '../../../core/engine/create-engine.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import { getExecution, getExecutionInternals } from '../../../core/store/index.ts';
import { isAlive, waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('with nothing running, quitting does not ask', async (t) => {
  const engine = createEngine({ dataDir: tempDir(t), logger: silentLogger });
  await engine.start();
  t.after(() => engine.stop(0));
  assert.deepEqual(decideQuit(engine, 10_000), { kind: 'quit' });
});

test('a running execution makes quitting ask; the shutdown then cancels it and leaves no process behind', async (t) => {
  const dataDir = tempDir(t);
  const engine = createEngine({ dataDir, logger: silentLogger });
  await engine.start();
  t.after(() => engine.stop(0));
  const started = engine.execute('core.sleep', { seconds: 300 });
  const pid = await waitFor(() => {
    const running = getExecution(engine.store.read, started.id)?.status === 'running';
    return running ? getExecutionInternals(engine.store.read, started.id)?.pid : null;
  }, 'the execution to run');
  assert.ok(isAlive(pid));

  assert.deepEqual(decideQuit(engine, 10_000), {
    kind: 'ask',
    running: 1,
    message: 'An execution is still running.',
    detail:
      'Quitting gives it 10 s to finish, then cancels it. Timers stop until Attune Desktop starts again.',
    buttons: ['Quit anyway', 'Keep running'],
  });

  const order: string[] = [];
  const outcome = await shutdownDesktop(engine, {
    graceMs: 200,
    before: [
      () => order.push('tray watch stopped'),
      () => {
        throw new Error('a listener that fails to stop');
      },
      () => order.push('failure notices stopped'),
    ],
    onError: (err) => order.push(`error: ${(err as Error).message}`),
  });
  assert.equal(outcome, 'closed');
  assert.deepEqual(order, [
    'tray watch stopped',
    'error: a listener that fails to stop',
    'failure notices stopped',
  ]);
  await waitFor(() => !isAlive(pid), 'the sleep process to be gone');

  // The store was closed and the folder released: the next start takes it and finds the
  // execution ended, not running.
  const next = createEngine({ dataDir, logger: silentLogger });
  t.after(() => next.stop(0));
  const after = getExecution(next.store.read, started.id);
  assert.notEqual(after?.status, 'running');
  assert.ok(['cancelled', 'abandoned', 'failed'].includes(String(after?.status)), String(after?.status));
});

test('several running executions are counted in the question', async (t) => {
  const engine = createEngine({ dataDir: tempDir(t), logger: silentLogger });
  await engine.start();
  t.after(() => engine.stop(0));
  const ids = [
    engine.execute('core.sleep', { seconds: 300 }).id,
    engine.execute('core.sleep', { seconds: 300 }).id,
  ];
  await waitFor(
    () => ids.every((id) => getExecution(engine.store.read, id)?.status === 'running'),
    'both executions to run',
  );
  const d = decideQuit(engine, 5000);
  assert.equal(d.kind === 'ask' && d.message, '2 executions are still running.');
  assert.equal(d.kind === 'ask' && d.detail.startsWith('Quitting gives them 5 s to finish'), true);
  assert.equal(await shutdownDesktop(engine, { graceMs: 100 }), 'closed');
});
