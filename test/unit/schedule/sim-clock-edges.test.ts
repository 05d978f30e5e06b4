/**
 * docs/timers.md, "The clock" — the edges of the simulated clock: its default readings, the
 * delays it takes as given (1 ms and 2^31−1 ms, as Node does), refusing to run backwards or to
 * start at no time, clearing one timer among several, and how many timers `runUntilIdle` allows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimClock } from '../../../core/schedule/index.ts';
import { at } from './helpers.ts';

const START = '2027-01-01T00:00:00Z';

describe('SimClock edges', () => {
  it('starts from a Date as from an ISO string, with monotonic at 1,000,000 ms and boot at one hour', () => {
    const clock = new SimClock(new Date(START));
    assert.equal(clock.now(), at(START));
    assert.equal(clock.monotonic(), 1_000_000);
    assert.equal(clock.sinceBoot(), 3_600_000);
    assert.equal(clock.msUntilNextTimer(), null);
  });

  it('keeps epoch ms exactly as given, fractions included, at the start and in advanceTo', () => {
    const clock = new SimClock(1_000.5);
    assert.equal(clock.now(), 1_000.5);
    clock.advanceTo(2_000.25);
    assert.equal(clock.now(), 2_000.25);
  });

  it('refuses a start time that is not a time, naming it', () => {
    assert.throws(() => new SimClock('next tuesday'), {
      name: 'RangeError',
      message: 'SimClock: invalid start time next tuesday',
    });
    assert.throws(() => new SimClock(Number.NaN), {
      name: 'RangeError',
      message: 'SimClock: invalid start time NaN',
    });
    assert.throws(() => new SimClock(Number.POSITIVE_INFINITY), RangeError);
  });

  it('takes delays of 1 ms and 2^31−1 ms as given, and fractions above 1 ms too', () => {
    const clock = new SimClock(START);
    clock.setTimeout(() => undefined, 2 ** 31 - 1);
    assert.equal(clock.msUntilNextTimer(), 2 ** 31 - 1);
    clock.setTimeout(() => undefined, 1.5);
    assert.equal(clock.msUntilNextTimer(), 1.5);
    clock.setTimeout(() => undefined, 1);
    assert.equal(clock.msUntilNextTimer(), 1);
    clock.setTimeout(() => undefined, 0.5);
    clock.advance(1);
    assert.equal(clock.pendingTimers(), 2, 'the 1 ms and the 0.5 ms (taken as 1 ms) timers ran');
  });

  it('counts a timer from the monotonic time it was set at', () => {
    const clock = new SimClock(START, { monotonic: 0 });
    clock.advance(700);
    clock.setTimeout(() => undefined, 1_000);
    assert.equal(clock.msUntilNextTimer(), 1_000);
  });

  it('clears only the timer it is given', () => {
    const clock = new SimClock(START);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('a'), 1_000);
    const b = clock.setTimeout(() => fired.push('b'), 2_000);
    clock.setTimeout(() => fired.push('c'), 3_000);
    clock.clearTimeout(b);
    assert.equal(clock.pendingTimers(), 2);
    clock.advance(5_000);
    assert.deepEqual(fired, ['a', 'c']);
  });

  it('runs a timer once, even when the advance goes on past it', () => {
    const clock = new SimClock(START);
    let runs = 0;
    clock.setTimeout(() => runs++, 10);
    clock.advance(100);
    clock.advance(100);
    assert.equal(runs, 1);
    assert.equal(clock.pendingTimers(), 0);
  });

  it('refuses to advance or sleep by a negative or NaN time, and moves nothing', () => {
    const clock = new SimClock(START, { monotonic: 0, boot: 0 });
    assert.throws(() => clock.advance(-1), {
      name: 'RangeError',
      message: 'SimClock.advance: ms must be >= 0, got -1',
    });
    assert.throws(() => clock.advance(Number.NaN), /SimClock\.advance: ms must be >= 0, got NaN/);
    assert.throws(() => clock.sleep(-1), {
      name: 'RangeError',
      message: 'SimClock.sleep: ms must be >= 0, got -1',
    });
    assert.throws(() => clock.sleep(Number.NaN), /SimClock\.sleep: ms must be >= 0, got NaN/);
    assert.throws(
      () => clock.advanceTo('2026-12-31T23:59:59Z'),
      /SimClock\.advance: ms must be >= 0, got -1000/,
    );
    assert.deepEqual([clock.now(), clock.monotonic(), clock.sinceBoot()], [at(START), 0, 0]);
    clock.advance(0);
    clock.sleep(0);
    assert.deepEqual([clock.now(), clock.monotonic(), clock.sinceBoot()], [at(START), 0, 0]);
  });

  it('advances to a wall time given as epoch ms or a Date, after a wall jump too', () => {
    const clock = new SimClock(START, { monotonic: 0 });
    clock.advanceTo(at('2027-01-01T00:01:00Z'));
    assert.equal(clock.monotonic(), 60_000);
    clock.jumpWall(-30_000);
    clock.advanceTo(new Date('2027-01-01T00:01:00Z'));
    assert.equal(clock.now(), at('2027-01-01T00:01:00Z'));
    assert.equal(clock.monotonic(), 90_000);
  });

  it('keeps a missing boot clock missing through advance and sleep', () => {
    const clock = new SimClock(START, { boot: null });
    clock.advance(1_000);
    clock.sleep(1_000);
    assert.equal(clock.sinceBoot(), null);
    assert.equal(clock.now(), at(START) + 2_000);
  });

  it('lets runUntilIdle run exactly maxTimers timers, 10,000 by default, and no more', () => {
    const clock = new SimClock(START);
    for (const ms of [1, 2, 3]) clock.setTimeout(() => undefined, ms);
    assert.equal(clock.runUntilIdle(3), 3);
    for (const ms of [1, 2, 3]) clock.setTimeout(() => undefined, ms);
    assert.throws(() => clock.runUntilIdle(2), {
      name: 'RangeError',
      message: 'SimClock.runUntilIdle: still busy after 2 timers',
    });
    const forever = new SimClock(START);
    let runs = 0;
    const tick = () => {
      runs++;
      forever.setTimeout(tick, 1);
    };
    tick();
    assert.throws(() => forever.runUntilIdle(), /still busy after 10000 timers/);
    assert.equal(runs, 10_002, 'the first call, then 10,000 allowed runs and the one that went over');
    assert.equal(new SimClock(START).runUntilIdle(), 0);
  });

  it('runs the earliest timer next, whatever order they were set in', () => {
    const clock = new SimClock(START);
    const fired: number[] = [];
    for (const ms of [300, 100, 200]) clock.setTimeout(() => fired.push(ms), ms);
    assert.equal(clock.runNext(), true);
    assert.deepEqual(fired, [100]);
    assert.equal(clock.msUntilNextTimer(), 100);
  });
});
