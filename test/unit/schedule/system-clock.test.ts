/**
 * docs/timers.md, "The clock" — the real Clock: wall and monotonic readings, a boot clock on Linux only,
 * and timers that can be cleared, leaving nothing pending.
 */
import assert from 'node:assert/strict';
import { uptime } from 'node:os';
import { describe, it } from 'node:test';
import { MAX_TIMER_WAIT_MS, systemClock } from '../../../core/schedule/index.ts';

describe('systemClock', () => {
  it('reads the wall clock and a monotonic clock that does not go back', () => {
    const before = Date.now();
    const wall = systemClock.now();
    assert.ok(wall >= before && wall <= Date.now());
    const a = systemClock.monotonic();
    const b = systemClock.monotonic();
    assert.ok(b >= a);
  });

  it('offers a boot clock on Linux and admits it does not know elsewhere', () => {
    const boot = systemClock.sinceBoot();
    if (process.platform === 'linux') assert.ok(typeof boot === 'number' && boot > 0);
    else assert.equal(boot, null);
  });

  it('reads the boot clock in milliseconds, as the OS uptime', { skip: process.platform !== 'linux' }, () => {
    const seconds = uptime();
    const boot = systemClock.sinceBoot();
    assert.ok(typeof boot === 'number');
    // Same clock read twice: the two readings differ by the time between them, far below a minute.
    assert.ok(Math.abs(boot - seconds * 1000) < 60_000, `${boot} ms vs ${seconds} s`);
  });

  it('never lets a timer sensor wait longer than 30 s', () => {
    assert.equal(MAX_TIMER_WAIT_MS, 30_000);
  });

  it('runs a timer once, and a cleared timer never', async () => {
    const fired: string[] = [];
    systemClock.setTimeout(() => fired.push('kept'), 5);
    const cleared = systemClock.setTimeout(() => fired.push('cleared'), 5);
    systemClock.clearTimeout(cleared);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.deepEqual(fired, ['kept']);
  });
});
