/**
 * docs/timers.md, "Daylight saving time" — the zone arithmetic under every timer: what the wall
 * clock shows at an instant, which instants show a wall-clock time (once, twice or never), where
 * the offset changes, and how an instant is written with its offset. Checked at known 2027
 * transitions (1 h, 30 min, 2 h, at midnight, in half-hour zones) and, as properties, against
 * offsets read straight from Intl by the test itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  canonicalTimezone,
  firstInstantShowing,
  formatLocal,
  isTransitionDay,
  localDate,
  naiveFromFields,
  offsetAt,
  resolveLocal,
  secondPassAt,
  toNaive,
  transitionsBetween,
  wallFields,
} from '../../../core/schedule/tz.ts';
import { at, intlWallNaive } from './helpers.ts';

const H = 3_600_000;
const MIN = 60_000;

const ZONES = [
  'UTC',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Europe/Berlin',
  'America/New_York',
  'America/St_Johns',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Antarctica/Troll',
  'Pacific/Chatham',
];

/** The offset at `t`, straight from Intl (independent of core/schedule/tz.ts). */
function intlOffset(t: number, timezone: string): number {
  return intlWallNaive(t, timezone) - Math.floor(t / 1000) * 1000;
}

// 2026-2028 (each zone-year costs ~1,500 Intl calls to sample once): leap and common years.
const instantArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31) });
const zoneArb = fc.constantFrom(...ZONES);

describe('zone names', () => {
  it('fixes the letter case of a listed zone and keeps the spelling of an alias', () => {
    assert.equal(canonicalTimezone('europe/BERLIN'), 'Europe/Berlin');
    assert.equal(canonicalTimezone('Europe/Berlin'), 'Europe/Berlin');
    assert.equal(canonicalTimezone('Asia/Kolkata'), 'Asia/Kolkata');
  });

  it('refuses unknown zones, offsets, empty names and names with spaces around them', () => {
    for (const bad of ['Mars/Olympus_Mons', '+05:30', '-03', '', ' Europe/Berlin', 'Europe/Berlin ']) {
      assert.equal(canonicalTimezone(bad), null, JSON.stringify(bad));
    }
  });
});

describe('wall clock and naive times', () => {
  it('reads every field of the wall clock, dropping milliseconds', () => {
    const t = Date.UTC(2027, 10, 12, 3, 4, 5, 678);
    assert.deepEqual(wallFields(t, 'UTC'), { year: 2027, month: 11, day: 12, hour: 3, minute: 4, second: 5 });
    assert.deepEqual(wallFields(t, 'Asia/Kolkata'), {
      year: 2027,
      month: 11,
      day: 12,
      hour: 8,
      minute: 34,
      second: 5,
    });
    assert.deepEqual(wallFields(at('2027-12-31T23:00:00Z'), 'Asia/Tokyo').year, 2028);
  });

  it('encodes wall fields as naive ms, with years below 100 taken literally', () => {
    const f = { year: 2027, month: 3, day: 28, hour: 2, minute: 30, second: 15 };
    assert.equal(naiveFromFields(f), Date.UTC(2027, 2, 28, 2, 30, 15));
    assert.equal(naiveFromFields(f, 250), Date.UTC(2027, 2, 28, 2, 30, 15, 250));
    const early = new Date(naiveFromFields({ ...f, year: 45 }));
    assert.equal(early.getUTCFullYear(), 45);
  });

  it('keeps the milliseconds of an instant in its naive time', () => {
    assert.equal(
      toNaive(at('2027-06-01T10:00:00.123Z'), 'Europe/Berlin'),
      Date.UTC(2027, 5, 1, 12, 0, 0, 123),
    );
  });

  it('property: the offset is the one Intl shows, whole seconds and milliseconds alike', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (t, timezone) => {
        assert.equal(
          offsetAt(t, timezone),
          intlOffset(t, timezone),
          `${timezone} at ${new Date(t).toISOString()}`,
        );
        assert.equal(toNaive(t, timezone) - t, intlOffset(t, timezone));
      }),
      { numRuns: 400 },
    );
  });
});

