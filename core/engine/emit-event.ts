/**
 * `POST /api/v1/events` and the JSON lines a sensor prints (docs/sensors.md, "Emitting events"):
 * one check for both, then the normal ingest path. A sensor's token may emit only for the
 * sensor's own trigger types, and its events name the sensor as their source whatever the body
 * says; any other authorised client may emit for any existing trigger.
 */
import type { EventCreate } from '../contract/sensors.ts';
import type { AttuneEvent, JsonObject } from '../model/entities.ts';
import { AttuneError } from '../model/errors.ts';
import { qualifyRef, USER_PACK } from '../model/refs.ts';
import type { SensorScope } from '../sensors/supervisor/sensor-tokens.ts';
import { getRule, getTrigger, ruleRefById, type Store } from '../store/index.ts';
import type { EventSubmission, IngestResult } from './ingest.ts';

export interface EmitDeps {
  store: Store;
  ingest(e: EventSubmission): Promise<IngestResult>;
}

const invalid = (field: string, message: string) =>
  new AttuneError('VALIDATION_ERROR', `${field}: ${message}`, { field });

/** The rule a `trigger_instance_id` names: Attune's SDK sends `rule_<id>`. */
function ruleOfInstance(store: Store, id: string | number): string {
  const m = typeof id === 'number' ? [String(id), String(id)] : /^(?:rule_)?([0-9]{1,15})$/.exec(id);
  const ruleId = m?.[1] === undefined ? null : Number(m[1]);
  const rule = ruleId === null ? null : ruleRefById(store.read, ruleId);
  if (!rule) throw invalid('trigger_instance_id', `"${id}" names no rule (expected rule_<id>)`);
  return rule.ref;
}

/** Checks one emission and ingests it; resolves to the stored event. */
export async function emitEvent(
  d: EmitDeps,
  input: EventCreate,
  scope: SensorScope | null,
): Promise<AttuneEvent> {
  const named = input.trigger_ref ?? input.trigger_type;
  if (named === undefined) throw invalid('trigger_ref', 'is required (the trigger the event is for)');
  const triggerRef = qualifyRef(named, scope?.packRef ?? USER_PACK, 'trigger_ref');
  if (scope && !scope.triggerTypes.includes(triggerRef)) {
    throw new AttuneError(
      'FORBIDDEN',
      `the token of sensor ${scope.sensorRef} may not emit events for trigger ${triggerRef}: a sensor emits only for its own trigger types (${scope.triggerTypes.join(', ')})`,
      { field: 'trigger_ref' },
    );
  }
  const trigger = getTrigger(d.store.read, triggerRef);
  if (!trigger) {
    throw new AttuneError('NOT_FOUND', `trigger_ref: trigger "${triggerRef}" not found`, {
      field: 'trigger_ref',
    });
  }
  // As on Attune, and as a disabled trigger's webhook answers 404: a disabled trigger takes no events.
  if (!trigger.enabled) throw invalid('trigger_ref', `trigger "${triggerRef}" is disabled`);
  let ruleRef: string | null = null;
  let field = 'rule_ref';
  if (input.rule_ref !== undefined && input.rule_ref !== null) {
    ruleRef = qualifyRef(input.rule_ref, scope?.packRef ?? USER_PACK, 'rule_ref');
  } else if (input.trigger_instance_id !== undefined && input.trigger_instance_id !== null) {
    ruleRef = ruleOfInstance(d.store, input.trigger_instance_id);
    field = 'trigger_instance_id';
  }
  if (ruleRef !== null) {
    const rule = getRule(d.store.read, ruleRef);
    if (!rule) throw invalid(field, `rule "${ruleRef}" not found`);
    if (rule.trigger_ref !== triggerRef) {
      throw invalid(field, `rule "${ruleRef}" is on trigger ${rule.trigger_ref}, not ${triggerRef}`);
    }
  }
  const config: JsonObject | null =
    input.config || input.trigger_instance_id !== undefined
      ? {
          ...(input.config ?? {}),
          ...(input.trigger_instance_id != null ? { trigger_instance_id: input.trigger_instance_id } : {}),
        }
      : null;
  const source = scope ? scope.sensorRef : (input.source ?? 'api');
  const payload = input.payload ?? {};
  const r = await d.ingest({
    trigger_ref: triggerRef,
    payload,
    config,
    source_ref: source,
    rule_ref: ruleRef,
    ...(input.trace_tag ? { trace_tag: input.trace_tag } : {}),
  });
  return {
    id: r.event_id,
    kind: 'event',
    trigger_ref: triggerRef,
    payload,
    config,
    source_ref: source,
    rule_ref: ruleRef,
    trace_tag: r.trace_tag,
    created: r.created,
    evaluations: r.evaluations,
  };
}
