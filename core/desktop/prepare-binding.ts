/**
 * Prepares Electron's better-sqlite3 build once per cache key: when the file is already cached
 * nothing runs; otherwise better-sqlite3 is copied to a staging folder next to the cache, the
 * steps run there in order until one leaves `build/Release/better_sqlite3.node`, and that file is
 * moved into the cache with a rename, so a half-written build is never picked up.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BINDING_FILE, type PrepareStep } from './native-binding.ts';

/** The build file ready to load, or why it could not be prepared. */
export type BindingReady = { ok: true; file: string; prepared: boolean } | { ok: false; reason: string };

export interface PrepareOptions {
  /** The installed better-sqlite3 package (its sources are copied, its build is left alone). */
  sqlitePackageDir: string;
  /** Where the build must end up (from bindingFor). */
  file: string;
  steps: readonly PrepareStep[];
  /** The environment the steps run in (the step's own variables are added). */
  env?: NodeJS.ProcessEnv;
  /** Per step; a download or compile that hangs is cut here. */
  stepTimeoutMs?: number;
}

function copySources(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    // The Node build must not be mistaken for the Electron one.
    filter: (src) => path.relative(from, src).split(path.sep)[0] !== 'build',
  });
}

/** Returns the cached build, or runs the steps to make it. */
export function prepareBinding(o: PrepareOptions): BindingReady {
  if (fs.existsSync(o.file)) return { ok: true, file: o.file, prepared: false };
  const dir = path.dirname(o.file);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = fs.mkdtempSync(`${dir}.staging-`);
  const failures: string[] = [];
  try {
    const pkg = path.join(staging, 'better-sqlite3');
    copySources(o.sqlitePackageDir, pkg);
    const built = path.join(pkg, 'build', 'Release', BINDING_FILE);
    for (const step of o.steps) {
      const r = spawnSync(step.command, step.args, {
        cwd: pkg,
        env: { ...(o.env ?? process.env), ...step.env },
        encoding: 'utf8',
        timeout: o.stepTimeoutMs ?? 300_000,
      });
      if (r.status === 0 && fs.existsSync(built)) {
        fs.mkdirSync(dir, { recursive: true });
        const partial = `${o.file}.${process.pid}.partial`;
        fs.copyFileSync(built, partial);
        fs.renameSync(partial, o.file);
        return { ok: true, file: o.file, prepared: true };
      }
      const why = r.error
        ? r.error.message
        : r.status === 0
          ? 'it left no build file'
          : `exit ${r.status ?? r.signal}`;
      failures.push(`${step.what} failed (${why})`);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return {
    ok: false,
    reason: `better-sqlite3 could not be prepared for Electron: ${failures.join('; ') || 'no way to build it was given'}`,
  };
}
