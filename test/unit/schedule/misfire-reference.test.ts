/**
 * docs/timers.md, "Missed runs" — the misfire planner against a reference written the slow,
 * obvious way: list every slot in (lastHandled, now], sort each into its band (on time: at most
 * the grace old; outside the window; late: the rest), let the policy pick the latest late slots
 * to run, and record the others in order, a run of more than MAX_MISSED_ENTRIES as one summary.
 * Interval schedules count in closed form, so their summaries are exact.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_MISFIRE, type MisfirePolicy } from '../../../core/model/entities.ts';
import type { MissedReason } from '../../../core/model/status.ts';
import {
  createSchedule,
  MAX_MISSED_ENTRIES,
  type MisfireInput,
  type MisfirePlan,
  type MissedSlot,
  ON_TIME_GRACE_MS,
  planMisfire,
  resolveMisfirePolicy,
} from '../../../core/schedule/index.ts';

function reference(input: MisfireInput): MisfirePlan {
  const { schedule, now, lateReason } = input;
  const grace = input.graceMs ?? ON_TIME_GRACE_MS;
  const policy = { ...DEFAULT_MISFIRE, ...Object.fromEntries(Object.entries(input.policy ?? {})) };
  const floor = input.lastHandled ?? now - grace - 1;
  const slots: number[] = [];
  for (let t = schedule.next(floor); t !== null && t <= now; t = schedule.next(t)) slots.push(t);
  const onTimeFrom = now - grace;
  const windowFrom = Math.min(now - policy.misfire_window * 1000, onTimeFrom);
  const outside = slots.filter((t) => t < windowFrom);
  const late = slots.filter((t) => t >= windowFrom && t < onTimeFrom);
  const onTime = slots.filter((t) => t >= onTimeFrom);
  const want =
    policy.policy === 'skip' ? 0 : policy.policy === 'coalesce' ? 1 : Math.max(0, policy.max_catch_up);
  const firedLate = want === 0 ? [] : late.slice(-want);
  const missed: MissedSlot[] = [];
  const record = (group: number[], reason: MissedReason) => {
    const [first] = group;
    if (first === undefined) return;
    if (group.length <= MAX_MISSED_ENTRIES) {
      for (const scheduledAt of group) missed.push({ scheduledAt, reason });
    } else {
      const summary = { lastScheduledAt: group.at(-1) as number, count: group.length, exact: true };
      missed.push({ scheduledAt: first, reason, summary });
    }
  };
  record(outside, 'outside_window');
  record(late.slice(0, late.length - firedLate.length), lateReason);
  const fire = [
    ...firedLate.map((scheduledAt) => ({ scheduledAt, late: true })),
    ...onTime.map((scheduledAt) => ({ scheduledAt, late: false })),
  ];
  return {
    fire,
    missed,
    handledThrough: slots.length > 0 ? (slots.at(-1) as number) : input.lastHandled,
    nextAfter: schedule.next(Math.max(now, input.lastHandled ?? now)),
  };
}

const policyArb: fc.Arbitrary<Partial<MisfirePolicy> | null> = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      policy: fc.constantFrom('skip', 'coalesce', 'catch_up'),
      max_catch_up: fc.integer({ min: 0, max: 6 }),
      misfire_window: fc.integer({ min: 0, max: 400 }),
    },
    { requiredKeys: [] },
  ),
);

describe('the misfire planner against a reference', () => {
  it('property: fires, misses, persists and wakes exactly as the reference on interval schedules', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.option(fc.integer({ min: -5_000, max: 300_000 }), { nil: null }),
        fc.integer({ min: -60_000, max: 900_000 }),
        fc.option(fc.integer({ min: 0, max: 4_000 }), { nil: undefined }),
        policyArb,
        fc.constantFrom<MissedReason>('asleep', 'app_not_running', 'clock_jump'),
        (interval, lastHandled, nowOffset, graceMs, policy, lateReason) => {
          const schedule = createSchedule('core.intervaltimer', { interval }, { anchor: 0 });
          const now = (lastHandled ?? 0) + nowOffset;
          const input: MisfireInput = { schedule, lastHandled, now, policy, lateReason };
          if (graceMs !== undefined) input.graceMs = graceMs;
          assert.deepEqual(planMisfire(input), reference(input));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('treats a slot exactly on a band edge as part of the newer band', () => {
    const schedule = createSchedule('core.intervaltimer', { interval: 10 }, { anchor: 0 });
    // Slots at 10 s, 20 s, 30 s; now 31 s with a 1 s grace puts 30 s exactly on the on-time edge,
    // and a 11 s window puts 20 s exactly on the window edge.
    const p = planMisfire({
      schedule,
      lastHandled: 0,
      now: 31_000,
      policy: { policy: 'catch_up', max_catch_up: 5, misfire_window: 11 },
      lateReason: 'asleep',
      graceMs: 1_000,
    });
    assert.deepEqual(p.fire, [
      { scheduledAt: 20_000, late: true },
      { scheduledAt: 30_000, late: false },
    ]);
    assert.deepEqual(p.missed, [{ scheduledAt: 10_000, reason: 'outside_window' }]);
  });

  it('ends a summary at its last slot also when that slot is the last instant of its band', () => {
    const schedule = createSchedule('core.intervaltimer', { interval: 1 }, { anchor: 0 });
    // A 10 s window at 210.001 s: slots up to 200 s are outside it, and 200 s is the band's last ms.
    const p = planMisfire({
      schedule,
      lastHandled: 0,
      now: 210_001,
      policy: { policy: 'skip', misfire_window: 10 },
      lateReason: 'asleep',
    });
    assert.deepEqual(p.missed[0], {
      scheduledAt: 1_000,
      reason: 'outside_window',
      summary: { lastScheduledAt: 200_000, count: 200, exact: true },
    });
  });

  it('fills in each missing policy field on its own', () => {
    assert.deepEqual(resolveMisfirePolicy({ policy: 'skip' }), { ...DEFAULT_MISFIRE, policy: 'skip' });
    assert.deepEqual(resolveMisfirePolicy({ max_catch_up: 3 }), { ...DEFAULT_MISFIRE, max_catch_up: 3 });
    assert.deepEqual(resolveMisfirePolicy({ misfire_window: 5 }), { ...DEFAULT_MISFIRE, misfire_window: 5 });
    assert.deepEqual(resolveMisfirePolicy(undefined), DEFAULT_MISFIRE);
    assert.deepEqual(resolveMisfirePolicy(null), DEFAULT_MISFIRE);
  });
});
