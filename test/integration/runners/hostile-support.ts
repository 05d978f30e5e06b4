/**
 * Hostile parameters for the runner tests (docs/security.md, "Channel inputs and runner
 * parameters"): values that are shell code, names that programs read from the environment, and
 * traps that leave a marker file if anything ever runs them — a fake `bash`/`cat`/`env` on a
 * PATH parameter, a BASH_ENV / ENV script, a NODE_OPTIONS `--require`, a Python sitecustomize.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HOST_ENV_ALLOW_LIST } from '../../../core/runners/child-env.ts';
import { objectFromEntries } from '../../helpers/hostile-values.ts';

export interface Traps {
  /** Created by anything that runs a hostile value; must never exist. */
  marker: string;
  /** Folder of fake programs (bash, sh, cat, env, printf, node, python3) that create the marker. */
  binDir: string;
  /** A shell script that creates the marker (for BASH_ENV and ENV). */
  shScript: string;
  /** A Node module that creates the marker (for NODE_OPTIONS=--require). */
  jsModule: string;
  /** A folder with a sitecustomize.py that creates the marker (for PYTHONPATH). */
  pyDir: string;
}

export async function makeTraps(root: string): Promise<Traps> {
  const marker = path.join(root, 'PWNED');
  const binDir = path.join(root, 'evil-bin');
  const pyDir = path.join(root, 'evil-py');
  await mkdir(binDir, { recursive: true });
  await mkdir(pyDir, { recursive: true });
  const touch = `#!/bin/sh\n: > '${marker}'\n`;
  for (const name of ['bash', 'sh', 'cat', 'env', 'printf', 'node', 'python3', 'true', 'sleep']) {
    await writeFile(path.join(binDir, name), touch);
    await chmod(path.join(binDir, name), 0o755);
  }
  const shScript = path.join(root, 'evil.sh');
  await writeFile(shScript, `: > '${marker}'\n`);
  const jsModule = path.join(root, 'evil.cjs');
  await writeFile(jsModule, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, '');\n`);
  await writeFile(path.join(pyDir, 'sitecustomize.py'), `open(${JSON.stringify(marker)}, 'w').close()\n`);
  return { marker, binDir, shScript, jsModule, pyDir };
}

/** Names a program reads from its environment; none may reach one through a parameter. */
export const ENV_TRAP_NAMES = ['PATH', 'LD_PRELOAD', 'NODE_OPTIONS', 'BASH_ENV', 'ENV', 'PYTHONPATH', 'IFS'];

/** One hostile value of each kind, under ordinary names, plus names that are traps themselves. */
export function hostileParams(t: Traps): Record<string, unknown> {
  const m = t.marker;
  return objectFromEntries([
    ['subst', `$(: > '${m}')`],
    ['backticks', `\`: > '${m}'\``],
    ['semicolon', `; : > '${m}'; rm -rf '${m}.nothing'`],
    ['single_quote_break', `'; : > '${m}'; '`],
    ['double_quote_break', `"; : > "${m}"; "`],
    ['newline', `x\n: > '${m}'\n`],
    ['dollar_brace', `\${IFS}$(: > '${m}')`],
    ['nul', 'a\u0000b'],
    ['unicode', '👍🏽 é\u202Eevil\uFEFF\u2028 Ω'],
    ['huge', `${'x'.repeat(1024 * 1024)}$(: > '${m}')`],
    ['__proto__', { polluted: true }],
    ['constructor', { prototype: { polluted: true } }],
    ['nested', { deep: [`$(: > '${m}')`, null, 1.5, true, { '': `\`: > '${m}'\`` }] }],
    ['PATH', t.binDir],
    ['LD_PRELOAD', path.join(t.binDir, 'evil.so')],
    ['NODE_OPTIONS', `--require ${t.jsModule}`],
    ['BASH_ENV', t.shScript],
    ['ENV', t.shScript],
    ['PYTHONPATH', t.pyDir],
    ['IFS', '/'],
    [`a;: > '${m}'`, 'a key that is code'],
    [`$(: > '${m}')`, 'another key that is code'],
  ]);
}

/** Every string in `v` (keys and values), for checks that none leaked into argv. */
export function stringsIn(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsIn(x, out);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      stringsIn(x, out);
    }
  }
  return out;
}

/** `/proc/<pid>/environ` or `env -0` output as a map. */
export function parseEnviron(raw: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of raw.split('\0')) {
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** PATH as an action gets it: the host's, or the fallback when the host has none. */
export function hostPath(): string {
  return process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
}

/**
 * The environment core/runners/README.md promises an action process: the allow-listed host
 * variables (PATH falls back to a default) and the ATTUNE_* context, nothing else.
 */
export function documentedEnv(o: {
  executionId: number;
  action: string;
  pack: string;
  rule: string;
  trigger: string;
  traceTag: string;
  delivery: 'stdin' | 'file';
  format: string;
  parameterFile?: string;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of HOST_ENV_ALLOW_LIST) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH = hostPath();
  Object.assign(env, {
    ATTUNE_ACTION: o.action,
    ATTUNE_PACK_REF: o.pack,
    ATTUNE_EXEC_ID: String(o.executionId),
    ATTUNE_RULE: o.rule,
    ATTUNE_TRIGGER: o.trigger,
    ATTUNE_TRACE_TAG: o.traceTag,
    ATTUNE_PARAMETER_DELIVERY: o.delivery,
    ATTUNE_PARAMETER_FORMAT: o.format,
  });
  if (o.parameterFile !== undefined) env.ATTUNE_PARAMETER_FILE = o.parameterFile;
  return env;
}
