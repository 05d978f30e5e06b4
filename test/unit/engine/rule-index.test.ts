/**
 * The rule index (core/engine/rule-index.ts): a condition parsed and compiled when its rule was
 * saved is handed to the index and evaluated as it is — the rule is not parsed a second time —
 * unless the stored rule's expression is no longer the one that was compiled.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { RuleIndex } from '../../../core/engine/rule-index.ts';
import { compileCondition } from '../../../core/expr/index.ts';
import {
  insertRule,
  openStore,
  type Store,
  upsertAction,
  upsertPack,
  upsertTrigger,
} from '../../../core/store/index.ts';
import { DEFAULT_WEBHOOK_CONFIG } from '../../../core/store/triggers-repo.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function storeWithRule(t: Parameters<typeof tempDir>[0], expression: string): Store {
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
      0,
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
      0,
    );
    upsertAction(
      w,
      {
        ref: 'p.a',
        pack_ref: 'p',
        label: 'A',
        description: '',
        runner_type: 'builtin',
        entry_point: 'noop',
        parameters: {},
        output: {},
        parameter_delivery: 'stdin',
        parameter_format: 'json',
        output_format: 'text',
        timeout_seconds: 5,
        retry: null,
        enabled: true,
      },
      0,
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
        conditions: { expression },
        action_ref: 'p.a',
        action_params: {},
        enabled: true,
        overlap: 'parallel',
        retry: null,
        misfire: null,
      },
      0,
    );
  });
  return store;
}

const SOURCE = 'event.payload.level == "error"';

test('the condition compiled when a rule is saved is the one the index evaluates', (t) => {
  const index = new RuleIndex(storeWithRule(t, SOURCE));
  const atSave = compileCondition({ expression: SOURCE });
  // What the save parsed, as an evaluator of its own (not one the index could have made).
  const evaluated: unknown[] = [];
  const handedOver = (ctx: unknown) => {
    evaluated.push(ctx);
    return atSave.evaluate?.(ctx as Record<string, unknown>);
  };
  index.remember('p.r', { conditions: atSave.conditions, evaluate: handedOver });
  const [rule] = index.forTrigger('p.t');
  assert.equal(rule?.condition, handedOver);
  assert.equal(rule?.condition?.({ event: { payload: { level: 'error' } } }), true);
  assert.equal(evaluated.length, 1);
});

test('a condition compiled for another expression than the stored one is not used', (t) => {
  const index = new RuleIndex(storeWithRule(t, SOURCE));
  const stale = () => false;
  index.remember('p.r', { conditions: { expression: 'false' }, evaluate: stale });
  const [rule] = index.forTrigger('p.t');
  assert.notEqual(rule?.condition, stale);
  assert.equal(
    rule?.condition?.({ event: { payload: { level: 'error' } } }),
    true,
    'the stored rule, compiled',
  );
});
