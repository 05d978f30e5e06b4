/**
 * The executor's orchestration (docs/engine.md, "Executions and the status machine", "Overlap",
 * "Retry", "Shutdown"; docs/concepts.md, "Execution statuses"): every run walks the status
 * machine one step at a time, waits only in `requested` (for the pool, its rule's turn, a retry's
 * delay), fails from `scheduled` when its action is unknown or disabled or its parameters are
 * wrong, and a cancel ends it in whatever status it is. Driven in process: a real engine on a
 * temp data folder (real SQLite), the real runners (builtin `core.noop`, shell `core.sleep` and
 * `core.shell` as real child processes), a SimClock for retry delays.
 */
import assert from 'node:assert/strict';
import { after, type TestContext, test } from 'node:test';
import type { Execution } from '../../../core/model/entities.ts';
import { type ExecutorEngine, startExecutorEngine, until, WALK } from '../../helpers/executor-engine.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

// Two engines for the whole file (starting one costs more than most tests): one with the default
// pool, one with a pool of one. Each test uses its own actions' runs or its own rule.
const engines = new Map<number, Promise<ExecutorEngine>>();
const fileScope = { after: (fn: () => unknown) => fileCleanups.push(fn) };
const fileCleanups: Array<() => unknown> = [];
after(async () => {
  for (const fn of fileCleanups.reverse()) await fn();
});
function engineOf(
  _t: Pick<TestContext, 'after'>,
  o: { maxConcurrent?: number } = {},
): Promise<ExecutorEngine> {
  const n = o.maxConcurrent ?? 16;
  let e = engines.get(n);
  if (!e) {
    e = startExecutorEngine(fileScope, o);
    engines.set(n, e);
  }
  return e;
}

test('a manual run walks requested, scheduling, scheduled, running to completed, each step announced', async (t) => {
  const f = await engineOf(t);
  const x = f.engine.execute('core.noop', {});
  assert.equal(x.status, 'requested');
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(x.id), [...WALK, 'running>completed']);
  assert.equal(f.row(x.id).status, 'completed');
  assert.notEqual(f.row(x.id).started_at, null);
});

test('a process that fails ends failed with its exit code; its pid is recorded while it runs and cleared after', async (t) => {
  const f = await engineOf(t);
  const x = f.engine.execute('core.shell', { cmd: 'echo out; exit 3' });
  const output: string[] = [];
  f.engine.notifier.subscribe(['notification_type:execution_output'], (n) => {
    output.push((n.payload as { chunk: string }).chunk);
  });
  let pidSeen: unknown = null;
  await until(() => {
    pidSeen ??= f.row(x.id).pid;
    return f.row(x.id).status === 'failed';
  }, 'the run to end');
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(x.id), [...WALK, 'running>failed']);
  assert.equal(f.result(x.id).exit_code, 3);
  assert.equal(typeof pidSeen, 'number', 'the pid is on disk while the process runs');
  assert.equal(f.row(x.id).pid, null);
  assert.equal(output.join(''), 'out\n');
});

test('a disabled action fails its run from scheduled with the reason, and nothing runs', async (t) => {
  const f = await engineOf(t);
  f.engine.updateAction('core.noop', { enabled: false });
  const x = f.engine.execute('core.noop', {});
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(x.id), ['requested>scheduling', 'scheduling>scheduled', 'scheduled>failed']);
  assert.equal(f.result(x.id).error, 'Action core.noop is disabled');
  assert.equal(f.row(x.id).started_at, null);
});

test('the pool runs at most maxConcurrentExecutions at once; the others wait in requested', async (t) => {
  const f = await engineOf(t, { maxConcurrent: 1 });
  const a = f.engine.execute('core.sleep', { seconds: 0.2 });
  const b = f.engine.execute('core.noop', {});
  await until(() => f.row(a.id).status === 'running', 'a to run');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(f.row(b.id).status, 'requested', 'b waits for the slot');
  await f.engine.executor.idle();
  assert.equal(f.row(a.id).status, 'completed');
  assert.equal(f.row(b.id).status, 'completed');
  const order = f.changes
    .filter(
      (c) => (c.id === a.id || c.id === b.id) && (c.status === 'scheduling' || c.status === 'completed'),
    )
    .map((c) => `${c.id}:${c.status}`);
  assert.deepEqual(order, [
    `${a.id}:scheduling`,
    `${a.id}:completed`,
    `${b.id}:scheduling`,
    `${b.id}:completed`,
  ]);
});

