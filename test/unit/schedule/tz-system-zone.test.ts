/**
 * docs/timers.md, "Daylight saving time" — the default zone of a timer is the zone the process
 * runs in, as the runtime reports it (a child process started with TZ set shows it is read, not
 * assumed).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { systemTimezone } from '../../../core/schedule/tz.ts';

describe('the system zone', () => {
  it('reads the zone the process runs in from its environment', () => {
    const script =
      "import { systemTimezone } from './core/schedule/tz.ts'; process.stdout.write(systemTimezone());";
    const inZone = (tz: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
    assert.equal(inZone('Asia/Tokyo'), 'Asia/Tokyo');
    assert.equal(systemTimezone(), Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
