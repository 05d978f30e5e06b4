/**
 * The real headless host as a child process (`bin/attune-desktop.js serve --port 0`, the bundle
 * when it is built: docs/architecture.md, "The CLI bundle"), for tests about
 * what only a process shows: locks, signals, kill -9, exit codes and what it prints.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { waitFor } from './processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface HostProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `serve` on `dataDir`; the child is SIGKILLed after the test if still running. */
export function spawnHost(
  t: Pick<TestContext, 'after'>,
  dataDir: string,
  o: { stdio?: 'pipe' | 'ignore'; env?: Record<string, string> } = {},
): HostProcess {
  const child = spawn(
    process.execPath,
    ['bin/attune-desktop.js', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      cwd: ROOT,
      stdio: ['ignore', o.stdio ?? 'pipe', o.stdio ?? 'pipe'],
      env: { ...process.env, ATTUNE_LOG_LEVEL: 'warn', ...o.env },
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

export interface HostInfo {
  url: string;
  pid: number;
}

/** The running host's host.json, once it names this process. */
export function hostInfo(dataDir: string): HostInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, 'host.json'), 'utf8')) as HostInfo;
  } catch {
    return null;
  }
}

/** Waits until `host` listens; fails early (with its stderr) if it exits instead. */
export async function waitUntilListening(dataDir: string, host: HostProcess): Promise<HostInfo> {
  let exitCode: number | null | undefined;
  void host.exited.then((c) => {
    exitCode = c;
  });
  return waitFor(
    () => {
      if (exitCode !== undefined) throw new Error(`the host exited (${exitCode}): ${host.stderr()}`);
      const h = hostInfo(dataDir);
      return h && h.pid === host.child.pid ? h : null;
    },
    'the host to listen',
    // Generous: a loaded machine takes many seconds to start node, tsx and the host.
    60_000,
  );
}

/** A REST client with the data folder's token. */
export function apiFor(dataDir: string, url: string) {
  const token = fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
  return async <T>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${url}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : null,
    });
    return { status: r.status, body: (await r.json()) as T };
  };
}

/** How a start ended: the host exited (a refused start) or it listens (a start that went on). */
export async function startOutcome(
  dataDir: string,
  host: HostProcess,
): Promise<{ exitCode: number | null } | { listening: HostInfo }> {
  let exitCode: number | null | undefined;
  void host.exited.then((c) => {
    exitCode = c;
  });
  return waitFor(
    () => {
      if (exitCode !== undefined) return { exitCode };
      const h = hostInfo(dataDir);
      return h && h.pid === host.child.pid ? { listening: h } : null;
    },
    'the host to exit or listen',
    60_000,
  );
}

/** Asserts that `host` refused to start (exit 1) rather than went on to listen. */
export async function assertRefused(dataDir: string, host: HostProcess): Promise<void> {
  const outcome = await startOutcome(dataDir, host);
  if ('listening' in outcome)
    throw new Error(`the host started instead of refusing (stderr: ${host.stderr()})`);
  if (outcome.exitCode !== 1) throw new Error(`exit ${outcome.exitCode}, not 1 (stderr: ${host.stderr()})`);
}
