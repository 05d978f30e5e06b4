/** alerts.* channels, executions.rerun and the timer pause (docs/alerts.md, docs/timers.md). */
import type { AlertConfigView } from '../contract/alerts.ts';
import type { Engine } from '../engine/create-engine.ts';
import { notFound } from '../model/errors.ts';
import { getAlert, listAlerts } from '../store/index.ts';
import type { Handlers } from './handler-types.ts';
import { toList } from './paging.ts';

/** A rule's settings (its ref qualified, NOT_FOUND when it does not exist), or the default. */
function configView(engine: Engine, ruleRef: string | undefined): AlertConfigView {
  if (ruleRef === undefined) return { rule_ref: null, config: engine.alerts.defaultConfig, inherited: false };
  const ref = engine.rules.get(ruleRef).ref;
  const own = engine.alerts.ownConfig(ref);
  return { rule_ref: ref, config: own ?? engine.alerts.defaultConfig, inherited: own === null };
}

export const alertsHandlers = {
  'alerts.list': (a, { engine }) =>
    toList(listAlerts(engine.store.read, { status: a.status, rule_ref: a.rule_ref }, a)),
  'alerts.get': (a, { engine }) => {
    const alert = getAlert(engine.store.read, a.id);
    if (!alert) throw notFound('alert', a.id);
    return alert;
  },
  'alerts.dismiss': (a, { engine }) => engine.alerts.dismiss(a.id),
  'alerts.getConfig': (a, { engine }) => configView(engine, a.rule_ref),
  'alerts.setConfig': (a, { engine }) => {
    const ref = a.rule_ref === undefined ? null : engine.rules.get(a.rule_ref).ref;
    engine.alerts.setConfig(ref, a.config);
    return configView(engine, ref ?? undefined);
  },
  'executions.rerun': (a, { engine }) => engine.rerun(a.id),
  'timers.pause': (_a, { engine }) => engine.pauseTimers(),
  'timers.resume': (_a, { engine }) => engine.resumeTimers(),
} satisfies Partial<Handlers>;
