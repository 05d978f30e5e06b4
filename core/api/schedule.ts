/** schedule.* channels: the next runs of timer params before they are saved (docs/timers.md). */
import { previewTimer } from '../schedule/index.ts';
import type { Handlers } from './handler-types.ts';

export const scheduleHandlers = {
  'schedule.preview': (a, { engine }) => {
    const opts = { now: engine.clock.now(), defaultTimezone: engine.defaultTimezone, count: a.count };
    // Throws AttuneError('VALIDATION_ERROR') naming the field: a 400 over REST.
    const { params, items } = previewTimer(a.trigger_ref, a.trigger_params, opts);
    return { trigger_ref: a.trigger_ref, trigger_params: params, items };
  },
} satisfies Partial<Handlers>;
