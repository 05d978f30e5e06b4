/**
 * Start-up repair (docs/concepts.md, "Execution statuses"): executions a previous process left scheduling, scheduled, running or
 * canceling become `abandoned` with the reason, and their orphaned process group is stopped when
 * it can be identified for certain; `requested` ones never started (they wait in that status for
 * the pool, a queue or a retry delay) and are resumed.
 */
import fs from 'node:fs';
import type { Logger } from '../model/logger.ts';
import { listExecutionsInStatus, type Store, setExecutionStatus } from '../store/index.ts';
import { emptyResult } from './execute.ts';
import type { Notifier } from './notifier.ts';

export const ABANDONED_REASON =
  'abandoned: Attune Desktop stopped (crash or forced quit) while this execution was in progress';

export interface RecoveryReport {
  abandoned: number[];
  resumed: Array<{ id: number; rule_ref: string | null }>;
  killed: number[];
}

/** On Linux, a pid is ours only if its environment names this execution (pids are reused). */
function isOurProcess(pid: number, executionId: number): boolean {
  try {
    const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    return env.split('\0').includes(`ATTUNE_EXEC_ID=${executionId}`);
  } catch {
    return false;
  }
}

export function recoverExecutions(
  store: Store,
  notifier: Notifier,
  logger: Logger,
  now: number,
): RecoveryReport {
  const report: RecoveryReport = { abandoned: [], resumed: [], killed: [] };
  for (const e of listExecutionsInStatus(store.read, ['scheduling', 'scheduled', 'running', 'canceling'])) {
    if (e.pid !== null && isOurProcess(e.pid, e.id)) {
      try {
        process.kill(-e.pid, 'SIGKILL');
        report.killed.push(e.id);
      } catch {
        // Already gone between the check and the kill.
      }
    }
    const result = { ...(e.result ?? emptyResult(null)), error: ABANDONED_REASON };
    const ok = store.transaction((w) =>
      setExecutionStatus(w, e.id, e.status, { status: 'abandoned', at: now, finished: true, result }),
    );
    if (ok) {
      report.abandoned.push(e.id);
      notifier.publish('execution_status_changed', 'execution', e.id, {
        status: 'abandoned',
        previous_status: e.status,
        reason: ABANDONED_REASON,
      });
    }
  }
  for (const e of listExecutionsInStatus(store.read, ['requested'])) {
    report.resumed.push({ id: e.id, rule_ref: e.rule_ref });
  }
  if (report.abandoned.length > 0 || report.resumed.length > 0) {
    logger.info('recovered executions', {
      abandoned: report.abandoned.length,
      resumed: report.resumed.length,
      killed: report.killed.length,
    });
  }
  return report;
}