describe('offset changes', () => {
  const SPRING = at('2027-03-28T01:00:00Z'); // Berlin 02:00 → 03:00
  const AUTUMN = at('2027-10-31T01:00:00Z'); // Berlin 03:00 → 02:00

  it('lists the changes of a year in (from, to], oldest first, with the offsets either side', () => {
    assert.deepEqual(
      transitionsBetween('Europe/Berlin', at('2027-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z')),
      [
        { at: SPRING, offsetBefore: H, offsetAfter: 2 * H },
        { at: AUTUMN, offsetBefore: 2 * H, offsetAfter: H },
      ],
    );
    assert.deepEqual(transitionsBetween('Europe/Berlin', SPRING - 1, SPRING).length, 1, 'to is inclusive');
    assert.deepEqual(transitionsBetween('Europe/Berlin', SPRING, SPRING + 1), [], 'from is exclusive');
    assert.deepEqual(
      transitionsBetween('Europe/Berlin', SPRING + 1, SPRING - 1),
      [],
      'an inverted range is empty',
    );
    assert.deepEqual(
      transitionsBetween('Asia/Tokyo', at('2027-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z')),
      [],
    );
  });

  it('lists changes across a year boundary', () => {
    const across = transitionsBetween(
      'Europe/Berlin',
      at('2026-10-01T00:00:00Z'),
      at('2027-04-01T00:00:00Z'),
    );
    assert.deepEqual(
      across.map((t) => new Date(t.at).toISOString()),
      ['2026-10-25T01:00:00.000Z', '2027-03-28T01:00:00.000Z'],
    );
  });

  it('switches the offset exactly at the change, to the second', () => {
    assert.equal(offsetAt(SPRING - 1, 'Europe/Berlin'), H);
    assert.equal(offsetAt(SPRING, 'Europe/Berlin'), 2 * H);
    assert.equal(offsetAt(at('2027-04-03T15:00:00Z') - 1, 'Australia/Lord_Howe'), 11 * H);
    assert.equal(offsetAt(at('2027-04-03T15:00:00Z'), 'Australia/Lord_Howe'), 10.5 * H);
  });

  it('property: every listed change is a real change at that second, and nothing changes between two of them', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, fc.integer({ min: 0, max: 9 }), (from, timezone, pick) => {
        const to = from + 400 * 86_400_000;
        const changes = transitionsBetween(timezone, from, to);
        for (const c of changes) {
          assert.equal(intlOffset(c.at - 1000, timezone), c.offsetBefore);
          assert.equal(intlOffset(c.at, timezone), c.offsetAfter);
        }
        // A point between two listed changes (or before the first) has the offset after the previous one.
        const edges = [from + 1, ...changes.map((c) => c.at), to + 1];
        const i = pick % (edges.length - 1);
        const lo = edges[i] as number;
        const hi = edges[i + 1] as number;
        const mid = lo + Math.floor((hi - lo) / 2);
        assert.equal(
          intlOffset(mid, timezone),
          intlOffset(lo, timezone),
          `${timezone} ${new Date(mid).toISOString()}`,
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('which instants show a wall-clock time', () => {
  it('finds one instant for an ordinary time', () => {
    assert.deepEqual(resolveLocal(Date.UTC(2027, 5, 1, 12), 'Europe/Berlin'), {
      kind: 'single',
      at: at('2027-06-01T10:00:00Z'),
    });
  });

  it('finds none in a spring-forward gap and points at its end', () => {
    assert.deepEqual(resolveLocal(Date.UTC(2027, 2, 28, 2, 30), 'Europe/Berlin'), {
      kind: 'gap',
      firstAfter: at('2027-03-28T01:00:00Z'),
    });
    // Troll jumps two hours, 01:00 → 03:00.
    assert.deepEqual(resolveLocal(Date.UTC(2027, 2, 28, 2, 59, 59), 'Antarctica/Troll'), {
      kind: 'gap',
      firstAfter: at('2027-03-28T01:00:00Z'),
    });
  });

  it('finds two in a fall-back overlap, earlier first', () => {
    assert.deepEqual(resolveLocal(Date.UTC(2027, 9, 31, 2, 30), 'Europe/Berlin'), {
      kind: 'ambiguous',
      first: at('2027-10-31T00:30:00Z'),
      second: at('2027-10-31T01:30:00Z'),
    });
  });

  it('maps a time by our rule: the gap to its end, a repeated time to its first showing', () => {
    assert.equal(
      firstInstantShowing(Date.UTC(2027, 2, 28, 2, 30), 'Europe/Berlin'),
      at('2027-03-28T01:00:00Z'),
    );
    assert.equal(
      firstInstantShowing(Date.UTC(2027, 9, 31, 2, 30), 'Europe/Berlin'),
      at('2027-10-31T00:30:00Z'),
    );
    assert.equal(firstInstantShowing(Date.UTC(2027, 5, 1, 12), 'Europe/Berlin'), at('2027-06-01T10:00:00Z'));
    // Lord Howe's half-hour gap: 02:00 → 02:30.
    assert.equal(
      firstInstantShowing(Date.UTC(2027, 9, 3, 2, 10), 'Australia/Lord_Howe'),
      at('2027-10-02T15:30:00Z'),
    );
  });

  it('property: the instant a wall time came from is among those resolved for it', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (t, timezone) => {
        const whole = Math.floor(t / 1000) * 1000;
        const r = resolveLocal(toNaive(whole, timezone), timezone);
        const found = r.kind === 'single' ? [r.at] : r.kind === 'ambiguous' ? [r.first, r.second] : [];
        assert.ok(
          found.includes(whole),
          `${timezone} ${new Date(whole).toISOString()}: ${JSON.stringify(r)}`,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('the second pass of a repeated hour', () => {
  const AUTUMN = at('2027-10-31T01:00:00Z');

  it('starts at the fall-back and lasts exactly as long as the shift', () => {
    assert.equal(secondPassAt(AUTUMN - 1, 'Europe/Berlin'), null, 'the first pass');
    assert.deepEqual(secondPassAt(AUTUMN, 'Europe/Berlin'), {
      at: AUTUMN,
      offsetBefore: 2 * H,
      offsetAfter: H,
    });
    assert.equal(secondPassAt(AUTUMN + H - 1, 'Europe/Berlin')?.at, AUTUMN);
    assert.equal(secondPassAt(AUTUMN + H, 'Europe/Berlin'), null);
    // Troll falls back two hours.
    assert.equal(secondPassAt(AUTUMN + 2 * H - 1, 'Antarctica/Troll')?.at, AUTUMN);
    assert.equal(secondPassAt(AUTUMN + 2 * H, 'Antarctica/Troll'), null);
    // Lord Howe falls back half an hour.
    const lordHowe = at('2027-04-03T15:00:00Z');
    assert.equal(secondPassAt(lordHowe + 30 * MIN - 1, 'Australia/Lord_Howe')?.at, lordHowe);
    assert.equal(secondPassAt(lordHowe + 30 * MIN, 'Australia/Lord_Howe'), null);
  });

  it('never follows a spring-forward', () => {
    const spring = at('2027-03-28T01:00:00Z');
    assert.equal(secondPassAt(spring, 'Europe/Berlin'), null);
    assert.equal(secondPassAt(spring + 30 * MIN, 'Europe/Berlin'), null);
  });
});

describe('local dates, transition days and written instants', () => {
  it('writes the local date of an instant', () => {
    assert.equal(localDate(at('2027-03-27T23:30:00Z'), 'Europe/Berlin'), '2027-03-28');
    assert.equal(localDate(at('2027-03-27T23:30:00Z'), 'America/New_York'), '2027-03-27');
  });

  it('marks the local day of a change, and only that day', () => {
    assert.equal(isTransitionDay(at('2027-03-28T12:00:00Z'), 'Europe/Berlin'), true);
    assert.equal(isTransitionDay(at('2027-03-27T22:59:59Z'), 'Europe/Berlin'), false, 'Saturday 23:59:59');
    assert.equal(isTransitionDay(at('2027-03-28T22:00:00Z'), 'Europe/Berlin'), false, 'Monday 00:00');
    assert.equal(isTransitionDay(at('2027-06-01T12:00:00Z'), 'Europe/Berlin'), false);
  });

  it('marks both days around a change at midnight', () => {
    // Santiago, 2027-09-04 24:00 → 09-05 01:00: the change ends one day and starts the next.
    assert.equal(isTransitionDay(at('2027-09-04T12:00:00Z'), 'America/Santiago'), true);
    assert.equal(isTransitionDay(at('2027-09-05T12:00:00Z'), 'America/Santiago'), true);
    assert.equal(isTransitionDay(at('2027-09-03T12:00:00Z'), 'America/Santiago'), false);
    assert.equal(isTransitionDay(at('2027-09-06T12:00:00Z'), 'America/Santiago'), false);
  });

  it('writes an instant with the offset that applies then, half and quarter hours and negative ones included', () => {
    assert.equal(formatLocal(at('2027-06-01T10:00:00Z'), 'Europe/Berlin'), '2027-06-01T12:00:00+02:00');
    assert.equal(
      formatLocal(at('2027-01-05T06:07:08.900Z'), 'America/New_York'),
      '2027-01-05T01:07:08-05:00',
    );
    assert.equal(formatLocal(at('2027-01-05T06:07:08Z'), 'America/St_Johns'), '2027-01-05T02:37:08-03:30');
    assert.equal(formatLocal(at('2027-01-05T06:07:08Z'), 'Asia/Kolkata'), '2027-01-05T11:37:08+05:30');
    assert.equal(formatLocal(at('2027-01-05T06:07:08Z'), 'Pacific/Chatham'), '2027-01-05T19:52:08+13:45');
    assert.equal(formatLocal(at('2027-01-05T06:07:08Z'), 'UTC'), '2027-01-05T06:07:08+00:00');
    assert.equal(formatLocal(Date.UTC(999, 0, 2, 3, 4, 5), 'UTC'), '0999-01-02T03:04:05+00:00');
  });
});
