/**
 * Helpers for the built-in sensor tests (docs/sensors.md, "Built-in sensors: filewatch and
 * system"): a real engine on a temp data folder, real watched temp folders, polling until the
 * stored events say what the test waits for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { createEngine, type Engine } from '../../../core/engine/create-engine.ts';
import type { JsonObject, Rule } from '../../../core/model/entities.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import type { Clock } from '../../../core/schedule/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

export { eventsOf, settle } from '../timers/support.ts';

/** Starts an engine (the system clock unless one is given); stopped after the test. */
export async function startEngine(
  t: Pick<TestContext, 'after'>,
  o: { clock?: Clock; dataDir?: string } = {},
): Promise<Engine> {
  const engine = createEngine({
    dataDir: o.dataDir ?? tempDir(t),
    ...(o.clock ? { clock: o.clock } : {}),
    logger: silentLogger,
    defaultTimezone: 'UTC',
  });
  await engine.start();
  t.after(() => engine.stop(1000));
  return engine;
}

/** Polls `probe` until it returns a value other than undefined; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the watch of `ruleRef` is running (its initial scan done), so writes are seen. */
export function watchRunning(engine: Engine, ruleRef: string): Promise<true> {
  return waitFor(`the watch of ${ruleRef} to run`, () =>
    engine.filewatch.watches().some((w) => w.rule === ruleRef && w.status === 'running') ? true : undefined,
  );
}

/** Lets `ms` pass so that any event still to come (a late duplicate) would arrive. */
export function quiet(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A filewatch rule running `core.noop`. */
export function filewatchRule(engine: Engine, ref: string, params: JsonObject, enabled = true): Rule {
  return engine.rules.create({
    ref,
    trigger_ref: 'core.filewatch',
    trigger_params: params,
    action_ref: 'core.noop',
    enabled,
  });
}

/**
 * Puts a file with `content` at `dest` in one step: written beside the watched folder, then
 * renamed in. A plain write is a create and then a modify, which a busy machine can deliver
 * after the debounce window of the create has closed, as a second (`change`) event.
 */
export function placeFile(dest: string, content: string): void {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-staging-'));
  try {
    const file = path.join(staging, path.basename(dest));
    fs.writeFileSync(file, content);
    fs.renameSync(file, dest);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
