/**
 * The process-based runners — shell, node, python and native (docs/runners.md). They share everything
 * but the interpreter: entry point resolution, the private run folder, parameter delivery, the
 * environment, output capture and parsing.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { AttuneError } from '../model/errors.ts';
import { buildChildEnv } from './child-env.ts';
import { resolveEntryPoint } from './entry-point.ts';
import type { Interpreter } from './interpreters.ts';
import { createStreamCapture, guardListener, type StreamCapture } from './output-capture.ts';
import { parseOutput } from './output-parse.ts';
import { formatParams } from './param-format.ts';
import { createPrivateDir, type PrivateDir } from './private-dir.ts';
import { type ProcessEnd, runProcess } from './process-run.ts';
import {
  CANCELLED_ERROR,
  elapsedSince,
  emptyResult,
  exitVerdict,
  failedOutcome,
  timeoutError,
} from './result.ts';
import type { Runner, RunnerHost, RunOutcome, RunRequest, RunStatus } from './types.ts';

/** What every process runner needs from `createRunners`. */
export interface ScriptRunnerOptions {
  host: RunnerHost;
  tmpDir: string;
  killGraceMs: number;
  /** The host environment the allow-list is taken from (normally `process.env`). */
  hostEnv: Readonly<Record<string, string | undefined>>;
}

const PARAM_FILE_EXTENSION = { json: 'json', dotenv: 'env', yaml: 'yaml' } as const;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function assertPackFolder(packPath: string): Promise<void> {
  const info = await stat(packPath).catch(() => null);
  if (info === null || !info.isDirectory()) {
    throw new AttuneError('NOT_FOUND', `pack folder not found: ${packPath}`);
  }
}

async function assertExecutable(file: string, entryPoint: string): Promise<void> {
  try {
    await access(file, constants.X_OK);
  } catch {
    throw new AttuneError('VALIDATION_ERROR', `native entry_point actions/${entryPoint} is not executable`, {
      field: 'entry_point',
    });
  }
}

/** Writes the parameters where the action expects them; returns stdin text and extra env. */
async function deliverParams(
  req: RunRequest,
  dir: PrivateDir,
  host: RunnerHost,
): Promise<{ stdin: string | null; env: Record<string, string> }> {
  const { parameter_delivery: delivery, parameter_format: format } = req.action;
  const formatted = formatParams(req.params, format);
  if (formatted.skippedKeys.length > 0) {
    host.log(
      'warn',
      'parameters left out of dotenv delivery: names are not shell identifiers or are reserved environment variables',
      {
        executionId: req.executionId,
        action: req.action.ref,
        keys: formatted.skippedKeys,
      },
    );
  }
  const env: Record<string, string> = {
    ATTUNE_PARAMETER_DELIVERY: delivery,
    ATTUNE_PARAMETER_FORMAT: format,
  };
  if (delivery === 'file') {
    // Readable by the owner only, in a 0700 folder removed after the run; the env carries the
    // path, never the content.
    env.ATTUNE_PARAMETER_FILE = await dir.write(
      `params.${PARAM_FILE_EXTENSION[format]}`,
      formatted.text,
      0o400,
    );
    return { stdin: null, env };
  }
  return { stdin: formatted.text, env };
}

function verdict(
  end: ProcessEnd,
  command: string,
  timeoutSeconds: number,
): { status: RunStatus; error: string | null } {
  switch (end.reason) {
    case 'spawn_failed':
      return { status: 'failed', error: `could not start ${command}: ${end.spawnError}` };
    case 'timeout':
      return { status: 'timeout', error: timeoutError(timeoutSeconds) };
    case 'cancelled':
      return { status: 'cancelled', error: CANCELLED_ERROR };
    case 'exited':
      return exitVerdict(end.exitCode, end.exitSignal);
  }
}

function assemble(
  req: RunRequest,
  end: ProcessEnd,
  command: string,
  captures: { stdout: StreamCapture; stderr: StreamCapture },
  startedAt: number,
): RunOutcome {
  const { status, error } = verdict(end, command, req.timeoutSeconds);
  const out = captures.stdout.result();
  let data: unknown = null;
  // Output of a run that was stopped is incomplete by definition: it is kept, not parsed.
  if (end.reason === 'exited') {
    const format = req.action.output_format;
    const parsed = parseOutput(out.text, format);
    data = parsed.data;
    if (parsed.problem !== null && status === 'completed') {
      const hint = out.truncated ? '; stdout was cut at the output cap' : '';
      captures.stderr.note(`[attune] output_format ${format}: ${parsed.problem}${hint}; data is null`);
    }
  }
  const err = captures.stderr.result();
  return {
    status,
    result: emptyResult({
      exit_code: end.exitCode,
      stdout: out.text,
      stderr: err.text,
      duration_ms: elapsedSince(startedAt),
      data,
      error,
      stdout_truncated: out.truncated,
      stderr_truncated: err.truncated,
    }),
  };
}

/**
 * A runner that starts `interpreter ...args <script>`; with a null interpreter (native) the
 * script is an executable file of the pack and is started directly.
 */
export function createScriptRunner(interpreter: Interpreter | null, opts: ScriptRunnerOptions): Runner {
  return {
    async run(req) {
      const startedAt = performance.now();
      if (req.signal.aborted) return { status: 'cancelled', result: emptyResult({ error: CANCELLED_ERROR }) };

      const secrets = req.secretValues ?? [];
      const emit = guardListener(req.onOutput, (err) =>
        opts.host.log('warn', 'live output listener threw; output is still captured', {
          executionId: req.executionId,
          error: message(err),
        }),
      );
      const captures = {
        stdout: createStreamCapture({ stream: 'stdout', capBytes: req.outputCapBytes, secrets, emit }),
        stderr: createStreamCapture({ stream: 'stderr', capBytes: req.outputCapBytes, secrets, emit }),
      };

      let dir: PrivateDir | null = null;
      try {
        if (req.packPath !== null) await assertPackFolder(req.packPath);
        const entry = await resolveEntryPoint(req.packPath, req.action.entry_point);
        dir = await createPrivateDir(opts.tmpDir, req.executionId);
        let script: string;
        if (entry.kind === 'file') script = entry.path;
        else if (interpreter !== null)
          script = await dir.write(interpreter.inlineFileName, entry.source, 0o700);
        else {
          throw new AttuneError(
            'VALIDATION_ERROR',
            `native actions run an executable file from the pack's actions/ folder; ` +
              `entry_point "${req.action.entry_point.trim().slice(0, 80)}" is not one`,
            { field: 'entry_point' },
          );
        }
        if (interpreter === null) await assertExecutable(script, req.action.entry_point.trim());

        const delivery = await deliverParams(req, dir, opts.host);
        const env = buildChildEnv({
          hostEnv: opts.hostEnv,
          action: req.action,
          executionId: req.executionId,
          context: req.context,
          userEnv: req.env,
          extra: { ...delivery.env, ...interpreter?.env },
        });
        const command = interpreter?.command ?? script;
        const end = await runProcess(
          {
            command,
            args: interpreter === null ? [] : [...interpreter.args, script],
            env,
            cwd: req.packPath ?? dir.path,
            stdin: delivery.stdin,
            onSpawn: req.onSpawn,
          },
          {
            timeoutSeconds: req.timeoutSeconds,
            signal: req.signal,
            killGraceMs: opts.killGraceMs,
            ...captures,
          },
        );
        return assemble(req, end, command, captures, startedAt);
      } catch (err) {
        return failedOutcome(message(err), startedAt);
      } finally {
        await dir?.remove();
      }
    },
  };
}
