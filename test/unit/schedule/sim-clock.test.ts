/**
 * docs/timers.md, "The clock" — the simulated clock the timer tests run on: timers follow
 * the monotonic clock like Node's, `sleep` stops it while wall and boot clocks go on, `jumpWall`
 * moves only the wall clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimClock } from '../../../core/schedule/index.ts';
import { at } from './helpers.ts';

const START = '2027-01-01T00:00:00Z';

describe('SimClock', () => {
  it('starts at the given wall time with independent monotonic and boot clocks', () => {
    const clock = new SimClock(START, { monotonic: 500, boot: 10_000 });
    assert.equal(clock.now(), at(START));
    assert.equal(clock.monotonic(), 500);
    assert.equal(clock.sinceBoot(), 10_000);
    assert.equal(new SimClock(at(START), { boot: null }).sinceBoot(), null);
  });

  it('runs due timers in due order, each seeing the clock at its due time', () => {
    const clock = new SimClock(START);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => seen.push(['c', clock.now()]), 3_000);
    clock.setTimeout(() => seen.push(['a', clock.now()]), 1_000);
    clock.setTimeout(() => seen.push(['b', clock.now()]), 2_000);
    clock.setTimeout(() => seen.push(['late', clock.now()]), 10_000);
    clock.advance(5_000);
    assert.deepEqual(seen, [
      ['a', at(START) + 1_000],
      ['b', at(START) + 2_000],
      ['c', at(START) + 3_000],
    ]);
    assert.equal(clock.now(), at(START) + 5_000);
    assert.equal(clock.pendingTimers(), 1);
  });

  it('runs timers due at the same instant in the order they were set', () => {
    const clock = new SimClock(START);
    const order: number[] = [];
    for (const n of [1, 2, 3]) clock.setTimeout(() => order.push(n), 100);
    clock.advance(100);
    assert.deepEqual(order, [1, 2, 3]);
  });

  it('also runs timers that callbacks set during the advance, if they come due in time', () => {
    const clock = new SimClock(START);
    const fired: number[] = [];
    const tick = () => {
      fired.push(clock.now() - at(START));
      clock.setTimeout(tick, 1_000);
    };
    clock.setTimeout(tick, 1_000);
    clock.advance(3_500);
    assert.deepEqual(fired, [1_000, 2_000, 3_000]);
    assert.equal(clock.pendingTimers(), 1);
    assert.equal(clock.msUntilNextTimer(), 500);
  });

  it('moves wall, monotonic and boot together while awake', () => {
    const clock = new SimClock(START, { monotonic: 0, boot: 0 });
    clock.advance(60_000);
    assert.deepEqual(
      [clock.now() - at(START), clock.monotonic(), clock.sinceBoot()],
      [60_000, 60_000, 60_000],
    );
  });

  it('sleeps without callbacks: wall and boot move, monotonic does not, and timers wake late', () => {
    const clock = new SimClock(START, { monotonic: 0, boot: 0 });
    let firedAt: number | null = null;
    clock.setTimeout(() => {
      firedAt = clock.now();
    }, 30_000);
    clock.advance(10_000);
    clock.sleep(8 * 3_600_000);
    assert.equal(firedAt, null, 'no callback while asleep');
    assert.deepEqual(
      [clock.now() - at(START), clock.monotonic(), clock.sinceBoot()],
      [10_000 + 8 * 3_600_000, 10_000, 10_000 + 8 * 3_600_000],
    );
    clock.advance(20_000);
    assert.equal(
      firedAt,
      at(START) + 8 * 3_600_000 + 30_000,
      'the 30 s timer fires 30 s of awake time after it was set',
    );
  });

  it('jumps the wall clock either way without moving anything else or firing anything', () => {
    const clock = new SimClock(START, { monotonic: 0, boot: 0 });
    let fired = 0;
    clock.setTimeout(() => fired++, 1_000);
    clock.jumpWall(3_600_000);
    assert.equal(clock.now(), at(START) + 3_600_000);
    clock.jumpWall(-7_200_000);
    assert.equal(clock.now(), at(START) - 3_600_000);
    assert.deepEqual([clock.monotonic(), clock.sinceBoot(), fired], [0, 0, 0]);
    clock.advance(1_000);
    assert.equal(fired, 1);
  });

  it('clears timers, and counts what is pending so tests can assert nothing leaks', () => {
    const clock = new SimClock(START);
    let fired = false;
    const handle = clock.setTimeout(() => {
      fired = true;
    }, 1_000);
    assert.equal(clock.pendingTimers(), 1);
    clock.clearTimeout(handle);
    clock.clearTimeout(handle);
    assert.equal(clock.pendingTimers(), 0);
    clock.advance(2_000);
    assert.equal(fired, false);
  });

  it('turns delays Node would not take (0, negative, NaN, over 2^31−1 ms) into 1 ms, as Node does', () => {
    const clock = new SimClock(START);
    for (const ms of [0, -5, Number.NaN, 2 ** 31]) clock.setTimeout(() => undefined, ms);
    assert.equal(clock.msUntilNextTimer(), 1);
    clock.advance(1);
    assert.equal(clock.pendingTimers(), 0);
  });

  it('runs the next timer or all of them, and stops a timer that re-arms forever', () => {
    const clock = new SimClock(START);
    clock.setTimeout(() => undefined, 5_000);
    clock.setTimeout(() => undefined, 7_000);
    assert.equal(clock.runNext(), true);
    assert.equal(clock.now(), at(START) + 5_000);
    assert.equal(clock.runUntilIdle(), 1);
    assert.equal(clock.runNext(), false);
    const forever = () => clock.setTimeout(forever, 30_000);
    forever();
    assert.throws(() => clock.runUntilIdle(50), /still busy after 50 timers/);
  });

  it('advances to a wall time, and lets an error from a callback stop the advance at its due time', () => {
    const clock = new SimClock(START);
    clock.advanceTo('2027-01-01T00:10:00Z');
    assert.equal(clock.now(), at('2027-01-01T00:10:00Z'));
    clock.setTimeout(() => {
      throw new Error('boom');
    }, 1_000);
    assert.throws(() => clock.advance(5_000), /boom/);
    assert.equal(clock.now(), at('2027-01-01T00:10:01Z'));
  });
});
