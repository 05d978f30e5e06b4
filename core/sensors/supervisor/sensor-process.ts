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
      windowsHide: true,
    });
    this.pid = child.pid ?? null;
    const out = new LineSplitter((l) => h.line('stdout', l));
    const err = new LineSplitter((l) => h.line('stderr', l));
    child.stdout.setEncoding('utf8').on('data', (c: string) => out.push(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => err.push(c));
    this.exited = new Promise<RunExit>((resolve) => {
      const finish = (e: RunExit) => {
        if (this.done) return;
        this.done = true;
        // Helpers the sensor started die with it: a restart must not find them still running.
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
    if (this.done || this.pid === null) {
      await this.exited;
      return;
    }
    signalGroup(this.pid, 'SIGTERM');
    const pid = this.pid;
    const kill = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(kill);
  }
}
