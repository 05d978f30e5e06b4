/**
 * Runs one action process to its end (docs/runners.md, "Timeout and cancel"): spawned detached in its own process group,
 * parameters on stdin, stdout/stderr into captures, and on timeout or cancel SIGTERM to the
 * whole group followed by SIGKILL after the grace period.
 *
 * An action ends when its main process exits. Anything it left running in its group is then
 * sent SIGTERM (SIGKILL after the grace period), so a forgotten `cmd &` can neither outlive the
 * execution nor hold its output pipes open until the timeout. A process that must outlive its
 * action has to leave the group itself (`setsid`).
 */
import { spawn } from 'node:child_process';
import type { StreamCapture } from './output-capture.ts';
import { groupAlive, signalGroup } from './process-group.ts';

/** What to start: argv holds only the interpreter and the script, never parameters. */
export interface ProcessSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Written to stdin, which is then closed; null closes stdin at once. */
  stdin: string | null;
  /** Told the pid (= process group id) once the process has started. */
  onSpawn?: ((pid: number) => void) | undefined;
}

/** How the run is bounded and where its output goes. */
export interface ProcessLimits {
  timeoutSeconds: number;
  signal: AbortSignal;
  killGraceMs: number;
  stdout: StreamCapture;
  stderr: StreamCapture;
}

/** How the process ended. */
export interface ProcessEnd {
  reason: 'exited' | 'timeout' | 'cancelled' | 'spawn_failed';
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  spawnError: string | null;
}

/** How often a dying group is checked for survivors. */
const GROUP_POLL_MS = 25;
/**
 * After the group is gone, how long to wait for the output pipes to close. Only a process that
 * left the group (setsid) yet kept our stdout can hold them longer; we stop reading then.
 */
const PIPE_DRAIN_MS = 2000;
/** setTimeout's largest delay (~24.8 days); a longer timeout is "no timeout" in practice. */
const MAX_TIMER_MS = 2_147_483_647;

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Starts the process and resolves when it and its group have ended; never rejects. */
export function runProcess(spec: ProcessSpec, limits: ProcessLimits): Promise<ProcessEnd> {
  return new Promise((resolve) => {
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };

    let reason: ProcessEnd['reason'] = 'exited';
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let openPipes = 2;
    let termSent = false;
    let groupDone = false;
    let settled = false;

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: spec.env,
        // Own process group (and session): the group id is the child's pid.
        detached: process.platform !== 'win32',
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (err) {
      resolve({ reason: 'spawn_failed', exitCode: null, exitSignal: null, spawnError: describe(err) });
      return;
    }

    const finish = (end: ProcessEnd): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      limits.signal.removeEventListener('abort', onAbort);
      resolve(end);
    };

    const maybeFinish = (): void => {
      if (exit === null || !groupDone) return;
      if (openPipes > 0) return;
      finish({ reason, exitCode: exit.code, exitSignal: exit.signal, spawnError: null });
    };

    const markGroupDone = (): void => {
      if (groupDone) return;
      groupDone = true;
      later(PIPE_DRAIN_MS, () => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      });
      maybeFinish();
    };

    /** SIGTERM to the group now, SIGKILL after the grace period unless it is gone by then. */
    const terminate = (): void => {
      if (termSent || child.pid === undefined) return;
      termSent = true;
      if (!signalGroup(child.pid, 'SIGTERM')) {
        if (exit !== null) markGroupDone();
        return;
      }
      later(Math.max(0, limits.killGraceMs), () => {
        if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
        if (exit !== null) markGroupDone();
      });
    };

    /** After the leader exited: wait (bounded by the grace period) until no member survives. */
    const awaitGroupEnd = (): void => {
      if (groupDone || child.pid === undefined) return;
      if (!groupAlive(child.pid)) {
        markGroupDone();
        return;
      }
      later(GROUP_POLL_MS, awaitGroupEnd);
    };

    function onAbort(): void {
      if (exit !== null || reason !== 'exited') return;
      reason = 'cancelled';
      terminate();
    }

    child.on('error', (err) => {
      // Only a failed start is fatal; errors after a successful start (e.g. a kill that raced
      // the exit) change nothing.
      if (child.pid === undefined) {
        finish({ reason: 'spawn_failed', exitCode: null, exitSignal: null, spawnError: describe(err) });
      }
    });

    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Leftovers of a normal exit get SIGTERM too; on timeout/cancel it was sent already.
      terminate();
      awaitGroupEnd();
      maybeFinish();
    });

    const wire = (stream: NodeJS.ReadableStream | null, capture: StreamCapture): void => {
      if (stream === null) {
        openPipes--;
        return;
      }
      stream.on('data', (chunk: Buffer) => capture.write(chunk));
      // A destroyed stream emits 'close' without 'end'; end() is idempotent.
      stream.on('end', () => capture.end());
      stream.on('close', () => {
        capture.end();
        openPipes--;
        maybeFinish();
      });
      stream.on('error', () => undefined);
    };
    wire(child.stdout, limits.stdout);
    wire(child.stderr, limits.stderr);

    // A script that never reads stdin closes the pipe under us: EPIPE is expected, not a failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(spec.stdin ?? undefined);

    if (child.pid === undefined) return; // the 'error' event follows
    try {
      spec.onSpawn?.(child.pid);
    } catch {
      // Recording the pid is a convenience for crash recovery; the run goes on without it.
    }

    limits.signal.addEventListener('abort', onAbort);
    if (limits.signal.aborted) onAbort();
    const timeoutMs = limits.timeoutSeconds * 1000;
    if (Number.isFinite(timeoutMs) && timeoutMs > 0) {
      later(Math.min(timeoutMs, MAX_TIMER_MS), () => {
        if (exit !== null || reason !== 'exited') return;
        reason = 'timeout';
        terminate();
      });
    }
  });
}
