/**
 * The timer precision baseline, run as its own process: `jobs` bare croner jobs on
 * `* * * * * *` for `seconds`, each callback noting how late it ran after its whole second
 * (croner's `currentRun()` is the actual start, so the slot is the second it belongs to).
 */
import { Cron } from 'croner';
import { programArg } from './child-program.ts';
import { spread } from './stats.ts';

const { jobs, seconds } = programArg<{ jobs: number; seconds: number }>();
const lateness: number[] = [];
const started = Date.now();
const all = Array.from(
  { length: jobs },
  () =>
    new Cron('* * * * * *', () => {
      const now = Date.now();
      lateness.push(now - Math.floor(now / 1000) * 1000);
    }),
);
setTimeout(() => {
  for (const j of all) j.stop();
  const fires = lateness.length;
  process.stdout.write(
    `${JSON.stringify({ jobs, seconds, fires, expected: jobs * Math.floor((Date.now() - started) / 1000), lateness_ms: spread(lateness) })}\n`,
  );
}, seconds * 1000);