test('a cancel while waiting ends the run cancelled before it starts; a cancel while running goes through canceling', async (t) => {
  const f = await engineOf(t, { maxConcurrent: 1 });
  const a = f.engine.execute('core.sleep', { seconds: 30 });
  const b = f.engine.execute('core.noop', {});
  await until(() => f.row(a.id).status === 'running', 'a to run');
  const cb = await f.engine.cancel(b.id);
  assert.equal(cb.status, 'cancelled', 'the answer carries the row as written');
  assert.equal(f.result(b.id).error, 'cancelled');
  const ca = await f.engine.cancel(a.id);
  assert.equal(ca.status, 'canceling');
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(a.id), [...WALK, 'running>canceling', 'canceling>cancelled']);
  assert.deepEqual(f.statusesOf(b.id), ['requested>cancelled']);
  assert.equal(f.row(b.id).started_at, null);
  await assert.rejects(f.engine.cancel(a.id), {
    code: 'CONFLICT',
    message: `execution ${a.id} is already cancelled`,
  });
  await assert.rejects(f.engine.cancel(9999), { code: 'NOT_FOUND' });
});

test('a retry waits in requested for its delay on the clock, then runs as a new execution', async (t) => {
  const f = await engineOf(t);
  f.engine.rules.create({
    ref: 'local.flaky',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { unit: 'hours', interval: 1000 },
    action_ref: 'core.shell',
    action_params: { cmd: 'exit 1' },
    enabled: false,
    retry: { count: 1, delay: 30, backoff: 'constant' },
  });
  f.engine.rules.update('local.flaky', { enabled: true });
  await f.engine.runRule('local.flaky', {});
  const runs = () =>
    f.engine.store.read.raw
      .prepare("SELECT * FROM executions WHERE rule_ref = 'local.flaky' ORDER BY id")
      .all() as Execution[];
  await until(() => runs().length === 2, 'the retry to be written');
  const [first, retry] = runs();
  assert.ok(first && retry);
  assert.equal(first.status, 'failed');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(f.row(retry.id).status, 'requested', 'the retry waits for its delay');
  f.clock.advance(29_999);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(f.row(retry.id).status, 'requested');
  f.clock.advance(1);
  await until(() => f.row(retry.id).status === 'failed', 'the retry to run');
  assert.equal(f.row(retry.id).retry_count, 1);
});

test('a queue rule runs its executions one after another, in order', async (t) => {
  const f = await engineOf(t);
  f.engine.rules.create({
    ref: 'local.q',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { unit: 'hours', interval: 1000 },
    action_ref: 'core.sleep',
    action_params: { seconds: 0.1 },
    overlap: 'queue',
    enabled: false,
  });
  f.engine.rules.update('local.q', { enabled: true });
  await f.engine.runRule('local.q', {});
  await f.engine.runRule('local.q', {});
  await until(() => f.ofRule('local.q').filter((c) => c.status === 'completed').length === 2, 'both to end');
  const seq = f
    .ofRule('local.q')
    .filter((c) => c.status === 'running' || c.status === 'completed')
    .map((c) => c.status);
  assert.deepEqual(seq, ['running', 'completed', 'running', 'completed']);
});

test('a restart rule cancels the running execution before the new one starts', async (t) => {
  const f = await engineOf(t);
  f.engine.rules.create({
    ref: 'local.r',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { unit: 'hours', interval: 1000 },
    action_ref: 'core.sleep',
    action_params: { seconds: 30 },
    overlap: 'restart',
    enabled: false,
  });
  f.engine.rules.update('local.r', { enabled: true });
  await f.engine.runRule('local.r', {});
  const mine = () => f.ofRule('local.r');
  await until(() => mine().some((c) => c.status === 'running'), 'the first to run');
  await f.engine.runRule('local.r', {});
  await until(() => mine().filter((c) => c.status === 'running').length === 2, 'the second to run');
  const first = mine()[0]?.id as number;
  assert.deepEqual(f.statusesOf(first), [...WALK, 'running>canceling', 'canceling>cancelled']);
  const i = mine().findIndex((c) => c.status === 'cancelled');
  const j = mine().findLastIndex((c) => c.status === 'running');
  assert.ok(i !== -1 && i < j, 'cancelled before the new one runs');
  await f.engine.cancel(mine()[j]?.id as number);
  await f.engine.executor.idle();
});

test('a shutdown leaves waiting runs requested and cancels one still running after the grace; the next start runs the waiting one', async (t) => {
  const dir = tempDir(t);
  const f = await startExecutorEngine(t, { maxConcurrent: 1, dataDir: dir });
  const a = f.engine.execute('core.sleep', { seconds: 30 });
  const b = f.engine.execute('core.noop', {});
  await until(() => f.row(a.id).status === 'running', 'a to run');
  await f.stop(100);
  assert.deepEqual(f.statusesOf(a.id), [...WALK, 'running>canceling', 'canceling>cancelled']);
  assert.deepEqual(f.statusesOf(b.id), []);
  const g = await startExecutorEngine(t, { dataDir: dir });
  await until(() => g.row(b.id).status === 'completed', 'b to run after the restart');
  await g.engine.executor.idle();
  assert.deepEqual(g.statusesOf(b.id), [...WALK, 'running>completed']);
  assert.equal(g.row(a.id).status, 'cancelled');
  assert.deepEqual(
    f.changes.find((c) => c.id === a.id && c.status === 'canceling')?.reason,
    'cancelled: Attune Desktop was shutting down',
  );
});

