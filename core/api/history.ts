/** events.*, enforcements.*, executions.* channels: the record of what happened. */
import type { Engine } from '../engine/create-engine.ts';
import { notFound } from '../model/errors.ts';
import {
  type DefinitionKind,
  getEnforcement,
  getEvent,
  getExecution,
  listEnforcements,
  listEvents,
  listExecutions,
  refById,
} from '../store/index.ts';
import type { Handlers } from './handler-types.ts';
import { toList } from './paging.ts';

/**
 * The ref of a definition an Attune filter names by id. An id that names nothing filters to
 * nothing (a ref no definition can have), as a filter on a deleted rule's ref would.
 */
function refOf(engine: Engine, kind: DefinitionKind, id: number | undefined): string | undefined {
  if (id === undefined) return undefined;
  return refById(engine.store.read, kind, id) ?? `#${id}`;
}

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

export const historyHandlers = {
  'events.list': (a, { engine }) =>
    toList(
      listEvents(
        engine.store.read,
        {
          trigger_ref: a.trigger_ref ?? refOf(engine, 'trigger', a.trigger),
          source_ref: refOf(engine, 'sensor', a.source),
          rule_ref: a.rule_ref,
          kind: a.kind,
          outcome: a.outcome,
          since: ms(a.since),
          until: ms(a.until),
          q: a.q,
          before: a.before,
          after: a.after,
        },
        a,
      ),
      // A page's explanations left to their readers are made for it (docs/explain.md).
      (e) => engine.explainOnRead(e),
    ),
  'events.get': (a, { engine }) => {
    const e = getEvent(engine.store.read, a.id);
    if (!e) throw notFound('event', a.id);
    return engine.explainOnRead(e);
  },
  'enforcements.list': (a, { engine }) =>
    toList(
      listEnforcements(
        engine.store.read,
        {
          rule_ref: a.rule_ref ?? refOf(engine, 'rule', a.rule),
          event_id: a.event,
          status: a.status,
          trigger_ref: a.trigger_ref,
        },
        a,
      ),
    ),
  'enforcements.get': (a, { engine }) => {
    const e = getEnforcement(engine.store.read, a.id);
    if (!e) throw notFound('enforcement', a.id);
    return e;
  },
  'executions.list': (a, { engine }) =>
    toList(
      listExecutions(
        engine.store.read,
        {
          status: a.status,
          action_ref: a.action_ref,
          rule_ref: a.rule_ref,
          enforcement_id: a.enforcement,
          pack_ref: a.pack_name,
          parent_id: a.parent,
          top_level_only: a.top_level_only,
          trigger_ref: a.trigger_ref,
          result_contains: a.result_contains,
        },
        a,
      ),
    ),
  'executions.get': (a, { engine }) => {
    const e = getExecution(engine.store.read, a.id);
    if (!e) throw notFound('execution', a.id);
    return e;
  },
  'executions.execute': (a, { engine }) =>
    engine.execute(a.action_ref, a.parameters, {
      env_vars: a.env_vars ?? undefined,
      timeout_seconds: a.timeout_seconds ?? undefined,
    }),
  'executions.cancel': (a, { engine }) => engine.cancel(a.id),
} satisfies Partial<Handlers>;
