/**
 * The contract between the engine and the action runners (docs/runners.md). The engine hands one
 * `RunRequest` per execution attempt and gets back a `RunOutcome`; `run` never throws.
 */
import type { Action, ExecutionResult, RunnerType } from '../model/entities.ts';

/** Per-stream output cap when the engine does not set one: 10 MiB (docs/runners.md, "Result"). */
export const DEFAULT_OUTPUT_CAP = 10 * 1024 * 1024;

/** Time between SIGTERM and SIGKILL when a run is timed out or cancelled. */
export const DEFAULT_KILL_GRACE_MS = 5000;

/** Where a run was triggered from; exported to the process as ATTUNE_RULE/TRIGGER/TRACE_TAG. */
export interface RunContext {
  rule: string | null;
  trigger: string | null;
  traceTag: string;
}

/** One execution attempt, as the engine asks for it. */
export interface RunRequest {
  executionId: number;
  action: Action;
  /** Folder of the action's pack; file entry points resolve to `<packPath>/actions/<entry_point>`. */
  packPath: string | null;
  /**
   * Extra environment the caller gave a manual run (docs/attune-compat.md, "env_vars"); names
   * the runner reserves (isReservedEnvName) never pass.
   */
  env?: Readonly<Record<string, string>>;
  /** Already validated with defaults applied; may contain secret values. */
  params: Record<string, unknown>;
  context: RunContext;
  /** Seconds; a non-positive or non-finite value means "no limit". */
  timeoutSeconds: number;
  /** Bytes kept per stream (stdout, stderr); see DEFAULT_OUTPUT_CAP. */
  outputCapBytes: number;
  /** Aborted = cancel requested. */
  signal: AbortSignal;
  /** Live output, already redacted; receives exactly what is stored, nothing past the cap. */
  onOutput?: (stream: OutputStream, chunk: string) => void;
  /**
   * More strings to redact besides the values of the action's `secret: true` parameters, e.g.
   * key-store secrets rendered into ordinary parameters. createRunners adds those values before
   * a runner sees the request, so a runner redacts exactly this list.
   */
  secretValues?: readonly string[];
  /**
   * Called once with the pid of the started process, which is also its process group id, so a
   * host can find and stop the group after a crash. Process runners only.
   */
  onSpawn?: (pid: number) => void;
}

export type OutputStream = 'stdout' | 'stderr';

/** The terminal execution statuses a runner can produce (docs/concepts.md, "Execution statuses"). */
export type RunStatus = 'completed' | 'failed' | 'timeout' | 'cancelled';

export interface RunOutcome {
  status: RunStatus;
  result: ExecutionResult;
}

/** One runner type's implementation. */
export interface Runner {
  run(req: RunRequest): Promise<RunOutcome>;
}

/** What the runners need from whoever hosts the engine (desktop or headless). */
export interface RunnerHost {
  /**
   * A desktop notification (headless hosts write it to the log and announce it as `notify`);
   * `executionId` is the run that asked for it, when there is one.
   */
  notify(title: string, body: string, executionId?: number | null): void;
  log(level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>): void;
}

/** Options for `createRunners`. */
export interface CreateRunnersOptions {
  host: RunnerHost;
  /** Interpreter for `node` actions; default `process.execPath`. */
  nodePath?: string;
  /** Interpreter for `python` actions: a path, `null` for "none", or undefined to look for python3 on PATH. */
  pythonPath?: string | null;
  /** Parent of the private per-run folders (inline scripts, parameter files); default `os.tmpdir()`. */
  tmpDir?: string;
  /** SIGTERM → SIGKILL grace period; default DEFAULT_KILL_GRACE_MS. */
  killGraceMs?: number;
}

/** The dispatcher the engine holds: one entry point for every runner type. */
export interface Runners {
  run(req: RunRequest): Promise<RunOutcome>;
  available(type: RunnerType): boolean;
}
