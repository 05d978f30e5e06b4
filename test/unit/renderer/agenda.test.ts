/**
 * The timer agenda (docs/renderer.md "Timers"): the next 24 hours of every enabled timer rule,
 * in time order and by day — interval rules stepping from their next fire, cron rules from the
 * server's preview (a full preview means "at least"), one-shot rules once — with rules firing
 * too often to list summarized.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AGENDA_MS,
  buildAgenda,
  dayLabel,
  intervalMs,
  isTimerRule,
  MAX_LISTED_PER_RULE,
  ruleFires,
  spanPercent,
  type TimerRule,
} from '../../../renderer/src/domain/agenda.ts';

const NOW = new Date(2026, 2, 28, 22, 0, 0).getTime();
const TO = NOW + AGENDA_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const rule = (over: Partial<TimerRule>): TimerRule => ({
  ref: 'local.r',
  label: '',
  trigger_ref: 'core.intervaltimer',
  trigger_params: {},
  enabled: true,
  next_fire_at: null,
  last_fired_at: null,
  ...over,
});

test('timer rules are the three core timer triggers; intervals read their unit', () => {
  assert.ok(isTimerRule({ trigger_ref: 'core.crontimer' }));
  assert.ok(!isTimerRule({ trigger_ref: 'local.hook' }));
  assert.equal(intervalMs({ interval: 5, unit: 'minutes' }), 300_000);
  assert.equal(intervalMs({ interval: 2 }), 2000, 'seconds by default');
  assert.equal(intervalMs({ interval: 0 }), null);
});

test('an interval rule steps from its next fire to the end of the span', () => {
  const f = ruleFires(
    rule({ trigger_params: { interval: 6, unit: 'hours' }, next_fire_at: iso(NOW + 3_600_000) }),
    null,
    NOW,
    TO,
  );
  assert.deepEqual(
    f.instants.map((i) => (i.at - NOW) / 3_600_000),
    [1, 7, 13, 19],
  );
  assert.equal(f.count, 4);
  // A next fire already past (shown late) keeps the grid.
  const late = ruleFires(
    rule({ trigger_params: { interval: 10 }, next_fire_at: iso(NOW - 25_000) }),
    null,
    NOW,
    TO,
  );
  assert.equal(late.instants[0]?.at, NOW + 5000);
});

test('a cron rule takes the previewed instants in the span; a preview all inside it is a lower bound', () => {
  const preview = [1, 2, 30].map((h) => ({
    at: iso(NOW + h * 3_600_000),
    local: '',
    timezone: 'UTC',
    dst: null,
  }));
  const f = ruleFires(rule({ trigger_ref: 'core.crontimer' }), preview, NOW, TO);
  assert.equal(f.count, 2);
  assert.equal(f.countIsLowerBound, false);
  const busy = ruleFires(rule({ trigger_ref: 'core.crontimer' }), preview.slice(0, 2), NOW, TO);
  assert.equal(busy.countIsLowerBound, true);
});

test('a one-shot fires once if it is in the span; a disabled rule never', () => {
  const once = rule({ trigger_ref: 'core.datetimetimer', next_fire_at: iso(NOW + 60_000) });
  assert.equal(ruleFires(once, null, NOW, TO).count, 1);
  assert.equal(ruleFires({ ...once, next_fire_at: iso(TO + 1) }, null, NOW, TO).count, 0);
  assert.equal(ruleFires({ ...once, enabled: false }, null, NOW, TO).count, 0);
});

test('the agenda lists fires in time order by day, and summarizes rules firing too often', () => {
  const fires = [
    ruleFires(
      rule({
        ref: 'local.b',
        trigger_params: { interval: 12, unit: 'hours' },
        next_fire_at: iso(NOW + 7_200_000),
      }),
      null,
      NOW,
      TO,
    ),
    ruleFires(
      rule({
        ref: 'local.a',
        label: 'Soon',
        trigger_ref: 'core.datetimetimer',
        next_fire_at: iso(NOW + 60_000),
      }),
      null,
      NOW,
      TO,
    ),
    ruleFires(
      rule({ ref: 'local.fast', trigger_params: { interval: 5 }, next_fire_at: iso(NOW + 5000) }),
      null,
      NOW,
      TO,
    ),
  ];
  const a = buildAgenda(fires, 'UTC');
  assert.deepEqual(
    a.days.map((d) => [dayLabel(d.key, NOW), d.entries.map((e) => e.label)]),
    [
      ['Today', ['Soon']],
      ['Tomorrow', ['local.b', 'local.b']],
    ],
  );
  assert.equal(a.frequent.length, 1);
  assert.deepEqual(
    [a.frequent[0]?.ref, a.frequent[0]?.count, a.frequent[0]?.everyMs],
    ['local.fast', 17_279, 5000],
  );
  assert.equal(a.total, 3 + 17_279, 'from 5 s to just under 24 h, every 5 s');
  assert.ok(MAX_LISTED_PER_RULE < 17_279);
});

test('an instant in another zone shows its wall clock there too', () => {
  const preview = [
    {
      at: iso(NOW + 3_600_000),
      local: '2026-03-29T07:30:00+02:00',
      timezone: 'Europe/Berlin',
      dst: 'transition_day',
    },
  ];
  const a = buildAgenda(
    [ruleFires(rule({ trigger_ref: 'core.crontimer' }), preview, NOW, TO)],
    'America/New_York',
  );
  assert.equal(a.days[0]?.entries[0]?.zoned, '07:30 Europe/Berlin');
  assert.equal(a.days[0]?.entries[0]?.dst, 'transition_day');
  assert.equal(
    buildAgenda([ruleFires(rule({ trigger_ref: 'core.crontimer' }), preview, NOW, TO)], 'Europe/Berlin')
      .days[0]?.entries[0]?.zoned,
    null,
  );
});

test('the timeline places instants across the span', () => {
  assert.equal(spanPercent(NOW + AGENDA_MS / 4, NOW, TO), 25);
  assert.equal(spanPercent(NOW - 1, NOW, TO), 0);
});
