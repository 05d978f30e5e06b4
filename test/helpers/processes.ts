/** Process checks for tests: is a pid alive, and which children does this process have. */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { TestContext } from 'node:test';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `seconds` made this test process's own: the same duration with this process's id added as
 * more decimals (and a final 1, so no trailing zero is dropped). A test finds, waits for and
 * kills its `sleep <n>` by that number; two runs of the suite side by side run the same tests,
 * and a fixed number found, and killed, the other run's process too (docs/testing.md, "Under
 * load").
 */
export function ownSeconds(seconds: number): number {
  const decimals = `${String(process.pid).padStart(7, '0')}1`;
  return Number(Number.isInteger(seconds) ? `${seconds}.${decimals}` : `${seconds}${decimals}`);
}

/** Pids of processes whose command line contains `marker` (a unique string a test put there). */
export function pidsWithMarker(marker: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return (
    out
      .split('\n')
      // The marker as whole words: `sleep 30` must not find someone's `sleep 300`.
      .filter((l) => ` ${l.trim()} `.includes(` ${marker} `) && !l.includes('ps -eo'))
      .map((l) => Number.parseInt(l.trim(), 10))
      .filter((n) => Number.isFinite(n))
  );
}

/**
 * Polls `fn` until it gives a truthy value. The default deadline is generous on purpose: it only
 * ends a test that is already failing, and a child process (Python, a spawned host) can take
 * many seconds to start on a 2-core machine running another test suite.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  what: string,
  timeoutMs = 60_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A node program that stays up until its standard input, a pipe from this test process, ends:
 * should this process be killed before its clean-up runs (a mutation run stopping a failing
 * file), its programs end too instead of running on as real orphans.
 */
export const UNTIL_STDIN_ENDS = "process.stdin.on('end', () => process.exit()); process.stdin.resume();";

/**
 * A sensor process left by a crashed engine, as the next start finds it: a detached node
 * process (its own group) whose environment names sensor `ref`, running once this resolves;
 * `ignoreTerm` makes it ignore SIGTERM. Its group is killed after the test. `exited` gives its
 * exit code and signal.
 */
export async function sensorOrphan(
  t: Pick<TestContext, 'after'>,
  ref: string,
  o: { ignoreTerm?: boolean } = {},
): Promise<{ pid: number; exited: Promise<[number | null, NodeJS.Signals | null]> }> {
  const ignore = o.ignoreTerm ? "process.on('SIGTERM', () => {}); " : '';
  const child = spawn(
    process.execPath,
    ['-e', `${ignore}process.stdout.write('ready\\n'); ${UNTIL_STDIN_ENDS}`],
    {
      detached: true,
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ATTUNE_SENSOR_REF: ref },
    },
  );
  const pid = child.pid as number;
  t.after(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  await once(child.stdout, 'data');
  return { pid, exited };
}
