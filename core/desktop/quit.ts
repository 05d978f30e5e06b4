/**
 * Quitting the desktop app (docs/desktop.md "Quitting"): ask first when executions are under
 * way, then shut down as the headless host does — no new work, running executions get their
 * grace and are then cancelled (their process groups killed), the store closed and the data
 * folder's lock released — within a bounded time, whatever hangs.
 */
import type { Engine } from '../engine/create-engine.ts';
import { CLOSE_MARGIN_MS } from '../host/shutdown.ts';
import type { ExecutionStatus } from '../model/status.ts';
import { listExecutionsInStatus } from '../store/index.ts';

/** Executions a quit would interrupt: started, or about to start. */
export const UNDER_WAY: readonly ExecutionStatus[] = ['scheduling', 'scheduled', 'running', 'canceling'];

export type QuitDecision =
  | { kind: 'quit' }
  | {
      kind: 'ask';
      running: number;
      message: string;
      detail: string;
      /** Button labels; index 0 quits, index 1 (the cancel answer) keeps the app running. */
      buttons: readonly [string, string];
    };

export function decideQuit(engine: Engine, graceMs: number): QuitDecision {
  const running = listExecutionsInStatus(engine.store.read, UNDER_WAY).length;
  if (running === 0) return { kind: 'quit' };
  const seconds = Math.ceil(graceMs / 1000);
  return {
    kind: 'ask',
    running,
    message: running === 1 ? 'An execution is still running.' : `${running} executions are still running.`,
    detail: `Quitting gives ${running === 1 ? 'it' : 'them'} ${seconds} s to finish, then cancels ${running === 1 ? 'it' : 'them'}. Timers stop until Attune Desktop starts again.`,
    buttons: ['Quit anyway', 'Keep running'],
  };
}

/** How the shutdown ended: everything closed, the engine's stop threw, or the deadline cut it short. */
export type ShutdownOutcome = 'closed' | 'failed' | 'deadline';

/**
 * Stops the host's own listeners first (`before`; one that throws does not stop the others),
 * then the engine with `graceMs` for running executions; gives up at grace + CLOSE_MARGIN_MS.
 */
export async function shutdownDesktop(
  engine: Engine,
  o: { graceMs: number; before?: ReadonlyArray<() => void>; onError?: (err: unknown) => void },
): Promise<ShutdownOutcome> {
  for (const stop of o.before ?? []) {
    try {
      stop();
    } catch (err) {
      o.onError?.(err);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ShutdownOutcome>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), o.graceMs + CLOSE_MARGIN_MS);
  });
  try {
    return await Promise.race([
      engine.stop(o.graceMs).then(
        () => 'closed' as const,
        (err: unknown) => {
          o.onError?.(err);
          return 'failed' as const;
        },
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
