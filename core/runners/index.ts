/**
 * Action runners (docs/runners.md): shell, node, python, native, http and builtin behind one
 * `createRunners(...).run(request)` that never throws.
 */
export { BUILTINS, type BuiltinContext, type BuiltinFn } from './builtin-runner.ts';
export { HOST_ENV_ALLOW_LIST, isReservedEnvName } from './child-env.ts';
export { createRunners } from './create-runners.ts';
export { parseOutput } from './output-parse.ts';
export { formatParams, shellQuote } from './param-format.ts';
export { createStreamRedactor, redactSecrets, secretValuesOf } from './redact.ts';
export { emptyResult } from './result.ts';
export {
  type CreateRunnersOptions,
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_OUTPUT_CAP,
  type OutputStream,
  type RunContext,
  type Runner,
  type RunnerHost,
  type Runners,
  type RunOutcome,
  type RunRequest,
  type RunStatus,
} from './types.ts';
