/**
 * docs/timers.md, "Daylight saving time", through the engine: a daily job runs exactly once on every
 * calendar day, both transition days included, at the instants docs/timers.md documents; a
 * frequent job never runs twice for one wall-clock time in the repeated hour. Simulated clock,
 * real engine and SQLite; the clock moves from wake to wake.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLocal, SimClock } from '../../../core/schedule/index.ts';
import { advanceTo, at, eventsOf, startEngine, timerRule } from './support.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'] as const;

/** The documented instants on each zone's 2027 transition days (docs/timers.md). */
const TRANSITION_DAYS: Record<(typeof ZONES)[number], Record<string, string>> = {
  // 02:30 does not exist on 28 Mar (02:00 → 03:00): runs at 03:00+02:00. On 31 Oct it exists
  // twice: runs the first time, at +02:00.
  'Europe/Berlin': { '2027-03-28': '2027-03-28T01:00:00.000Z', '2027-10-31': '2027-10-31T00:30:00.000Z' },
  // 02:30 does not exist on 14 Mar: runs at 03:00−04:00. On 7 Nov 01:00–02:00 repeats, 02:30 once.
  'America/New_York': {
    '2027-03-14': '2027-03-14T07:00:00.000Z',
    '2027-11-07': '2027-11-07T07:30:00.000Z',
  },
  // 30-minute changes: 02:00 → 02:30 on 3 Oct (02:30 is the first instant after the gap);
  // 02:00 → 01:30 on 4 Apr (02:30 is after the repeated half hour, once).
  'Australia/Lord_Howe': {
    '2027-04-04': '2027-04-03T16:00:00.000Z',
    '2027-10-03': '2027-10-02T15:30:00.000Z',
  },
  'Asia/Kolkata': {},
};

test('a daily 30 2 * * * job fires exactly once on every calendar day of 2027 in four zones, at the documented instants', async (t) => {
  const clock = new SimClock('2026-12-31T12:00:00Z');
  const engine = await startEngine(t, clock);
  const refs = ZONES.map((zone, i) => {
    timerRule(engine, `daily_${i}`, 'core.crontimer', { expression: '30 2 * * *', timezone: zone });
    return `local.daily_${i}`;
  });
  const started = performance.now();
  await advanceTo(engine, clock, at('2028-01-01T12:00:00Z'), refs);
  t.diagnostic(`a simulated year through the engine took ${Math.round(performance.now() - started)} ms`);

  ZONES.forEach((zone, i) => {
    const fires = eventsOf(engine, refs[i] as string, 'event');
    const perDay = new Map<string, string[]>();
    for (const e of fires) {
      const scheduled = at(e.payload.scheduled_at as string);
      assert.equal(e.payload.fired_at, e.payload.scheduled_at, `${zone}: fired on time`);
      const day = formatLocal(scheduled, zone).slice(0, 10);
      perDay.set(day, [...(perDay.get(day) ?? []), e.payload.scheduled_at as string]);
    }
    const days2027 = [...perDay.keys()].filter((d) => d.startsWith('2027-'));
    assert.equal(days2027.length, 365, `${zone}: a fire on every day of 2027`);
    for (const d of days2027) assert.equal(perDay.get(d)?.length, 1, `${zone} ${d}: ${perDay.get(d)}`);
    assert.equal(eventsOf(engine, refs[i] as string, 'missed').length, 0, `${zone}: nothing missed`);
    for (const [day, instant] of Object.entries(TRANSITION_DAYS[zone])) {
      assert.deepEqual(perDay.get(day), [instant], `${zone} ${day}`);
    }
    for (const [day, [instant]] of perDay) {
      if (day in TRANSITION_DAYS[zone]) continue;
      assert.equal(formatLocal(at(instant as string), zone).slice(11, 19), '02:30:00', `${zone} ${day}`);
    }
  });
  const executions = engine.store.read
    .stmt("SELECT COUNT(*) AS n FROM executions WHERE status = 'completed'")
    .get() as { n: number };
  assert.ok(executions.n >= 4 * 365, 'every fire ran core.noop to completion');
});

test('a 0 */15 * * * * job never fires twice for one wall-clock slot in the fall-back hour', async (t) => {
  for (const [zone, from, to] of [
    ['Europe/Berlin', '2027-10-30T22:00:00Z', '2027-10-31T03:00:00Z'],
    ['America/New_York', '2027-11-07T03:00:00Z', '2027-11-07T08:00:00Z'],
  ] as const) {
    const clock = new SimClock(from);
    const engine = await startEngine(t, clock);
    timerRule(engine, 'quarter', 'core.crontimer', { expression: '0 */15 * * * *', timezone: zone });
    await advanceTo(engine, clock, at(to), ['local.quarter']);
    const walls = eventsOf(engine, 'local.quarter', 'event').map((e) =>
      formatLocal(at(e.payload.scheduled_at as string), zone),
    );
    const clockTimes = walls.map((w) => w.slice(0, 19));
    assert.equal(new Set(clockTimes).size, clockTimes.length, `${zone}: ${clockTimes.join(' ')}`);
    // 5 h of quarter hours, less the 4 of the repeated hour that already ran.
    assert.equal(walls.length, 5 * 4 - 4, `${zone}: ${walls.join(' ')}`);
    const [h1, h2] =
      zone === 'Europe/Berlin' ? ['02:45:00+02:00', '03:00:00+01:00'] : ['01:45:00-04:00', '02:00:00-05:00'];
    const i = walls.findIndex((w) => w.endsWith(h1));
    assert.ok(i >= 0 && walls[i + 1]?.endsWith(h2), `${zone}: ${walls.join(' ')}`);
    await engine.stop(100);
  }
});
