/** schedule.* channels: the next runs of timer params before they are saved (SPEC §2). */
import { previewSchedule, validateTimerParams } from '../schedule/index.ts';
import type { Handlers } from './handler-types.ts';

export const scheduleHandlers = {
  'schedule.preview': (a, { engine }) => {
    const now = engine.clock.now();
    const opts = { now, defaultTimezone: engine.defaultTimezone };
    // Both throw AttuneError('VALIDATION_ERROR') naming the field: a 400 over REST.
    const normalized = validateTimerParams(a.trigger_ref, a.trigger_params, opts);
    const items = previewSchedule(a.trigger_ref, a.trigger_params, { ...opts, count: a.count });
    return { trigger_ref: a.trigger_ref, trigger_params: normalized, items };
  },
} satisfies Partial<Handlers>;
