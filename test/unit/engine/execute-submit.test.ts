/**
 * What the executor takes on (docs/engine.md, "Executions and the status machine" and "Crash and
 * restart"): it drives an execution that is `requested` — a new one, or one the next start
 * resumes by id, read from the store. An id that names no execution, or one that already ended,
 * is not driven: nothing runs again and nothing is written. A real engine in process (temp data
 * folder, real SQLite, a real shell process), its log kept and read.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../../core/engine/create-engine.ts';
import type { Logger } from '../../../core/model/logger.ts';
import { SimClock } from '../../../core/schedule/sim-clock.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('submitting an execution that already ended, or an unknown id, drives nothing', async (t) => {
  const dir = tempDir(t);
  const logged: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn(msg) {
      logged.push(`warn: ${msg}`);
    },
    error(msg) {
      logged.push(`error: ${msg}`);
    },
  };
  const engine = createEngine({
    dataDir: dir,
    clock: new SimClock(Date.parse('2027-03-01T10:00:00Z')),
    logger,
    defaultTimezone: 'UTC',
    retention: false,
  });
  await engine.start();
  t.after(() => engine.stop(1000));
  const marks = path.join(dir, 'marks');
  const x = engine.execute('core.shell', { cmd: `echo ran >> '${marks}'` });
  await engine.executor.idle();
  const status = () =>
    engine.store.read.raw.prepare('SELECT status FROM executions WHERE id = ?').pluck().get(x.id);
  assert.equal(status(), 'completed');
  const changes: unknown[] = [];
  engine.notifier.subscribe(['notification_type:execution_status_changed'], (n) => changes.push(n.payload));

  engine.executor.submit(x.id);
  engine.executor.submit(9999);
  await engine.executor.idle();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(fs.readFileSync(marks, 'utf8'), 'ran\n', 'the process ran once');
  assert.equal(status(), 'completed');
  assert.deepEqual(changes, []);
  assert.deepEqual(logged, []);
});
