/**
 * docs/concepts.md, "Execution statuses"; docs/runners.md, "Timeout and cancel" — timeout and cancel: SIGTERM to the whole process group, SIGKILL after the grace
 * period, statuses `timeout` / `cancelled`, partial output kept, nothing left running.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  assertNoLeftoverProcesses,
  isAlive,
  makeAction,
  makeSandbox,
  type Sandbox,
  waitFor,
} from './support.ts';

describe('timeout and cancel', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(async () => {
    await assertNoLeftoverProcesses(sb);
    await sb.dispose();
  });

  async function pidsFrom(file: string): Promise<number[]> {
    return (await readFile(file, 'utf8')).trim().split(/\s+/).map(Number);
  }

  // Each script below would run for 30 s if it were not stopped: the 15 s test timeout fails the
  // test when a run waits for it (how soon a run ends is not asserted; see docs/testing.md).
  const STOPPED_LONG_BEFORE_30_S = { timeout: 15_000 };
  const SLOW_GRACE_MS = 3000;

  it(
    'times out, keeps partial output and kills the background grandchild too',
    STOPPED_LONG_BEFORE_30_S,
    async () => {
      const pidFile = path.join(sb.root, 'pids');
      const script = `sleep 30 & echo "$$ $!" > '${pidFile}'; echo started; echo progress >&2; sleep 30`;
      const out = await sb.runners.run(
        sb.request(makeAction({ entry_point: script }), { timeoutSeconds: 1 }),
      );
      assert.equal(out.status, 'timeout');
      assert.equal(out.result.error, 'timed out after 1 s');
      assert.equal(out.result.stdout, 'started\n');
      assert.equal(out.result.stderr, 'progress\n');
      const [shell, grandchild] = await pidsFrom(pidFile);
      assert.equal(await isAlive(shell ?? 0), false, 'the script is gone');
      assert.equal(await isAlive(grandchild ?? 0), false, 'the background sleep is gone');
    },
  );

  it(
    'sends SIGTERM first and escalates to SIGKILL when the group outlives it',
    STOPPED_LONG_BEFORE_30_S,
    async (t) => {
      // A grace long enough for a loaded machine to run the trap: this test is about order.
      const slow = await makeSandbox({ killGraceMs: SLOW_GRACE_MS });
      t.after(() => slow.dispose());
      const pidFile = path.join(slow.root, 'pids');
      const termFile = path.join(slow.root, 'term');
      // The script notes SIGTERM and carries on (short sleeps let the trap run at once); its
      // background child ignores SIGTERM. Only SIGKILL, after the grace period, stops them.
      const script = [
        `trap 'echo got TERM >> "${termFile}"' TERM`,
        `(trap '' TERM; sleep 30) & echo "$$ $!" > '${pidFile}'; echo ready`,
        'while :; do sleep 0.05; done',
      ].join('\n');
      const out = await slow.runners.run(
        slow.request(makeAction({ entry_point: script }), { timeoutSeconds: 0.5 }),
      );
      assert.equal(out.status, 'timeout');
      assert.equal(out.result.stdout, 'ready\n');
      assert.equal(
        await readFile(termFile, 'utf8'),
        'got TERM\n',
        `SIGTERM came first, ${SLOW_GRACE_MS} ms before SIGKILL`,
      );
      for (const pid of await pidsFrom(pidFile))
        assert.equal(await isAlive(pid), false, `pid ${pid} survived`);
      await assertNoLeftoverProcesses(slow);
    },
  );

  it('cancels mid-run: status cancelled, partial output kept, group killed', async () => {
    const pidFile = path.join(sb.root, 'pids');
    const controller = new AbortController();
    const script = `sleep 30 & echo "$$ $!" > '${pidFile}'; echo partial; sleep 30; echo never`;
    const running = sb.runners.run(
      sb.request(makeAction({ entry_point: script }), { signal: controller.signal }),
    );
    await waitFor(() => sb.live.some((l) => l.chunk.includes('partial')));
    controller.abort();
    const out = await running;
    assert.equal(out.status, 'cancelled');
    assert.equal(out.result.error, 'cancelled');
    assert.equal(out.result.stdout, 'partial\n');
    for (const pid of await pidsFrom(pidFile)) assert.equal(await isAlive(pid), false, `pid ${pid} survived`);
  });

  it('lets a script clean up on SIGTERM before it is stopped', async () => {
    const controller = new AbortController();
    const script = `trap 'echo cleaning up; exit 143' TERM; echo ready; sleep 30 & wait`;
    const running = sb.runners.run(
      sb.request(makeAction({ entry_point: script }), { signal: controller.signal }),
    );
    await waitFor(() => sb.live.some((l) => l.chunk.includes('ready')));
    controller.abort();
    const out = await running;
    assert.equal(out.status, 'cancelled');
    assert.equal(out.result.stdout, 'ready\ncleaning up\n');
  });

  it('does not start anything when cancel was requested before the run', async () => {
    const controller = new AbortController();
    controller.abort();
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'echo ran' }), { signal: controller.signal }),
    );
    assert.equal(out.status, 'cancelled');
    assert.equal(out.result.stdout, '');
    assert.deepEqual(sb.spawned, []);
  });

  it(
    'ends when the script exits, stopping what it left running in the background',
    STOPPED_LONG_BEFORE_30_S,
    async () => {
      const pidFile = path.join(sb.root, 'pids');
      // The background sleep inherits stdout: without the group kill the run would wait 30 s.
      const script = `sleep 30 & echo "$!" > '${pidFile}'; echo done`;
      const out = await sb.runners.run(sb.request(makeAction({ entry_point: script })));
      assert.equal(out.status, 'completed');
      assert.equal(out.result.stdout, 'done\n');
      const [bg] = await pidsFrom(pidFile);
      assert.equal(await isAlive(bg ?? 0), false);
    },
  );

  it(
    'does not wait for a process that left the group but kept stdout open',
    STOPPED_LONG_BEFORE_30_S,
    async () => {
      const pidFile = path.join(sb.root, 'pids');
      // Wait until the child has really left (it leads its own session) before exiting.
      const script = [
        'setsid sleep 30 & pid=$!',
        'until [ "$(ps -o sid= -p $pid | tr -d " ")" = "$pid" ]; do sleep 0.05; done',
        `echo "$pid" > '${pidFile}'; echo bye`,
      ].join('\n');
      const out = await sb.runners.run(sb.request(makeAction({ entry_point: script })));
      const [escaped] = await pidsFrom(pidFile);
      try {
        assert.equal(out.status, 'completed');
        assert.equal(out.result.stdout, 'bye\n');
        assert.equal(await isAlive(escaped ?? 0), true, 'setsid is the documented way to outlive an action');
      } finally {
        process.kill(escaped ?? 0, 'SIGKILL');
      }
    },
  );

  it('a cancel after the run ended changes nothing', async () => {
    const controller = new AbortController();
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'echo ok' }), { signal: controller.signal }),
    );
    controller.abort();
    assert.equal(out.status, 'completed');
  });
});
