/**
 * A real engine in process for the executor's unit tests (docs/engine.md, "Executions and the
 * status machine"): a temp data folder (real SQLite), the real runners, a SimClock, every status
 * change it announces, and the errors it logs. Stopped in the test's `after` unless `stop` was
 * called.
 */
import type { TestContext } from 'node:test';
import type { Notification } from '../../core/contract/notifications.ts';
import { createEngine } from '../../core/engine/create-engine.ts';
import type { Execution } from '../../core/model/entities.ts';
import type { Logger } from '../../core/model/logger.ts';
import { SimClock } from '../../core/schedule/sim-clock.ts';
import { tempDir } from './temp-dir.ts';

/** When the engine's clock starts. */
export const ENGINE_NOW = Date.parse('2027-03-01T10:00:00Z');

export interface StatusChange {
  id: number;
  entity: string;
  status: string;
  previous: string;
  reason?: string;
}

export async function startExecutorEngine(
  t: Pick<TestContext, 'after'>,
  o: { maxConcurrent?: number; dataDir?: string; killGraceMs?: number } = {},
) {
  const clock = new SimClock(ENGINE_NOW);
  const errors: Array<{ msg: string; data?: Record<string, unknown> }> = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error(msg, data) {
      errors.push({ msg, ...(data ? { data } : {}) });
    },
  };
  const dataDir = o.dataDir ?? tempDir(t);
  const engine = createEngine({
    dataDir,
    clock,
    logger,
    defaultTimezone: 'UTC',
    retention: false,
    maxConcurrentExecutions: o.maxConcurrent ?? 16,
    killGraceMs: o.killGraceMs ?? 200,
  });
  await engine.start();
  let stopped = false;
  t.after(async () => {
    if (!stopped) await engine.stop(1000);
  });
  const changes: StatusChange[] = [];
  engine.notifier.subscribe(['notification_type:execution_status_changed'], (n: Notification) => {
    const p = n.payload as { status: string; previous_status: string; reason?: string };
    changes.push({
      id: n.entity_id as number,
      entity: n.entity_type,
      status: p.status,
      previous: p.previous_status,
      ...(p.reason === undefined ? {} : { reason: p.reason }),
    });
  });
  /** An execution's steps as `previous>status`. */
  const statusesOf = (id: number) =>
    changes.filter((c) => c.id === id).map((c) => `${c.previous}>${c.status}`);
  const row = (id: number) =>
    engine.store.read.raw.prepare('SELECT * FROM executions WHERE id = ?').get(id) as Record<string, unknown>;
  const result = (id: number) =>
    JSON.parse(row(id).result as string) as {
      error: string | null;
      exit_code: number | null;
      stdout: string;
      result: unknown;
    };
  const runsOf = (ref: string) =>
    engine.store.read.raw
      .prepare('SELECT * FROM executions WHERE rule_ref = ? ORDER BY id')
      .all(ref) as Execution[];
  /** The status changes of a rule's runs. */
  const ofRule = (ref: string) =>
    changes.filter((c) => (row(c.id) as { rule_ref: string | null }).rule_ref === ref);
  const stop = async (grace: number) => {
    stopped = true;
    await engine.stop(grace);
  };
  return { engine, clock, dataDir, errors, changes, statusesOf, row, result, runsOf, ofRule, stop };
}

export type ExecutorEngine = Awaited<ReturnType<typeof startExecutorEngine>>;

/** Turns of the event loop until `cond` holds (real processes take real time). */
export async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never: ${what}`);
}

/** The steps of a run up to `running`, as `statusesOf` lists them. */
export const WALK = ['requested>scheduling', 'scheduling>scheduled', 'scheduled>running'];

/**
 * Makes rule `ref` on a 1000-hour interval timer (it never fires by itself in a test) running
 * `core.shell`, then enables it; `o` adds or overrides fields (`action_params`, `overlap`, …).
 */
export function shellRule(f: ExecutorEngine, ref: string, o: Record<string, unknown>): void {
  f.engine.rules.create({
    ref,
    trigger_ref: 'core.intervaltimer',
    trigger_params: { unit: 'hours', interval: 1000 },
    action_ref: 'core.shell',
    enabled: false,
    ...o,
  } as Parameters<typeof f.engine.rules.create>[0]);
  f.engine.rules.update(ref, { enabled: true });
}
