/**
 * All channel handlers, merged from the feature modules (Actual's handler maps). A channel with
 * no handler, or with two, fails at start with its name.
 */
import { CHANNEL_NAMES, type ChannelName } from '../contract/channels.ts';
import { alertsHandlers } from './alerts.ts';
import { catalogHandlers } from './catalog.ts';
import type { Handlers } from './handler-types.ts';
import { historyHandlers } from './history.ts';
import { keysHandlers } from './keys.ts';
import { packsHandlers } from './packs.ts';
import { retentionHandlers } from './retention.ts';
import { rulesHandlers } from './rules.ts';
import { scheduleHandlers } from './schedule.ts';
import { sensorsHandlers } from './sensors.ts';
import { statsHandlers } from './stats.ts';
import { triggersHandlers } from './triggers.ts';

export { dispatch } from './dispatch.ts';
export type { Handler, HandlerContext, Handlers } from './handler-types.ts';

const FEATURES: Array<Partial<Handlers>> = [
  catalogHandlers,
  rulesHandlers,
  triggersHandlers,
  historyHandlers,
  packsHandlers,
  scheduleHandlers,
  statsHandlers,
  sensorsHandlers,
  keysHandlers,
  retentionHandlers,
  alertsHandlers,
];

export function mergeHandlers(features: ReadonlyArray<Partial<Handlers>>): Handlers {
  const merged: Partial<Record<ChannelName, unknown>> = {};
  for (const f of features) {
    for (const [name, h] of Object.entries(f)) {
      if (merged[name as ChannelName]) throw new Error(`channel ${name} has two handlers`);
      merged[name as ChannelName] = h;
    }
  }
  const missing = CHANNEL_NAMES.filter((c) => !merged[c]);
  if (missing.length > 0) throw new Error(`channels without a handler: ${missing.join(', ')}`);
  return merged as Handlers;
}

export const handlers: Handlers = mergeHandlers(FEATURES);
export { attuneView } from './attune-view.ts';
