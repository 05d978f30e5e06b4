/** events.*, enforcements.*, executions.* channels: the record of what happened. */
import { notFound } from '../model/errors.ts';
import {
  getEnforcement,
  getEvent,
  getExecution,
  listEnforcements,
  listEvents,
  listExecutions,
} from '../store/index.ts';
import type { Handlers } from './handler-types.ts';
import { toList } from './paging.ts';

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

export const historyHandlers = {
  'events.list': (a, { engine }) =>
    toList(
      listEvents(
        engine.store.read,
        {
          trigger_ref: a.trigger_ref,
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
    ),
  'events.get': (a, { engine }) => {
    const e = getEvent(engine.store.read, a.id);
    if (!e) throw notFound('event', a.id);
    return e;
  },
  'enforcements.list': (a, { engine }) =>
    toList(listEnforcements(engine.store.read, { rule_ref: a.rule_ref, event_id: a.event }, a)),
  'enforcements.get': (a, { engine }) => {
    const e = getEnforcement(engine.store.read, a.id);
    if (!e) throw notFound('enforcement', a.id);
    return e;
  },
  'executions.list': (a, { engine }) =>
    toList(
      listExecutions(
        engine.store.read,
        { status: a.status, action_ref: a.action_ref, rule_ref: a.rule_ref, enforcement_id: a.enforcement },
        a,
      ),
    ),
  'executions.get': (a, { engine }) => {
    const e = getExecution(engine.store.read, a.id);
    if (!e) throw notFound('execution', a.id);
    return e;
  },
  'executions.execute': (a, { engine }) => engine.execute(a.action_ref, a.parameters),
  'executions.cancel': (a, { engine }) => engine.cancel(a.id),
} satisfies Partial<Handlers>;
