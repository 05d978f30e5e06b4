/**
 * docs/timers.md, "Missed runs" — missed runs are recorded with their reason (`asleep`, `clock_jump`, ...). classifyGap
 * tells a sleeping machine from a wall-clock jump from a merely late (busy) process by how far
 * the wall, monotonic and boot clocks each moved between two wakes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLOCK_AGREEMENT_MS,
  type ClockReading,
  classifyGap,
  missedReasonForGap,
  readClock,
  SimClock,
} from '../../../core/schedule/index.ts';

const H = 3_600_000;
const BASE: ClockReading = { wall: Date.UTC(2027, 0, 1), monotonic: 1_000_000, boot: 5_000_000 };

function after(
  d: { wall: number; monotonic: number; boot: number | null },
  base: ClockReading = BASE,
): ClockReading {
  return {
    wall: base.wall + d.wall,
    monotonic: base.monotonic + d.monotonic,
    boot: d.boot === null || base.boot === null ? null : base.boot + d.boot,
  };
}

describe('classifyGap', () => {
  it('calls a wake on time when all three clocks moved alike', () => {
    const gap = classifyGap(BASE, after({ wall: 30_000, monotonic: 30_000, boot: 30_000 }));
    assert.deepEqual(gap, { kind: 'on_time', wallAhead: 0, slept: 0, jump: 0 });
  });

  it('calls a wake delayed by a busy process on time too, and the engine records its late slots as asleep', () => {
    const gap = classifyGap(BASE, after({ wall: 95_000, monotonic: 95_000, boot: 95_000 }));
    assert.equal(gap.kind, 'on_time');
    assert.equal(missedReasonForGap(gap), 'asleep');
  });

  it('calls it asleep when wall and boot moved 8 h and monotonic 30 s', () => {
    const gap = classifyGap(BASE, after({ wall: 8 * H + 30_000, monotonic: 30_000, boot: 8 * H + 30_000 }));
    assert.deepEqual(gap, { kind: 'asleep', wallAhead: 8 * H, slept: 8 * H, jump: 0 });
    assert.equal(missedReasonForGap(gap), 'asleep');
  });

  it('calls it a clock jump when only the wall clock moved, forward', () => {
    const gap = classifyGap(BASE, after({ wall: H + 30_000, monotonic: 30_000, boot: 30_000 }));
    assert.deepEqual(gap, { kind: 'clock_jump', wallAhead: H, slept: 0, jump: H });
    assert.equal(missedReasonForGap(gap), 'clock_jump');
  });

  it('calls it a clock jump when the wall clock was set back', () => {
    const gap = classifyGap(BASE, after({ wall: -H + 30_000, monotonic: 30_000, boot: 30_000 }));
    assert.equal(gap.kind, 'clock_jump');
    assert.equal(gap.jump, -H);
  });

  it('reports the jump when the machine slept and the clock was also corrected', () => {
    const gap = classifyGap(
      BASE,
      after({ wall: 8 * H + 2 * 60_000, monotonic: 30_000, boot: 8 * H + 30_000 }),
    );
    assert.equal(gap.kind, 'clock_jump');
    assert.equal(gap.jump, 90_000);
    assert.equal(gap.slept, 8 * H);
  });

  it(`ignores disagreements under ${CLOCK_AGREEMENT_MS} ms (boot clock resolution, reading skew)`, () => {
    const gap = classifyGap(
      BASE,
      after({ wall: 30_000 + CLOCK_AGREEMENT_MS - 1, monotonic: 30_000, boot: 30_010 }),
    );
    assert.equal(gap.kind, 'on_time');
  });

  it('without a boot clock, takes a forward lead as sleep and a backward one as a jump', () => {
    const noBoot: ClockReading = { ...BASE, boot: null };
    assert.equal(
      classifyGap(noBoot, after({ wall: 8 * H, monotonic: 30_000, boot: null }, noBoot)).kind,
      'asleep',
    );
    assert.equal(
      classifyGap(noBoot, after({ wall: -H, monotonic: 30_000, boot: null }, noBoot)).kind,
      'clock_jump',
    );
    assert.equal(
      classifyGap(noBoot, after({ wall: 30_000, monotonic: 30_000, boot: null }, noBoot)).kind,
      'on_time',
    );
  });

  it(`counts a disagreement of exactly ${CLOCK_AGREEMENT_MS} ms, with or without a boot clock`, () => {
    const d = CLOCK_AGREEMENT_MS;
    const jumped = classifyGap(BASE, after({ wall: 30_000 + d, monotonic: 30_000, boot: 30_000 }));
    assert.deepEqual(jumped, { kind: 'clock_jump', wallAhead: d, slept: 0, jump: d });
    const slept = classifyGap(BASE, after({ wall: 30_000 + d, monotonic: 30_000, boot: 30_000 + d }));
    assert.deepEqual(slept, { kind: 'asleep', wallAhead: d, slept: d, jump: 0 });
    const noBoot: ClockReading = { ...BASE, boot: null };
    assert.deepEqual(
      classifyGap(noBoot, after({ wall: 30_000 + d, monotonic: 30_000, boot: null }, noBoot)),
      {
        kind: 'asleep',
        wallAhead: d,
        slept: d,
        jump: 0,
      },
    );
    assert.deepEqual(
      classifyGap(noBoot, after({ wall: 30_000 - d, monotonic: 30_000, boot: null }, noBoot)),
      {
        kind: 'clock_jump',
        wallAhead: -d,
        slept: 0,
        jump: -d,
      },
    );
  });

  it('uses the boot clock only when both wakes read it', () => {
    // The clocks all moved 10 s alike; a boot reading on one side only must not look like a jump.
    const moved = { wall: BASE.wall + 10_000, monotonic: BASE.monotonic + 10_000 };
    const onTime = { kind: 'on_time', wallAhead: 0, slept: 0, jump: 0 };
    assert.deepEqual(classifyGap({ ...BASE, boot: null }, { ...moved, boot: 5_000 }), onTime);
    assert.deepEqual(classifyGap(BASE, { ...moved, boot: null }), onTime);
  });

  it('says app_not_running when there is no previous wake', () => {
    assert.equal(missedReasonForGap(null), 'app_not_running');
  });

  it('reads SimClock sleeps, jumps and plain advances as asleep, clock_jump and on_time', () => {
    const clock = new SimClock('2027-01-01T00:00:00Z');
    let prev = readClock(clock);
    const step = (f: () => void) => {
      f();
      const cur = readClock(clock);
      const kind = classifyGap(prev, cur).kind;
      prev = cur;
      return kind;
    };
    assert.equal(
      step(() => clock.advance(30_000)),
      'on_time',
    );
    assert.equal(
      step(() => clock.sleep(8 * H)),
      'asleep',
    );
    assert.equal(
      step(() => clock.jumpWall(-H)),
      'clock_jump',
    );
    assert.equal(
      step(() => clock.jumpWall(10 * 60_000)),
      'clock_jump',
    );
  });
});
