/**
 * The executor's decisions (docs/engine.md, "Executions and the status machine", "Overlap (per
 * rule)" and "Retry"): when a run waits, which runs a `restart` cancels, what a cancel does in
 * each status, and what follows a finished run — a retry, a record that the retries are used
 * up, or nothing. A timed-out run follows the retry policy exactly like a failed one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  afterRun,
  cancelledByDisabledRule,
  cancelledResult,
  cancelStep,
  type FinishedRun,
  recordsStartFirst,
  redactedConfig,
  restartCancels,
  waitsForDelay,
  waitsForTurn,
} from '../../../core/engine/execution-policy.ts';
import type { ExecutionResult, RetryPolicy } from '../../../core/model/entities.ts';
import { EXECUTION_STATUSES, type ExecutionStatus } from '../../../core/model/status.ts';

const NOW = 1_700_000_000_000;
const TWICE: RetryPolicy = { count: 2, delay: 5, backoff: 'constant' };

/** A rule's first attempt that failed, with no retry policy anywhere; `over` changes it. */
function run(over: Partial<FinishedRun> = {}): FinishedRun {
  return {
    id: 7,
    enforcementId: 3,
    retryCount: 0,
    status: 'failed',
    rule: { retry: null },
    action: { retry: null },
    stopping: false,
    now: NOW,
    ...over,
  };
}

function result(error: string | null): ExecutionResult {
  return {
    exit_code: null,
    stdout: 'partial',
    stderr: '',
    duration_ms: 12,
    data: null,
    error,
    stdout_truncated: false,
    stderr_truncated: false,
  };
}

describe('waiting before a run', () => {
  test('a run waits for its retry delay only while its not_before is still ahead', () => {
    assert.equal(waitsForDelay(null, NOW), false);
    assert.equal(waitsForDelay(NOW + 1, NOW), true);
    assert.equal(waitsForDelay(NOW, NOW), false);
    assert.equal(waitsForDelay(NOW - 1, NOW), false);
  });

  test('queue and restart runs wait for their rule turn; parallel, single and manual runs do not', () => {
    assert.equal(waitsForTurn({ overlap: 'queue' }), true);
    assert.equal(waitsForTurn({ overlap: 'restart' }), true);
    assert.equal(waitsForTurn({ overlap: 'parallel' }), false);
    assert.equal(waitsForTurn({ overlap: 'single' }), false);
    assert.equal(waitsForTurn(null), false);
  });

  test("a restart run cancels its rule's earlier runs, never itself or later ones", () => {
    assert.deepEqual(restartCancels(new Set([4, 9, 2, 12, 9]), 9), [4, 2]);
    assert.deepEqual(restartCancels([9], 9), []);
    assert.deepEqual(restartCancels([], 9), []);
  });

  test("a rule's run whose rule was disabled while it waited never starts; a manual run does", () => {
    assert.equal(cancelledByDisabledRule(3, { enabled: false }), true);
    assert.equal(cancelledByDisabledRule(3, { enabled: true }), false);
    assert.equal(cancelledByDisabledRule(null, { enabled: false }), false);
    // A rule deleted since: nothing to read "disabled" from, so the run goes ahead.
    assert.equal(cancelledByDisabledRule(3, null), false);
  });

  test('a process records its start on disk before it starts; an in-process builtin does not', () => {
    assert.equal(recordsStartFirst({ runner_type: 'builtin' }), false);
    assert.equal(recordsStartFirst({ runner_type: 'shell' }), true);
    assert.equal(recordsStartFirst({ runner_type: 'python' }), true);
    assert.equal(recordsStartFirst({ runner_type: 'http' }), true);
  });
});

describe('cancel', () => {
  test('a finished execution cannot be cancelled', () => {
    for (const s of ['completed', 'failed', 'timeout', 'cancelled', 'abandoned'] as const) {
      assert.equal(cancelStep(s, true), 'conflict', s);
      assert.equal(cancelStep(s, false), 'conflict', s);
    }
  });

  test('an execution already canceling is left to finish', () => {
    assert.equal(cancelStep('canceling', true), 'already');
    assert.equal(cancelStep('canceling', false), 'already');
  });

  test('a running execution driven here is asked to stop; one not driven here is cancelled at once', () => {
    assert.equal(cancelStep('running', true), 'canceling');
    assert.equal(cancelStep('running', false), 'cancelled');
  });

  test('an execution that has not started is cancelled at once', () => {
    for (const s of ['requested', 'scheduling', 'scheduled'] as const) {
      assert.equal(cancelStep(s, true), 'cancelled', s);
      assert.equal(cancelStep(s, false), 'cancelled', s);
    }
  });

  test('every status has a cancel step', () => {
    for (const s of EXECUTION_STATUSES) {
      assert.ok(['conflict', 'already', 'canceling', 'cancelled'].includes(cancelStep(s, true)), s);
    }
  });

  test('a run cancelled while running keeps its output and its own error, else says "cancelled"', () => {
    assert.deepEqual(cancelledResult(result(null)), result('cancelled'));
    assert.deepEqual(cancelledResult(result('killed by SIGTERM')), result('killed by SIGTERM'));
  });
});

