/**
 * Store repositories against a real SQLite file: the entity shapes (docs/concepts.md, "The chain") round-trip, enforcement
 * is idempotent per (rule, event), status changes are compare-and-set, the webhook log is
 * bounded, and writes need a transaction (checked by the compiler).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  getEvent,
  getExecution,
  insertEnforcement,
  insertEvaluation,
  insertEvent,
  insertExecution,
  insertRule,
  insertWebhookAttempt,
  listEvents,
  listWebhookAttempts,
  MAX_UNKNOWN_KEY_ATTEMPTS,
  MAX_WEBHOOK_ATTEMPTS,
  openStore,
  type Store,
  setExecutionStatus,
  upsertAction,
  upsertPack,
  upsertTrigger,
  whereClause,
} from '../../../core/store/index.ts';
import { DEFAULT_WEBHOOK_CONFIG } from '../../../core/store/triggers-repo.ts';
import { eventRow, executionRow } from '../../helpers/rows.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function seeded(t: Parameters<typeof tempDir>[0]): Store {
  const store = openStore({ file: path.join(tempDir(t), 'x.db') });
  t?.after(() => store.close());
  store.transaction((w) => {
    upsertPack(
      w,
      {
        ref: 'p',
        label: 'P',
        description: '',
        version: '1.0.0',
        author: null,
        conf_schema: {},
        config: {},
        dependencies: [],
        tags: [],
        path: null,
        system: false,
      },
      1000,
    );
    upsertTrigger(
      w,
      {
        ref: 'p.t',
        pack_ref: 'p',
        label: 'T',
        description: '',
        param_schema: {},
        out_schema: {},
        enabled: true,
        webhook_enabled: false,
        webhook_key: null,
        webhook_config: DEFAULT_WEBHOOK_CONFIG,
      },
      1000,
    );
    upsertAction(
      w,
      {
        ref: 'p.a',
        pack_ref: 'p',
        label: 'A',
        description: '',
        runner_type: 'shell',
        entry_point: 'echo',
        parameters: {},
        output: {},
        parameter_delivery: 'stdin',
        parameter_format: 'json',
        output_format: 'text',
        timeout_seconds: 5,
        retry: null,
        enabled: true,
      },
      1000,
    );
    insertRule(
      w,
      {
        ref: 'p.r',
        pack_ref: 'p',
        label: 'R',
        description: '',
        trigger_ref: 'p.t',
        trigger_params: {},
        conditions: { expression: 'true' },
        action_ref: 'p.a',
        action_params: { x: '{{ event.id }}' },
        enabled: true,
        overlap: 'queue',
        retry: { count: 1, delay: 2, backoff: 'constant' },
        misfire: null,
      },
      1000,
    );
  });
  return store;
}

test('an event with its evaluation record round-trips, and the rule filter finds it', (t) => {
  const store = seeded(t);
  const id = store.transaction((w) => {
    const e = insertEvent(w, {
      kind: 'event',
      trigger_ref: 'p.t',
      payload: { n: 1 },
      config: null,
      source_ref: null,
      rule_ref: null,
      trace_tag: 'tt',
      created: 5000,
    });
    insertEvaluation(w, e, {
      rule_ref: 'p.r',
      outcome: 'condition_false',
      detail: 'false',
      enforcement_id: null,
    });
    return e;
  });
  const e = getEvent(store.read, id);
  assert.deepEqual(e, {
    id,
    kind: 'event',
    trigger_ref: 'p.t',
    payload: { n: 1 },
    config: null,
    source_ref: null,
    rule_ref: null,
    trace_tag: 'tt',
    created: new Date(5000).toISOString(),
    evaluations: [
      {
        rule_ref: 'p.r',
        outcome: 'condition_false',
        detail: 'false',
        enforcement_id: null,
        explanation: null,
      },
    ],
  });
  const page = { page: 1, page_size: 10 };
  assert.equal(listEvents(store.read, { rule_ref: 'p.r' }, page).total, 1);
  assert.equal(listEvents(store.read, { rule_ref: 'p.r', outcome: 'matched' }, page).total, 0);
  assert.equal(listEvents(store.read, { since: 5001 }, page).total, 0);
});

test('enforcing the same rule for the same event twice returns the first enforcement', (t) => {
  const store = seeded(t);
  store.transaction((w) => {
    const ev = insertEvent(w, eventRow({ created: 1 }));
    const a = insertEnforcement(w, {
      rule_ref: 'p.r',
      event_id: ev,
      trigger_ref: 'p.t',
      config: {},
      status: 'created',
      created: 1,
    });
    const b = insertEnforcement(w, {
      rule_ref: 'p.r',
      event_id: ev,
      trigger_ref: 'p.t',
      config: {},
      status: 'created',
      created: 2,
    });
    assert.equal(a.created, true);
    assert.equal(b.created, false);
    assert.equal(b.id, a.id);
  });
});

test('a status change only applies when the execution is still in the expected status', (t) => {
  const store = seeded(t);
  const id = store.transaction((w) => insertExecution(w, executionRow({ status: 'requested', created: 1 })));
  assert.equal(
    store.transaction((w) => setExecutionStatus(w, id, 'requested', { status: 'scheduling', at: 2 })),
    true,
  );
  assert.equal(
    store.transaction((w) => setExecutionStatus(w, id, 'requested', { status: 'cancelled', at: 3 })),
    false,
  );
  assert.equal(getExecution(store.read, id)?.status, 'scheduling');
});

test('the webhook attempt log keeps the newest entries only', (t) => {
  const store = seeded(t);
  store.transaction((w) => {
    for (let i = 0; i < MAX_WEBHOOK_ATTEMPTS + 1000; i++) {
      insertWebhookAttempt(w, {
        trigger_ref: 'p.t',
        webhook_key: 'k',
        status_code: 200,
        error: null,
        event_id: null,
        remote_address: null,
        body_bytes: 1,
        created: i,
      });
    }
  });
  const n = (store.read.stmt('SELECT COUNT(*) AS n FROM webhook_attempts').get() as { n: number }).n;
  assert.ok(n <= MAX_WEBHOOK_ATTEMPTS + 500, `${n} rows kept`);
  assert.equal(
    listWebhookAttempts(store.read, 'p.t', 1)[0]?.created,
    new Date(MAX_WEBHOOK_ATTEMPTS + 999).toISOString(),
  );
});

test("attempts on unknown keys are kept apart: a flood of them never pushes out a trigger's attempts", (t) => {
  const store = seeded(t);
  const attempt = (trigger_ref: string | null, created: number) => ({
    trigger_ref,
    webhook_key: 'k',
    status_code: trigger_ref ? 200 : 404,
    error: null,
    event_id: null,
    remote_address: '10.0.0.9',
    body_bytes: 1,
    created,
  });
  store.transaction((w) => {
    for (let i = 0; i < 20; i++) insertWebhookAttempt(w, attempt('p.t', i));
    for (let i = 0; i < MAX_WEBHOOK_ATTEMPTS + 2000; i++) insertWebhookAttempt(w, attempt(null, 100 + i));
  });
  assert.equal(listWebhookAttempts(store.read, 'p.t', 100).length, 20, "every one of the trigger's attempts");
  const unknown = (
    store.read.stmt('SELECT COUNT(*) AS n FROM webhook_attempts WHERE trigger_ref IS NULL').get() as {
      n: number;
    }
  ).n;
  assert.ok(unknown <= MAX_UNKNOWN_KEY_ATTEMPTS + 500, `${unknown} unknown-key rows kept`);
  assert.equal(
    listWebhookAttempts(store.read, null, 1)[0]?.created,
    new Date(100 + MAX_WEBHOOK_ATTEMPTS + 1999).toISOString(),
    'the newest unknown-key attempt is kept',
  );
});

test('whereClause keeps only the given filters, in order', () => {
  assert.deepEqual(
    whereClause([
      ['a = ?', 1],
      ['b = ?', undefined],
      ['c IN (?, ?)', [2, 3]],
    ]),
    {
      sql: 'WHERE a = ? AND c IN (?, ?)',
      params: [1, 2, 3],
    },
  );
  assert.deepEqual(whereClause([['a = ?', undefined]]), { sql: '', params: [] });
});

test('repositories refuse to write through a read handle (a compile-time rule)', (t) => {
  const store = seeded(t);
  const write = () =>
    // @ts-expect-error — only store.transaction hands out a WriteHandle.
    insertEvent(store.read, {
      kind: 'event',
      trigger_ref: 'p.t',
      payload: {},
      config: null,
      source_ref: null,
      rule_ref: null,
      trace_tag: 't',
      created: 1,
    });
  assert.equal(typeof write, 'function');
});
