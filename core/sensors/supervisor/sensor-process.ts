/**
 * One run of a pack sensor's program: spawned detached so it leads its own process group
 * (everything it starts belongs to the group and is stopped with it), its stdout and stderr cut
 * into lines, its exit reported once (docs/sensors.md, "Supervision").
 */
import { spawn } from 'node:child_process';
import { signalGroup } from '../../runners/process-group.ts';
import { LineSplitter } from './sensor-log.ts';

export interface RunExit {
  code: number | null;
  signal: string | null;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  error: string | null;
}

export interface RunHandlers {
  line(stream: 'stdout' | 'stderr', text: string): void;
  exit(e: RunExit): void;
}

export interface RunSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export class SensorRun {
  /** Null when the spawn failed (the exit handler says why). */
  readonly pid: number | null;
  /** Settles once the program has exited and its group has been cleared. */
  readonly exited: Promise<RunExit>;
  private done = false;

  constructor(spec: RunSpec, h: RunHandlers) {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Stryker disable next-line BooleanLiteral: only Windows opens console windows
      windowsHide: true,
    });
    this.pid = child.pid ?? null;
    const out = new LineSplitter((l) => h.line('stdout', l));
    const err = new LineSplitter((l) => h.line('stderr', l));
    // Stryker disable next-line StringLiteral: an empty encoding name is read as utf8 too
    child.stdout.setEncoding('utf8').on('data', (c: string) => out.push(c));
    // Stryker disable next-line StringLiteral: an empty encoding name is read as utf8 too
    child.stderr.setEncoding('utf8').on('data', (c: string) => err.push(c));
    this.exited = new Promise<RunExit>((resolve) => {
      const finish = (e: RunExit) => {
        // Node reports a spawn by `error` or by `exit`, not both; the guard keeps one end if it ever did.
        // Stryker disable next-line ConditionalExpression: no input reaches finish twice
        if (this.done) return;
        this.done = true;
        // Helpers the sensor started die with it: a restart must not find them still running.
        // Stryker disable next-line ConditionalExpression: signalGroup refuses a null pid anyway
        if (this.pid !== null) signalGroup(this.pid, 'SIGKILL');
        out.end();
        err.end();
        h.exit(e);
        resolve(e);
      };
      child.on('error', (e) => finish({ code: null, signal: null, error: e.message }));
      // After the leader exits its pipes may stay open (a grandchild holds them): read what is
      // there now, decide now.
      child.on('exit', (code, signal) => setImmediate(() => finish({ code, signal, error: null })));
    });
  }

  get running(): boolean {
    return !this.done;
  }

  /** SIGTERM to the group; SIGKILL after `graceMs` if it is still there. */
  async stop(graceMs: number): Promise<void> {
    // A finished run's group was killed when it exited: signalling it again changes nothing.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BlockStatement: see above
    if (this.done || this.pid === null) {
      await this.exited;
      return;
    }
    // Stryker disable next-line StringLiteral: process.kill sends SIGTERM for an empty name
    signalGroup(this.pid, 'SIGTERM');
    const pid = this.pid;
    const kill = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(kill);
  }
}
