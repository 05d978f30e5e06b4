/**
 * Rule sets for the pipeline benchmarks, written straight through the repositories (creating
 * 10,000 rules through `rules.create` would measure validation, not the pipeline). Every rule
 * has a condition that holds, so each event on the measured trigger fires all its rules.
 */
import type { JsonObject } from '../../core/model/entities.ts';
import {
  DEFAULT_WEBHOOK_CONFIG,
  insertRule,
  type Store,
  upsertTrigger,
  type WriteHandle,
} from '../../core/store/index.ts';

export const BENCH_TRIGGER = 'local.bench';
/** A condition every benchmark payload satisfies: the expression evaluator is on the measured path. */
export const BENCH_CONDITION = 'event.payload.n >= 0';

export interface RuleSetShape {
  /** Rules on BENCH_TRIGGER. */
  perTrigger: number;
  /** Rules in the whole database; the others go to other triggers, `perTrigger` on each. */
  total: number;
  actionRef: string;
  actionParams?: Record<string, string>;
  /** The rules' condition (BENCH_CONDITION when absent). */
  condition?: string;
}

function trigger(w: WriteHandle, ref: string, now: number): void {
  upsertTrigger(
    w,
    {
      ref,
      pack_ref: 'local',
      label: ref,
      description: '',
      param_schema: {},
      out_schema: {},
      enabled: true,
      webhook_enabled: false,
      webhook_key: null,
      webhook_config: DEFAULT_WEBHOOK_CONFIG,
    },
    now,
  );
}

/** Creates BENCH_TRIGGER and the rule set; the engine must be started (the `local` pack exists). */
export function seedRules(store: Store, shape: RuleSetShape, now = Date.now()): void {
  const otherTriggers = Math.ceil((shape.total - shape.perTrigger) / Math.max(1, shape.perTrigger));
  store.transaction((w) => {
    trigger(w, BENCH_TRIGGER, now);
    for (let t = 0; t < otherTriggers; t++) trigger(w, `local.other-${t}`, now);
    for (let i = 0; i < shape.total; i++) {
      const onBench = i < shape.perTrigger;
      const t = Math.floor((i - shape.perTrigger) / Math.max(1, shape.perTrigger));
      insertRule(
        w,
        {
          ref: `local.rule-${String(i).padStart(5, '0')}`,
          pack_ref: 'local',
          label: `Rule ${i}`,
          description: '',
          trigger_ref: onBench ? BENCH_TRIGGER : `local.other-${t}`,
          trigger_params: {},
          conditions: { expression: shape.condition ?? BENCH_CONDITION },
          action_ref: shape.actionRef,
          action_params: shape.actionParams ?? {},
          enabled: true,
          overlap: 'parallel',
          retry: null,
          misfire: null,
        },
        now,
      );
    }
  });
}

/** A payload of the size webhooks usually carry (a few hundred bytes). */
export function benchPayload(n: number): JsonObject {
  return {
    n,
    kind: 'order.shipped',
    order: { id: 100_000 + n, total: (n % 997) + 0.99, currency: 'EUR' },
    customer: { id: `c-${n % 5000}`, email: `customer${n % 5000}@example.com` },
    message: `Order ${100_000 + n} left the warehouse in Leipzig and is on its way`,
  };
}
