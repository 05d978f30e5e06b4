/**
 * The status writer on a full disk (docs/security.md, "Faults"): changes the tick cannot commit
 * are kept — not dropped, not fatal — retried every second, and announced only once on disk, in
 * order. SQLite raises SQLITE_FULL itself: the connection may not grow the real file.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { emptyResult } from '../../../core/engine/execute.ts';
import { createNotifier } from '../../../core/engine/notifier.ts';
import { StatusWriter } from '../../../core/engine/status-writer.ts';
import { AttuneError } from '../../../core/model/errors.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import { getExecution, insertExecution, openStore, UnitOfWork } from '../../../core/store/index.ts';
import { waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('changes that cannot be written are kept, retried, and announced once on disk', async (t) => {
  const store = openStore({ file: path.join(tempDir(t), 'attune.db') });
  t.after(() => store.close());
  const id = store.transaction((w) =>
    insertExecution(w, {
      action_ref: 'core.echo',
      config: {},
      enforcement_id: null,
      parent_id: null,
      rule_ref: null,
      status: 'requested',
      timeout_seconds: 60,
      retry_count: 0,
      not_before: null,
      sealed_params: null,
      trace_tag: 't',
      created: 0,
    }),
  );
  const notifier = createNotifier(() => 0);
  const announced: string[] = [];
  notifier.subscribe([], (n) => announced.push(String(n.payload.status)));
  const tick = new UnitOfWork(store, silentLogger);
  const writer = new StatusWriter(tick, notifier, silentLogger);
  tick.register(writer);
  const db = store.read.raw;
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);

  // A 20 KB result needs new pages the file may not have.
  const result = { ...emptyResult(null), stdout: 'x'.repeat(20_000) };
  writer.status(id, 'requested', { status: 'running', at: 1, started: true });
  writer.status(id, 'running', { status: 'completed', at: 2, finished: true, result });
  assert.throws(
    () => tick.flush(),
    (err: unknown) =>
      err instanceof AttuneError && err.code === 'UNAVAILABLE' && /disk is full/.test(err.message),
  );
  assert.equal(tick.tryFlush(), false, 'still full');
  assert.equal(getExecution(store.read, id)?.status, 'requested', 'nothing half-written');
  assert.deepEqual(announced, [], 'nothing announced that is not on disk');

  db.pragma('max_page_count = 1073741823');
  await waitFor(() => getExecution(store.read, id)?.status === 'completed', 'the retry to write it');
  assert.equal(getExecution(store.read, id)?.result?.stdout, result.stdout);
  assert.deepEqual(announced, ['running', 'completed'], 'every transition, in order, after the commit');
});
