/**
 * The one door the engine uses to run actions: picks the runner for `action.runner_type`, turns
 * every problem into a `failed` outcome (it never throws) and redacts the run's secrets from the
 * whole result as the last step (docs/runners.md, "Secrets in output").
 */
import { tmpdir } from 'node:os';
import type { RunnerType } from '../model/entities.ts';
import { createBuiltinRunner } from './builtin-runner.ts';
import { createHttpRunner } from './http-runner.ts';
import { nodeInterpreter, pythonInterpreter, shellInterpreter } from './interpreters.ts';
import { redactSecrets, secretValuesOf } from './redact.ts';
import { emptyResult, failedOutcome } from './result.ts';
import { createScriptRunner } from './script-runner.ts';
import {
  type CreateRunnersOptions,
  DEFAULT_KILL_GRACE_MS,
  type Runner,
  type Runners,
  type RunOutcome,
  type RunRequest,
} from './types.ts';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Creates all runners. Interpreters are looked up once, here: `available('python')` is false
 * when no python3 was found on PATH (or `pythonPath: null`).
 */
export function createRunners(opts: CreateRunnersOptions): Runners {
  const hostEnv = process.env;
  const scriptOpts = {
    host: opts.host,
    tmpDir: opts.tmpDir ?? tmpdir(),
    killGraceMs: opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
    hostEnv,
  };
  const python = pythonInterpreter(opts.pythonPath, hostEnv.PATH);
  const runners: Record<RunnerType, Runner | null> = {
    shell: createScriptRunner(shellInterpreter(hostEnv.PATH), scriptOpts),
    node: createScriptRunner(nodeInterpreter(opts.nodePath), scriptOpts),
    python: python === null ? null : createScriptRunner(python, scriptOpts),
    native: createScriptRunner(null, scriptOpts),
    http: typeof fetch === 'function' ? createHttpRunner({ host: opts.host }) : null,
    builtin: createBuiltinRunner({ host: opts.host }),
  };

  const unavailable = (type: string): string =>
    type === 'python'
      ? 'python actions need python3, which was not found on PATH'
      : `runner type "${type}" is not available on this machine`;

  return {
    available(type) {
      return Object.hasOwn(runners, type) && runners[type] !== null;
    },
    async run(req: RunRequest): Promise<RunOutcome> {
      const startedAt = performance.now();
      let outcome: RunOutcome;
      let secrets: string[] = [];
      try {
        secrets = secretValuesOf(req.action, req.params, req.secretValues);
        const type = req.action.runner_type;
        const runner = Object.hasOwn(runners, type) ? runners[type] : undefined;
        if (runner === undefined) outcome = failedOutcome(`unknown runner type "${type}"`, startedAt);
        else if (runner === null) outcome = failedOutcome(unavailable(type), startedAt);
        // The runner gets the complete list, computed once per run.
        else outcome = await runner.run({ ...req, secretValues: secrets });
      } catch (err) {
        opts.host.log('error', 'runner threw; reported as a failed run', {
          executionId: req.executionId,
          error: message(err),
        });
        outcome = failedOutcome(`runner error: ${message(err)}`, startedAt);
      }
      // Every field present whatever the runner did, and no secret anywhere in the result.
      return { status: outcome.status, result: redactSecrets(emptyResult(outcome.result), secrets) };
    },
  };
}