test('parameters are checked when the run is scheduled: a missing one fails it with the reason, nothing runs', async (t) => {
  const f = await engineOf(t);
  const x = f.engine.execute('core.shell', {});
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(x.id), ['requested>scheduling', 'scheduling>scheduled', 'scheduled>failed']);
  assert.equal(f.result(x.id).error, 'Missing required parameter: cmd');
  assert.equal(f.row(x.id).started_at, null);
});

test('a retry that fails again with no retries left marks its event retry_exhausted', async (t) => {
  const f = await engineOf(t);
  f.engine.rules.create({
    ref: 'local.once',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { unit: 'hours', interval: 1000 },
    action_ref: 'core.shell',
    action_params: { cmd: 'exit 2' },
    enabled: false,
    retry: { count: 1, delay: 0, backoff: 'constant' },
  });
  f.engine.rules.update('local.once', { enabled: true });
  await f.engine.runRule('local.once', {});
  const outcome = () =>
    (
      f.engine.store.read.raw
        .prepare("SELECT outcome FROM evaluations WHERE rule_ref = 'local.once'")
        .get() as {
        outcome: string;
      }
    ).outcome;
  await until(() => outcome() === 'retry_exhausted', 'the retries to be used up');
  const runs = f.engine.store.read.raw
    .prepare("SELECT status, retry_count FROM executions WHERE rule_ref = 'local.once' ORDER BY id")
    .all();
  assert.deepEqual(runs, [
    { status: 'failed', retry_count: 0 },
    { status: 'failed', retry_count: 1 },
  ]);
});

test('a rule disabled while its run waits for the pool cancels the run before it starts', async (t) => {
  const f = await engineOf(t, { maxConcurrent: 1 });
  f.engine.rules.create({
    ref: 'local.d',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { unit: 'hours', interval: 1000 },
    action_ref: 'core.noop',
    enabled: false,
  });
  f.engine.rules.update('local.d', { enabled: true });
  const a = f.engine.execute('core.sleep', { seconds: 0.2 });
  await until(() => f.row(a.id).status === 'running', 'a to run');
  await f.engine.runRule('local.d', {});
  const [x] = f.engine.store.read.raw
    .prepare("SELECT * FROM executions WHERE rule_ref = 'local.d'")
    .all() as Execution[];
  assert.ok(x);
  f.engine.rules.update('local.d', { enabled: false });
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(x.id), ['requested>cancelled']);
  assert.equal(f.result(x.id).error, 'rule disabled before the execution started');
  const enf = f.engine.store.read.raw
    .prepare('SELECT status FROM enforcements WHERE id = ?')
    .get(x.enforcement_id) as {
    status: string;
  };
  assert.equal(enf.status, 'disabled');
});

test('a queued run cancelled while it waits for its turn ends cancelled, and the queue goes on', async (t) => {
  const f = await engineOf(t);
  f.engine.rules.create({
    ref: 'local.qc',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { unit: 'hours', interval: 1000 },
    action_ref: 'core.sleep',
    action_params: { seconds: 0.2 },
    overlap: 'queue',
    enabled: false,
  });
  f.engine.rules.update('local.qc', { enabled: true });
  for (let i = 0; i < 3; i++) await f.engine.runRule('local.qc', {});
  const ids = (
    f.engine.store.read.raw
      .prepare("SELECT id FROM executions WHERE rule_ref = 'local.qc' ORDER BY id")
      .all() as Array<{
      id: number;
    }>
  ).map((r) => r.id);
  assert.equal(ids.length, 3);
  const [first, second, third] = ids as [number, number, number];
  await until(() => f.row(first).status === 'running', 'the first to run');
  assert.equal((await f.engine.cancel(second)).status, 'cancelled');
  await until(() => f.row(third).status === 'completed', 'the third to run');
  assert.deepEqual(f.statusesOf(second), ['requested>cancelled']);
  assert.equal(f.row(first).status, 'completed');
  const seq = f
    .ofRule('local.qc')
    .filter((c) => c.status === 'running' || c.status === 'completed')
    .map((c) => `${c.id}:${c.status}`);
  assert.deepEqual(seq, [`${first}:running`, `${first}:completed`, `${third}:running`, `${third}:completed`]);
});

test('once stopping, a new run is left requested; a cancel of it changes the row directly', async (t) => {
  const f = await startExecutorEngine(t);
  await f.engine.executor.stop(100);
  const x = f.engine.execute('core.noop', {});
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(f.row(x.id).status, 'requested');
  assert.deepEqual(f.engine.executor.activeForRule('local.none'), []);
  const c = await f.engine.cancel(x.id);
  assert.equal(c.status, 'cancelled');
  assert.equal(f.result(x.id).error, 'cancelled');
  assert.deepEqual(f.statusesOf(x.id), ['requested>cancelled']);
});
