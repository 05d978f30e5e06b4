/**
 * docs/timers.md, "Cron expressions" — cron expressions mean what cron users expect. Differential test: for random
 * expressions from a grammar both libraries understand, and random instants and zones away from
 * DST transitions, "is this second a slot" agrees between our layer (croner inside) and
 * node-cron 4's own matcher, reached through its public API: `createTask(...).match(date)` on a
 * task that is never started.
 *
 * One documented difference is bridged, not hidden: when day-of-month and day-of-week are both
 * restricted, croner (like Vixie cron) fires on either, node-cron only on both. The oracle then
 * asks node-cron twice, once with each of the two fields relaxed, and ORs the answers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createTask } from 'node-cron';
import { isTransitionDay } from '../../../core/schedule/tz.ts';
import { cron } from './helpers.ts';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Santiago',
];

/** node-cron's answer for one expression; the task is destroyed so its registry stays empty. */
function nodeCronMatches(expression: string, timezone: string, instants: number[]): boolean[] {
  let task: ReturnType<typeof createTask>;
  try {
    task = createTask(expression, () => undefined, { timezone });
  } catch (err) {
    // node-cron refuses a day that no month in the list has (30 FEB): such a field matches no
    // second at all, which is the answer the oracle owes.
    if (err instanceof Error && /impossible day of month/.test(err.message)) return instants.map(() => false);
    throw err;
  }
  try {
    return instants.map((t) => task.match(new Date(t)));
  } finally {
    task.destroy();
  }
}

function oracle(fields: string[], timezone: string, instants: number[]): boolean[] {
  const [, , , dom = '*', , dow = '*'] = fields;
  const wild = (f: string) => f === '*' || f === '?';
  if (wild(dom) || wild(dow)) return nodeCronMatches(fields.join(' '), timezone, instants);
  const domOnly = nodeCronMatches(fields.map((f, i) => (i === 5 ? '*' : f)).join(' '), timezone, instants);
  const dowOnly = nodeCronMatches(fields.map((f, i) => (i === 3 ? '*' : f)).join(' '), timezone, instants);
  return instants.map((_, i) => domOnly[i] === true || dowOnly[i] === true);
}

/** One list element of a numeric field: a value, a range, a stepped range or a stepped star. */
function element(min: number, max: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const step = fc.integer({ min: 1, max: Math.max(1, Math.floor((max - min + 1) / 2)) });
  return fc.oneof(
    value.map(String),
    range,
    fc.tuple(range, step).map(([r, s]) => `${r}/${s}`),
    step.map((s) => `*/${s}`),
  );
}

function numeric(min: number, max: number, extra: fc.Arbitrary<string>[] = []): fc.Arbitrary<string> {
  const list = fc.array(element(min, max), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(','));
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant('*') },
    { weight: 3, arbitrary: list },
    ...extra.map((a) => ({ weight: 1, arbitrary: a })),
  );
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const grammar = {
  second: numeric(0, 59),
  minute: numeric(0, 59),
  hour: numeric(0, 23),
  dayOfMonth: numeric(1, 31, [
    fc.constant('?'),
    fc.constant('L'),
    fc.integer({ min: 1, max: 31 }).map((d) => `${d}W`),
  ]),
  month: numeric(1, 12, [
    fc.constantFrom(...MONTHS),
    fc
      .tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 11 }))
      .map(([a, b]) => `${MONTHS[Math.min(a, b)]}-${MONTHS[Math.max(a, b)]}`),
  ]),
  dayOfWeek: numeric(0, 6, [
    fc.constant('?'),
    fc.constant('7'),
    fc.constantFrom(...DAYS),
    fc.constant('MON-FRI'),
    fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 5 })).map(([d, n]) => `${d}#${n}`),
    fc.integer({ min: 0, max: 6 }).map((d) => `${d}L`),
  ]),
};

const expressionArb = fc
  .tuple(
    fc.boolean(),
    grammar.second,
    grammar.minute,
    grammar.hour,
    grammar.dayOfMonth,
    grammar.month,
    grammar.dayOfWeek,
  )
  // node-cron always has seconds: a 5-field expression is checked against its 6-field form with second 0.
  .map(([withSeconds, s, ...rest]) => ({
    fields: [withSeconds ? s : '0', ...rest],
    text: (withSeconds ? [s, ...rest] : rest).join(' '),
  }));

// 2020-2035: years with and without leap days, and instants on every weekday and month.
const instantArb = fc
  .integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2035, 11, 31) / 1000 })
  .map((s) => s * 1000);

/** Instants well away from any offset change in the zone. */
function awayFromTransitions(t: number, timezone: string): boolean {
  return (
    !isTransitionDay(t, timezone) &&
    !isTransitionDay(t - 86_400_000, timezone) &&
    !isTransitionDay(t + 86_400_000, timezone)
  );
}

const stats = { cases: 0, slotsSeen: 0 };

describe('our cron layer against node-cron', () => {
  it('agrees on "is this second a slot" for the next slot and a dense window of seconds', () => {
    fc.assert(
      fc.property(
        expressionArb,
        instantArb,
        fc.constantFrom(...ZONES),
        ({ fields, text }, start, timezone) => {
          const schedule = cron(text, timezone);
          const label = `"${text}" in ${timezone} from ${new Date(start).toISOString()}`;

          // 1. Our next slot is a slot for node-cron too.
          const next = schedule.next(start);
          if (next !== null && awayFromTransitions(next, timezone)) {
            assert.deepEqual(
              oracle(fields, timezone, [next]),
              [true],
              `${label}: node-cron rejects our slot ${new Date(next).toISOString()}`,
            );
          }

          // 2. Every second of a two-minute window, both ways (around our next slot when there is one).
          const windowStart = next !== null && next - start > 120_000 ? next - 60_000 : start;
          if (!awayFromTransitions(windowStart, timezone)) return;
          const seconds = Array.from({ length: 120 }, (_, i) => windowStart + (i + 1) * 1000);
          const ours = new Set(schedule.slotsBetween(windowStart, windowStart + 120_000, 200));
          const theirs = oracle(fields, timezone, seconds);
          seconds.forEach((t, i) => {
            assert.equal(ours.has(t), theirs[i], `${label}: disagree at ${new Date(t).toISOString()}`);
          });
          stats.cases++;
          stats.slotsSeen += ours.size;
        },
      ),
      { numRuns: 250 },
    );
    // Guard against a vacuous pass: the windows must have contained slots, not only silence.
    assert.ok(stats.slotsSeen > stats.cases, `only ${stats.slotsSeen} slots in ${stats.cases} windows`);
  });

  it('leaves no node-cron task registered', async () => {
    const { getTasks } = await import('node-cron');
    assert.equal(getTasks().size, 0);
  });
});