describe('after a run', () => {
  test('a failed run the policy retries creates the next attempt, due after the delay', () => {
    assert.deepEqual(afterRun(run({ rule: { retry: TWICE } })), {
      kind: 'retry',
      retryCount: 1,
      notBefore: NOW + 5_000,
    });
  });

  test('a timed-out run follows the retry policy like a failed one', () => {
    assert.deepEqual(afterRun(run({ status: 'timeout', rule: { retry: TWICE } })), {
      kind: 'retry',
      retryCount: 1,
      notBefore: NOW + 5_000,
    });
    assert.deepEqual(afterRun(run({ status: 'timeout', retryCount: 2, rule: { retry: TWICE } })), {
      kind: 'exhausted',
      enforcementId: 3,
      detail: 'execution 7 timeout after 2 retries',
    });
  });

  test('the delay is the one before the next attempt: exponential backoff doubles it', () => {
    const policy: RetryPolicy = { count: 5, delay: 2, backoff: 'exponential' };
    assert.deepEqual(afterRun(run({ retryCount: 2, rule: { retry: policy } })), {
      kind: 'retry',
      retryCount: 3,
      notBefore: NOW + 8_000,
    });
  });

  test("the rule's policy wins over the action's; without one the action's applies", () => {
    const once: RetryPolicy = { count: 1, delay: 1, backoff: 'constant' };
    assert.deepEqual(afterRun(run({ rule: { retry: TWICE }, action: { retry: once }, retryCount: 1 })), {
      kind: 'retry',
      retryCount: 2,
      notBefore: NOW + 5_000,
    });
    assert.deepEqual(afterRun(run({ rule: { retry: null }, action: { retry: once } })), {
      kind: 'retry',
      retryCount: 1,
      notBefore: NOW + 1_000,
    });
    assert.deepEqual(afterRun(run({ rule: null, enforcementId: null, action: { retry: once } })), {
      kind: 'retry',
      retryCount: 1,
      notBefore: NOW + 1_000,
    });
  });

  test("a rule's run whose retries are used up is recorded as exhausted", () => {
    assert.deepEqual(afterRun(run({ retryCount: 2, rule: { retry: TWICE } })), {
      kind: 'exhausted',
      enforcementId: 3,
      detail: 'execution 7 failed after 2 retries',
    });
  });

  test('a manual run whose retries are used up just ends (it has no enforcement to mark)', () => {
    assert.deepEqual(
      afterRun(run({ enforcementId: null, rule: null, retryCount: 2, action: { retry: TWICE } })),
      {
        kind: 'done',
      },
    );
  });

  test('completed, cancelled and abandoned runs never retry and are not "exhausted"', () => {
    for (const status of ['completed', 'cancelled', 'abandoned'] as const) {
      assert.deepEqual(afterRun(run({ status, rule: { retry: TWICE } })), { kind: 'done' }, status);
      assert.deepEqual(
        afterRun(run({ status, retryCount: 2, rule: { retry: TWICE } })),
        { kind: 'done' },
        status,
      );
    }
  });

  test('without a retry policy a failure just ends', () => {
    assert.deepEqual(afterRun(run()), { kind: 'done' });
    assert.deepEqual(afterRun(run({ status: 'timeout' })), { kind: 'done' });
  });

  test('a policy of zero retries neither retries nor records an exhaustion', () => {
    assert.deepEqual(afterRun(run({ rule: { retry: { count: 0, delay: 1, backoff: 'constant' } } })), {
      kind: 'done',
    });
  });

  test('once the executor is stopping no retry is created, and the failure is not "exhausted"', () => {
    assert.deepEqual(afterRun(run({ stopping: true, rule: { retry: TWICE } })), { kind: 'done' });
    // Its retries were all used before the stop: still recorded.
    assert.deepEqual(afterRun(run({ stopping: true, retryCount: 2, rule: { retry: TWICE } })), {
      kind: 'exhausted',
      enforcementId: 3,
      detail: 'execution 7 failed after 2 retries',
    });
  });

  test('only failed and timeout retry, of every status', () => {
    const retried = EXECUTION_STATUSES.filter(
      (status: ExecutionStatus) => afterRun(run({ status, rule: { retry: TWICE } })).kind === 'retry',
    );
    assert.deepEqual(retried, ['failed', 'timeout']);
  });
});

describe('the config a run shows', () => {
  test('validated values with defaults, each secret shown as stored (redacted), never its value', () => {
    const stored = { host: 'h', password: '***' };
    const validated = { host: 'h', port: 22, password: 'hunter22' };
    const secrets = { password: 'hunter22' };
    assert.deepEqual(redactedConfig(stored, validated, secrets), { host: 'h', port: 22, password: '***' });
  });

  test('a secret missing from the stored config reads "***"', () => {
    assert.deepEqual(redactedConfig({}, { token: 'abcd1234', n: 1 }, { token: 'abcd1234' }), {
      token: '***',
      n: 1,
    });
  });

  test('without secrets it is the validated config as it is', () => {
    assert.deepEqual(redactedConfig({ a: 'x' }, { a: 'x', b: true }, {}), { a: 'x', b: true });
  });
});
