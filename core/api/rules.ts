/** rules.* channels. */
import type { RuleView } from '../contract/entities.ts';
import type { Engine } from '../engine/create-engine.ts';
import type { Rule } from '../model/entities.ts';
import { withPackRef } from '../model/refs.ts';
import { listRules } from '../store/index.ts';
import type { Handlers } from './handler-types.ts';
import { toList } from './paging.ts';

/** A rule as the API shows it: timer rules carry their next and last fire instants. */
export function ruleView(engine: Engine, rule: Rule): RuleView {
  const timer = engine.timerInfo(rule.ref);
  return timer ? { ...rule, next_fire_at: timer.next_fire_at, last_fired_at: timer.last_fired_at } : rule;
}

export const rulesHandlers = {
  'rules.list': (a, { engine }) =>
    toList(
      listRules(
        engine.store.read,
        { pack_ref: a.pack_ref, trigger_ref: a.trigger_ref, action_ref: a.action_ref, enabled: a.enabled },
        a,
      ),
      (r) => ruleView(engine, r),
    ),
  'rules.get': (a, { engine }) => ruleView(engine, engine.rules.get(a.ref)),
  'rules.create': (a, { engine }) => {
    const { pack_ref, permission_set_refs: _p, ...rest } = a;
    return ruleView(engine, engine.rules.create({ ...rest, ref: withPackRef(a.ref, pack_ref) }));
  },
  'rules.update': (a, { engine }) => {
    const { permission_set_refs: _p, description, ...patch } = a.patch;
    return ruleView(
      engine,
      engine.rules.update(a.ref, description === null ? patch : { ...patch, description }),
    );
  },
  'rules.enable': (a, { engine }) => ruleView(engine, engine.rules.update(a.ref, { enabled: true })),
  'rules.disable': (a, { engine }) => ruleView(engine, engine.rules.update(a.ref, { enabled: false })),
  'rules.delete': (a, { engine }) => ({ ref: engine.rules.delete(a.ref).ref, deleted: true as const }),
  'rules.test': (a, { engine }) => engine.testRule(a.ref, a.payload),
  'rules.try': (a, { engine }) => engine.tryRule(a.rule, a.payload),
  'rules.run': (a, { engine }) => engine.runRule(a.ref, a.payload),
  'rules.replay': (a, { engine }) => engine.replayRule(a.ref, a.event_id, a.rule),
} satisfies Partial<Handlers>;
