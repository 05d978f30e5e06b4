/**
 * The environment of an action process (docs/runners.md, "Environment"; docs/concepts.md, "Keys and secrets"): a short allow-list copied from the host
 * plus the ATTUNE_* context. Nothing else of the host's environment passes, because it may hold
 * tokens and passwords; parameters never travel in the environment either.
 */
import type { Action } from '../model/entities.ts';
import type { RunContext } from './types.ts';

/** Host variables an action may see: enough for locale, time zone, paths and identity. */
export const HOST_ENV_ALLOW_LIST = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'SHELL',
  'SystemRoot',
] as const;

/**
 * Variables that change how a process runs rather than what data it has: what the shell, the
 * dynamic loader or an interpreter reads at start, and the ones every action process already
 * has. A parameter under such a name is left out of dotenv delivery: `eval "$(cat)"` would
 * replace an exported PATH, and `set -a; . file` would export LD_PRELOAD, BASH_ENV or
 * NODE_OPTIONS to every program the action starts.
 */
const RESERVED_ENV_NAMES: ReadonlySet<string> = new Set([
  ...HOST_ENV_ALLOW_LIST,
  'IFS',
  'ENV',
  'BASH_ENV',
  'CDPATH',
  'PS1',
  'PS2',
  'PS4',
  'SHELLOPTS',
  'BASHOPTS',
  'GLOBIGNORE',
  'PROMPT_COMMAND',
  'POSIXLY_CORRECT',
  'ELECTRON_RUN_AS_NODE',
  'GCONV_PATH',
  'LOCPATH',
  'NLSPATH',
  'HOSTALIASES',
]);
const RESERVED_ENV_PREFIXES = [
  'ATTUNE_',
  'LD_',
  'DYLD_',
  'LC_',
  'NODE_',
  'PYTHON',
  'BASH_FUNC_',
  'PERL5',
  'RUBY',
];

/** Whether `name` is a variable that changes how a process runs (see RESERVED_ENV_NAMES). */
export function isReservedEnvName(name: string): boolean {
  return RESERVED_ENV_NAMES.has(name) || RESERVED_ENV_PREFIXES.some((p) => name.startsWith(p));
}

/** Used when the host has no PATH (a service manager may start us with an empty environment). */
const FALLBACK_PATH = '/usr/local/bin:/usr/bin:/bin';

/** Builds the complete environment for one action process. `extra` wins over everything. */
export function buildChildEnv(opts: {
  hostEnv: Readonly<Record<string, string | undefined>>;
  action: Pick<Action, 'ref' | 'pack_ref'>;
  executionId: number;
  context: RunContext;
  /** The caller's env_vars: first, so the host's names and the ATTUNE_* context always win. */
  userEnv?: Readonly<Record<string, string>> | undefined;
  extra?: Record<string, string>;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.userEnv ?? {})) {
    if (!isReservedEnvName(name)) env[name] = value;
  }
  for (const name of HOST_ENV_ALLOW_LIST) {
    const value = opts.hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= FALLBACK_PATH;
  // Always present (empty when unknown) so scripts running under `set -u` can read them.
  env.ATTUNE_ACTION = opts.action.ref;
  env.ATTUNE_PACK_REF = opts.action.pack_ref;
  env.ATTUNE_EXEC_ID = String(opts.executionId);
  env.ATTUNE_RULE = opts.context.rule ?? '';
  env.ATTUNE_TRIGGER = opts.context.trigger ?? '';
  env.ATTUNE_TRACE_TAG = opts.context.traceTag;
  return { ...env, ...opts.extra };
}
