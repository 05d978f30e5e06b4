/**
 * Timer rules for the timer benchmarks, written into a data folder before the measured engine
 * starts (the sensor arms what it finds at start; rules inserted behind a running engine's back
 * would not be armed). Written through the repository: 100,000 rules through `rules.create`
 * would time validation, not arming. Each runs the in-process core.noop.
 */
import { createEngine } from '../../core/engine/create-engine.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { insertRule } from '../../core/store/index.ts';

export interface TimerRuleSet {
  dataDir: string;
  count: number;
  /** core.intervaltimer params, e.g. `{ interval: 1, unit: 'seconds' }`. */
  params: { interval: number; unit: 'seconds' | 'minutes' | 'hours' | 'days' };
}

/** Installs the core pack (an engine start and stop), then writes the rules. */
export async function seedTimerRules(s: TimerRuleSet): Promise<void> {
  const engine = createEngine({ dataDir: s.dataDir, logger: silentLogger });
  await engine.start();
  const now = Date.now();
  try {
    engine.store.transaction((w) => {
      for (let i = 0; i < s.count; i++) {
        insertRule(
          w,
          {
            ref: `local.timer-${String(i).padStart(6, '0')}`,
            pack_ref: 'local',
            label: `Timer ${i}`,
            description: '',
            trigger_ref: 'core.intervaltimer',
            trigger_params: s.params,
            conditions: null,
            action_ref: 'core.noop',
            action_params: {},
            enabled: true,
            overlap: 'parallel',
            retry: null,
            misfire: null,
          },
          now,
        );
      }
    });
  } finally {
    await engine.stop(1000);
  }
}
