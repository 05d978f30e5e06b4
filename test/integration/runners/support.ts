/**
 * Shared fixtures for the runner tests: real temp folders, a recording host, request builders,
 * and the leak check every test ends with (no process of ours may outlive its test).
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Action } from '../../../core/model/entities.ts';
import type { ParamSchema } from '../../../core/model/param-schema.ts';
import {
  createRunners,
  DEFAULT_OUTPUT_CAP,
  type OutputStream,
  type RunnerHost,
  type RunRequest,
} from '../../../core/runners/index.ts';

/** An action with neutral defaults; override what the test is about. */
export function makeAction(overrides: Partial<Action> = {}): Action {
  return {
    id: 1,
    ref: 'testpack.act',
    pack_ref: 'testpack',
    label: 'Test action',
    description: '',
    runner_type: 'shell',
    entry_point: 'true',
    parameters: {} satisfies ParamSchema,
    output: {},
    parameter_delivery: 'stdin',
    parameter_format: 'json',
    output_format: 'text',
    timeout_seconds: 600,
    retry: null,
    enabled: true,
    created: '2025-01-01T00:00:00.000Z',
    updated: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A host that records what the runners told it. */
export interface RecordingHost extends RunnerHost {
  notifications: Array<{ title: string; body: string }>;
  logs: Array<{ level: string; msg: string; data?: Record<string, unknown> }>;
}

export function makeHost(): RecordingHost {
  const host: RecordingHost = {
    notifications: [],
    logs: [],
    notify(title, body) {
      host.notifications.push({ title, body });
    },
    log(level, msg, data) {
      host.logs.push({ level, msg, ...(data ? { data } : {}) });
    },
  };
  return host;
}

/** A real temp folder holding a pack (`pack/actions/`) and the runners' private temp parent. */
export interface Sandbox {
  root: string;
  packPath: string;
  tmpDir: string;
  host: RecordingHost;
  runners: ReturnType<typeof createRunners>;
  /** Process group ids reported through onSpawn, for the leak check. */
  spawned: number[];
  /** Writes `pack/actions/<name>` with `mode`. */
  writeAction(name: string, content: string, mode?: number): Promise<string>;
  /** A request with sane defaults for `action`; records spawned pids. */
  request(action: Action, overrides?: Partial<RunRequest>): RunRequest;
  /** Live output collected by the default onOutput of `request`. */
  live: Array<{ stream: OutputStream; chunk: string; at: number }>;
  dispose(): Promise<void>;
}

export const TEST_KILL_GRACE_MS = 300;

export async function makeSandbox(
  opts: { pythonPath?: string | null; killGraceMs?: number } = {},
): Promise<Sandbox> {
  const root = await mkdtemp(path.join(tmpdir(), 'attune-runners-test-'));
  const packPath = path.join(root, 'pack');
  const tmpDir = path.join(root, 'tmp');
  await mkdir(path.join(packPath, 'actions'), { recursive: true });
  await mkdir(tmpDir);
  const host = makeHost();
  const spawned: number[] = [];
  const live: Sandbox['live'] = [];
  const runners = createRunners({
    host,
    tmpDir,
    killGraceMs: opts.killGraceMs ?? TEST_KILL_GRACE_MS,
    ...(opts.pythonPath !== undefined ? { pythonPath: opts.pythonPath } : {}),
  });
  return {
    root,
    packPath,
    tmpDir,
    host,
    runners,
    spawned,
    live,
    async writeAction(name, content, mode = 0o644) {
      const file = path.join(packPath, 'actions', name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
      await chmod(file, mode);
      return file;
    },
    request(action, overrides = {}) {
      return {
        executionId: 42,
        action,
        packPath,
        params: {},
        context: { rule: 'testpack.rule', trigger: 'core.intervaltimer', traceTag: 'trace-123' },
        timeoutSeconds: 20,
        outputCapBytes: DEFAULT_OUTPUT_CAP,
        signal: new AbortController().signal,
        onOutput: (stream, chunk) => live.push({ stream, chunk, at: performance.now() }),
        onSpawn: (pid) => spawned.push(pid),
        ...overrides,
      };
    },
    async dispose() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Running (not zombie) state of a pid, from /proc; false when it does not exist. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

interface Proc {
  pid: number;
  pgrp: number;
  cwd: string | null;
  cmdline: string;
}

async function liveProcesses(): Promise<Proc[]> {
  const out: Proc[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      const cwd = await readlink(`/proc/${name}/cwd`).catch(() => null);
      const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
      out.push({ pid: Number(name), pgrp: Number(fields[2]), cwd, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/**
 * Fails when a process started by the sandbox still runs: one whose working folder is inside
 * the sandbox, or a member of a process group a run reported. Waits up to `withinMs` for
 * processes that are already dying.
 */
export async function assertNoLeftoverProcesses(sandbox: Sandbox, withinMs = 2000): Promise<void> {
  const deadline = performance.now() + withinMs;
  const groups = new Set(sandbox.spawned);
  for (;;) {
    const leftovers = (await liveProcesses()).filter(
      (p) =>
        p.pid !== process.pid &&
        (groups.has(p.pgrp) ||
          (p.cwd !== null && (p.cwd === sandbox.root || p.cwd.startsWith(`${sandbox.root}/`)))),
    );
    if (leftovers.length === 0) return;
    if (performance.now() > deadline) {
      assert.fail(
        `processes left running after the test:\n${leftovers.map((p) => `  ${p.pid} (group ${p.pgrp}) ${p.cmdline}`).join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls `check` until it is true or `ms` pass. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
