/**
 * Entities as Attune's REST clients read them (docs/attune-compat.md, "Responses"): every field
 * Attune's response DTOs require, under Attune's names and types, added beside ours. The REST
 * routes answer with these; the WebSocket and IPC channels keep the plain shapes the UI reads.
 * Two of our values change form on REST only, because Attune's clients cannot read null there:
 * a rule's `conditions` is `{}` for "always", an execution's `result` is `{}` until it ends.
 */
import type { ChannelName } from '../contract/channels.ts';
import type { Sensor } from '../contract/sensors.ts';
import type {
  Action,
  AttuneEvent,
  Enforcement,
  Execution,
  JsonObject,
  Pack,
  Rule,
  Trigger,
} from '../model/entities.ts';
import { USER_PACK } from '../model/refs.ts';
import { eventPayloadText, getRule, idByRef, type ReadHandle, sensorOfTrigger } from '../store/index.ts';

/** Entities made in the app or through the API, not installed from a pack (Attune's `is_adhoc`). */
const adhoc = (packRef: string) => packRef === USER_PACK;

/** Attune's reference-visibility fields: everything is visible to the one local user. */
const VISIBLE = { reference_visibility: 'public', reference_allowed_pack_refs: [] as string[] } as const;

export function attunePack(p: Pack) {
  return { ...p, is_standard: p.system, meta: {}, runtime_deps: [] as string[] };
}

export function attuneTrigger(h: ReadHandle, t: Trigger) {
  const sensor = sensorOfTrigger(h, t.ref);
  return {
    ...t,
    pack: idByRef(h, 'pack', t.pack_ref),
    is_adhoc: adhoc(t.pack_ref),
    sensor: sensor?.id ?? null,
    sensor_ref: sensor?.ref ?? null,
    ...VISIBLE,
  };
}

/**
 * Runners are built in, not runtime entities with ids: each has a fixed number, so Attune's
 * `runtime` (an id its clients require) is stable and says which runner it is.
 */
const RUNTIME_IDS: Readonly<Record<string, number>> = {
  internal: 1,
  shell: 2,
  python: 3,
  node: 4,
  native: 5,
};

export function attuneSensor(h: ReadHandle, s: Sensor) {
  return {
    ...s,
    pack: idByRef(h, 'pack', s.pack_ref),
    runtime: RUNTIME_IDS[s.runner_type] ?? 0,
    runtime_ref: s.runner_type,
    // Sensors run on this machine: no worker placement (docs/attune-compat.md, "Requests").
    worker_selector: {},
    worker_tolerations: [] as unknown[],
    worker_affinity: {},
    retired_at: null,
  };
}

export function attuneAction(h: ReadHandle, a: Action) {
  return {
    ...a,
    pack: idByRef(h, 'pack', a.pack_ref),
    entrypoint: a.entry_point,
    param_schema: a.parameters,
    out_schema: a.output,
    runtime: null,
    runtime_ref: a.runner_type,
    is_adhoc: adhoc(a.pack_ref),
    accesses_mcp: false,
    ...VISIBLE,
  };
}

export function attuneRule<R extends Rule>(h: ReadHandle, r: R) {
  return {
    ...r,
    pack: idByRef(h, 'pack', r.pack_ref),
    trigger: idByRef(h, 'trigger', r.trigger_ref),
    action: idByRef(h, 'action', r.action_ref),
    conditions: r.conditions ?? {},
    is_adhoc: adhoc(r.pack_ref),
  };
}

export function attuneEvent(h: ReadHandle, e: AttuneEvent) {
  return {
    ...e,
    trigger: idByRef(h, 'trigger', e.trigger_ref),
    rule: idByRef(h, 'rule', e.rule_ref),
    // Null for what no sensor sent (`api`, `manual`).
    source: idByRef(h, 'sensor', e.source_ref),
    has_payload: Object.keys(e.payload).length > 0,
  };
}

export function attuneEnforcement(h: ReadHandle, x: Enforcement) {
  const rule = getRule(h, x.rule_ref);
  const payload = eventPayloadText(h, x.event_id);
  return {
    ...x,
    rule: rule?.id ?? null,
    event: x.event_id,
    // Ours is one expression, which Attune's enum calls `all`.
    condition: 'all' as const,
    conditions: rule?.conditions ?? {},
    payload: payload === null ? {} : (JSON.parse(payload) as JsonObject),
  };
}

export function attuneExecution(h: ReadHandle, x: Execution) {
  return {
    ...x,
    action: idByRef(h, 'action', x.action_ref),
    enforcement: x.enforcement_id,
    parent: x.parent_id,
    result: x.result ?? {},
    executor: null,
    worker: null,
  };
}

type View = (h: ReadHandle, value: never) => unknown;

const VIEWS: Partial<Record<ChannelName, View>> = {};
const give = (view: View, ...names: ChannelName[]) => {
  for (const n of names) VIEWS[n] = view;
};
give((_h, p: Pack) => attunePack(p), 'packs.list', 'packs.get');
give(
  attuneTrigger as View,
  'triggers.list',
  'triggers.get',
  'triggers.create',
  'triggers.update',
  'triggers.enable',
  'triggers.disable',
  'triggers.enableWebhook',
  'triggers.regenerateWebhook',
  'triggers.disableWebhook',
);
give(attuneAction as View, 'actions.list', 'actions.get', 'actions.update');
give(
  attuneRule as View,
  'rules.list',
  'rules.get',
  'rules.create',
  'rules.update',
  'rules.enable',
  'rules.disable',
);
give(attuneEvent as View, 'events.list', 'events.get', 'events.create');
give(
  attuneSensor as View,
  'sensors.list',
  'sensors.listEnabled',
  'sensors.listByPack',
  'sensors.listByTrigger',
  'sensors.get',
  'sensors.create',
  'sensors.update',
  'sensors.enable',
  'sensors.disable',
  'sensors.restart',
);
give(attuneEnforcement as View, 'enforcements.list', 'enforcements.get');
give(attuneExecution as View, 'executions.list', 'executions.get', 'executions.execute', 'executions.cancel');

/** A channel's answer as its REST route sends it: lists item by item, the rest as a whole. */
export function attuneView(channel: ChannelName, data: unknown, h: ReadHandle): unknown {
  const view = VIEWS[channel];
  if (!view) return data;
  const one = (v: unknown) => view(h, v as never);
  if (data && typeof data === 'object' && 'items' in data && Array.isArray(data.items)) {
    return { ...data, items: data.items.map(one) };
  }
  return one(data);
}
