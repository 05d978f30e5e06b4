/**
 * The executor's bookkeeping around a run (docs/engine.md, "Executions and the status machine",
 * "Overlap (per rule)", "Crash and restart", "Shutdown", "Writes and durability"): a cancel
 * answers with the row as written and names what it refuses; a second cancel of a run already
 * `canceling` leaves it to finish; a run resumed at the next start gets its rule, trigger, trace
 * tag and environment back and counts for its rule while it runs; `idle` waits for the retries
 * the last runs queued; a shutdown whose grace ends while a run is already `canceling` leaves it
 * to finish; a rule firing the full disk refused leaves no reservation behind. Driven in process:
 * a real engine on a temp data folder (real SQLite), the real runners, a SimClock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGINE_NOW, shellRule, startExecutorEngine, until, WALK } from '../../helpers/executor-engine.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('a cancel names what it refuses; a waiting run cancelled ends with finished_at; a second cancel of a canceling run leaves it to finish', async (t) => {
  const f = await startExecutorEngine(t, { maxConcurrent: 1 });
  await assert.rejects(f.engine.cancel(9999), { code: 'NOT_FOUND', message: 'execution "9999" not found' });
  // A process that ignores SIGTERM: it ends at the SIGKILL after the kill grace.
  const a = f.engine.execute('core.shell', { cmd: 'trap "" TERM; sleep 30' });
  const b = f.engine.execute('core.noop', {});
  await until(() => f.row(a.id).status === 'running', 'a to run');
  f.clock.advance(1000);
  assert.equal((await f.engine.cancel(b.id)).status, 'cancelled');
  assert.equal(f.row(b.id).finished_at, ENGINE_NOW + 1000);
  assert.equal((await f.engine.cancel(a.id)).status, 'canceling');
  assert.equal((await f.engine.cancel(a.id)).status, 'canceling', 'asked again: still canceling');
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(a.id), [...WALK, 'running>canceling', 'canceling>cancelled']);
  await assert.rejects(f.engine.cancel(a.id), (err: unknown) => {
    assert.deepEqual(
      { ...(err as object), message: (err as Error).message },
      {
        code: 'CONFLICT',
        field: 'id',
        location: undefined,
        details: undefined,
        name: 'AttuneError',
        message: `execution ${a.id} is already cancelled`,
      },
    );
    return true;
  });
  assert.deepEqual(f.errors, []);
});

test('a cancel of a run the executor does not drive changes its row and announces it for the execution', async (t) => {
  const f = await startExecutorEngine(t);
  await f.engine.executor.stop(100);
  const x = f.engine.execute('core.noop', {});
  f.clock.advance(2000);
  assert.equal((await f.engine.cancel(x.id)).status, 'cancelled');
  assert.equal(f.row(x.id).finished_at, ENGINE_NOW + 2000);
  assert.deepEqual(f.changes, [
    { id: x.id, entity: 'execution', status: 'cancelled', previous: 'requested' },
  ]);
});

test('idle waits for the retries the last runs queued, and for them to run', async (t) => {
  const f = await startExecutorEngine(t);
  shellRule(f, 'local.again', {
    action_params: { cmd: 'exit 1' },
    retry: { count: 2, delay: 0, backoff: 'constant' },
  });
  await f.engine.runRule('local.again', {});
  await f.engine.executor.idle();
  assert.deepEqual(
    f.runsOf('local.again').map((r) => `${r.retry_count}:${r.status}`),
    ['0:failed', '1:failed', '2:failed'],
  );
  assert.deepEqual(
    f.engine.executor.activeForRule('local.again'),
    [],
    'ended runs no longer count for the rule',
  );
});

test('a shutdown whose grace ends while a run is already canceling leaves it to finish canceling', async (t) => {
  // The process ignores SIGTERM and is killed after a second: well past the shutdown's grace.
  const f = await startExecutorEngine(t, { killGraceMs: 1000 });
  const x = f.engine.execute('core.shell', { cmd: 'trap "" TERM; sleep 30' });
  await until(() => f.row(x.id).status === 'running', 'x to run');
  assert.equal((await f.engine.cancel(x.id)).status, 'canceling');
  await f.engine.executor.stop(20);
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(x.id), [...WALK, 'running>canceling', 'canceling>cancelled']);
  assert.deepEqual(f.errors, []);
});

test('runs resumed at the next start get their rule, trigger, trace tag and environment, and count for their rule while they run', async (t) => {
  // docs/engine.md, "Crash and restart": `requested` executions are resumed; docs/attune-compat.md,
  // "env_vars"; the ATTUNE_* context of docs/engine.md's runners.
  const dir = tempDir(t);
  const f = await startExecutorEngine(t, { dataDir: dir });
  shellRule(f, 'local.res', {
    action_params: {
      cmd: 'printf "%s|%s|%s" "$ATTUNE_RULE" "$ATTUNE_TRIGGER" "$ATTUNE_TRACE_TAG"; sleep 0.3',
    },
  });
  await f.engine.executor.stop(100);
  await f.engine.runRule('local.res', {});
  const m = f.engine.execute(
    'core.shell',
    { cmd: 'printf "%s" "$GREETING"' },
    { env_vars: { GREETING: 'hello' } },
  );
  const [r] = f.runsOf('local.res');
  assert.ok(r);
  assert.equal(f.row(r.id).status, 'requested');
  await f.stop(100);

  const g = await startExecutorEngine(t, { dataDir: dir });
  await until(() => g.row(r.id).status === 'running', 'the resumed rule run to run');
  assert.deepEqual(g.engine.executor.activeForRule('local.res'), [r.id]);
  await until(() => g.row(r.id).status === 'completed', 'the resumed rule run to end');
  await g.engine.executor.idle();
  assert.equal(g.result(r.id).stdout, `local.res|core.intervaltimer|${r.trace_tag}`);
  assert.equal(g.result(m.id).stdout, 'hello');
  assert.deepEqual(g.engine.executor.activeForRule('local.res'), []);
});

test('a rule firing the full disk refused leaves nothing behind: the next firing of its single rule runs', async (t) => {
  // docs/engine.md, "Writes and durability" (a full disk writes nothing of the tick; ingest
  // callers hear UNAVAILABLE) and "Overlap (per rule)" (`single`).
  const f = await startExecutorEngine(t);
  for (const [ref, overlap] of [
    ['local.one', 'single'],
    ['local.big', 'parallel'],
  ] as const) {
    f.engine.rules.create({
      ref,
      trigger_ref: 'core.intervaltimer',
      trigger_params: { unit: 'hours', interval: 1000 },
      action_ref: 'core.noop',
      overlap,
      enabled: false,
    });
    f.engine.rules.update(ref, { enabled: true });
  }
  const db = f.engine.store.read.raw;
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  try {
    // One tick, one transaction: the single rule's firing is written first, then the large event
    // the disk cannot take sinks both.
    const both = await Promise.allSettled([
      f.engine.runRule('local.one', {}),
      f.engine.runRule('local.big', { big: 'x'.repeat(300_000) }),
    ]);
    assert.deepEqual(
      both.map((r) => r.status === 'rejected' && (r.reason as { code: string }).code),
      ['UNAVAILABLE', 'UNAVAILABLE'],
    );
  } finally {
    db.pragma('max_page_count = 1073741823');
  }
  assert.deepEqual(f.engine.executor.activeForRule('local.one'), []);
  await f.engine.runRule('local.one', {});
  await f.engine.executor.idle();
  assert.deepEqual(
    f.runsOf('local.one').map((r) => r.status),
    ['completed'],
  );
});
