/** Every migration, in order. Add new ones at the end, in steps of 10, each with its own test. */
import { migration0010 } from './0010-initial.ts';
import { migration0020 } from './0020-timer-state.ts';
import { migration0030 } from './0030-events-search.ts';
import { migration0040 } from './0040-event-clock-lag.ts';
import { migration0050 } from './0050-evaluation-explanation.ts';
import { migration0060 } from './0060-sensors.ts';
import { migration0070 } from './0070-attune-ids.ts';
import { migration0080 } from './0080-key-ids.ts';
import { migration0090 } from './0090-retention.ts';
import { migration0100 } from './0100-alerts.ts';
import { migration0110 } from './0110-event-source.ts';
import { migration0120 } from './0120-search-merges.ts';
import type { Migration } from './types.ts';

export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
  migration0110,
  migration0120,
];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
