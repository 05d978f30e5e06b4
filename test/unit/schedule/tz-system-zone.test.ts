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

  it('gives the same cron slots around a DST gap whatever zone the process runs in', () => {
    const script = [
      "import { createSchedule } from './core/schedule/index.ts';",
      "const s = createSchedule('core.crontimer', { expression: '*/15 2 * * *', timezone: 'Europe/Berlin' }, { anchor: 0 });",
      "process.stdout.write(String(s.next(Date.parse('2027-03-28T00:50:00Z'))));",
    ].join('\n');
    const run = (tz: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
    // 02:00-02:45 do not exist that night: one slot at 03:00+02:00.
    const end = String(Date.parse('2027-03-28T01:00:00Z'));
    assert.equal(run('America/New_York'), end);
    assert.equal(run('Asia/Tokyo'), end);
  });
});
