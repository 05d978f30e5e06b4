/** The timer benchmarks (docs/performance.md, "Timers" and "Scale and footprint"): precision against croner, and scale/footprint. */
import type { Bench } from './bench.ts';
import { timerFootprintBench } from './timer-footprint.ts';
import { timerPrecisionBench } from './timer-precision.ts';

export const timerBenches: readonly Bench[] = [timerPrecisionBench, timerFootprintBench];
