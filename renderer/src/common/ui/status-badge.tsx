/** Execution statuses and rule outcomes as small coloured labels (text, never colour alone). */
import type { Execution } from '../../../../core/contract/entities.ts';

type Tone = 'ok' | 'bad' | 'busy' | 'idle';

const EXECUTION_TONE: Record<Execution['status'], Tone> = {
  requested: 'busy',
  scheduling: 'busy',
  scheduled: 'busy',
  running: 'busy',
  completed: 'ok',
  failed: 'bad',
  timeout: 'bad',
  canceling: 'busy',
  cancelled: 'idle',
  abandoned: 'bad',
};

export function ExecutionStatusBadge({ status }: { status: Execution['status'] }) {
  return <span className={`badge badge-${EXECUTION_TONE[status]}`}>{status}</span>;
}

const OUTCOME_TEXT: Record<string, { text: string; tone: Tone }> = {
  matched: { text: 'matched', tone: 'ok' },
  condition_false: { text: 'conditions did not match', tone: 'idle' },
  error: { text: 'error', tone: 'bad' },
  rule_disabled: { text: 'rule disabled', tone: 'idle' },
  overlap_skipped: { text: 'skipped (still running)', tone: 'idle' },
  retry_exhausted: { text: 'failed after retries', tone: 'bad' },
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const o = OUTCOME_TEXT[outcome] ?? { text: outcome, tone: 'idle' as const };
  return <span className={`badge badge-${o.tone}`}>{o.text}</span>;
}
