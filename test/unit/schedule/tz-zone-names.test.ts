/**
 * docs/timers.md, "Daylight saving time" — zone names: an offset such as "+05:30" is refused, but a
 * sign or hyphen inside a zone's name does not make it an offset.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalTimezone } from '../../../core/schedule/tz.ts';

describe('zone names with a sign inside', () => {
  it('accepts a zone whose name has a sign or a hyphen inside it, which is not an offset', () => {
    assert.equal(canonicalTimezone('Etc/GMT+5'), 'Etc/GMT+5');
    assert.equal(canonicalTimezone('Etc/GMT-14'), 'Etc/GMT-14');
    assert.equal(canonicalTimezone('america/port-au-prince'), 'America/Port-au-Prince');
  });
});
