/** A rule's trigger in words (renderer/src/domain/trigger-summary.ts, cron-words.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cronInWords } from '../../../renderer/src/domain/cron-words.ts';
import { describeTrigger, readableDateTime } from '../../../renderer/src/domain/trigger-summary.ts';

test('the common cron shapes read the way people say them', () => {
  assert.equal(cronInWords('30 7 * * 1-5'), 'every weekday at 07:30');
  assert.equal(cronInWords('0 9 * * *'), 'every day at 09:00');
  assert.equal(cronInWords('*/5 * * * *'), 'every 5 minutes');
  assert.equal(cronInWords('0 * * * *'), 'every hour, on the hour');
  assert.equal(cronInWords('15 * * * *'), 'every hour at minute 15');
  assert.equal(cronInWords('0 22 * * 6,0'), 'every Saturday and Sunday at 22:00');
  assert.equal(cronInWords('0 8 * * MON'), 'every Monday at 08:00');
  assert.equal(cronInWords('0 8 * * 1,3,5'), 'every Monday, Wednesday and Friday at 08:00');
  assert.equal(cronInWords('0 0 1 * *'), 'on day 1 of every month at 00:00');
  assert.equal(cronInWords('0 30 7 * * 1-5'), 'every weekday at 07:30', 'seconds first, when 0');
  assert.equal(cronInWords('@daily'), 'every day at 00:00');
});

test('other shapes are described by cronstrue, and nonsense by nothing', () => {
  assert.equal(cronInWords('0 12 * 6 *'), 'at 12:00, only in June');
  assert.equal(cronInWords('61 * * * *'), null);
  assert.equal(cronInWords(''), null);
});

test('each timer and other triggers are summarised in words', () => {
  assert.equal(describeTrigger('core.intervaltimer', { interval: 5, unit: 'minutes' }), 'every 5 minutes');
  assert.equal(describeTrigger('core.intervaltimer', { interval: 1, unit: 'hours' }), 'every hour');
  assert.equal(
    describeTrigger('core.crontimer', { expression: '30 7 * * 1-5', timezone: 'Europe/Berlin' }),
    'every weekday at 07:30 Europe/Berlin',
  );
  assert.equal(describeTrigger('core.crontimer', { expression: 'bad cron' }), 'cron bad cron');
  assert.equal(
    describeTrigger('core.datetimetimer', { fire_at: '2027-03-28T09:30', timezone: 'Europe/Berlin' }),
    'once at 2027-03-28 09:30 Europe/Berlin',
  );
  assert.equal(
    describeTrigger('local.signup', {}, { ref: 'local.signup', webhook_enabled: true }),
    'when the webhook of local.signup is called',
  );
  assert.equal(
    describeTrigger('local.inbox', {}, { ref: 'local.inbox', label: 'New file' }),
    'when New file (local.inbox) fires',
  );
});

test('date-times read without the T and with their offset', () => {
  assert.equal(readableDateTime('2027-03-28T09:30:00+01:00'), '2027-03-28 09:30 (+01:00)');
  assert.equal(readableDateTime('2027-03-28T09:30:15Z'), '2027-03-28 09:30:15 UTC');
});

test('day presets with a time give the cron expression they say', async () => {
  const { dayPresetExpression } = await import('../../../renderer/src/domain/cron-presets.ts');
  assert.equal(dayPresetExpression('weekdays', '07:30'), '30 7 * * 1-5');
  assert.equal(dayPresetExpression('daily', '9:05'), '5 9 * * *');
  assert.equal(
    cronInWords(dayPresetExpression('weekends', '22:00') ?? ''),
    'every Saturday and Sunday at 22:00',
  );
  assert.equal(dayPresetExpression('mon', '24:00'), null);
});

test('a file watch reads as the changes, the folder and the pattern', () => {
  const fw = (params: Record<string, unknown>) => describeTrigger('core.filewatch', params);
  assert.equal(
    fw({ path: '~/Inbox', glob: '*.pdf', events: ['add'] }),
    'when a file is added in ~/Inbox matching *.pdf',
  );
  assert.equal(
    fw({ path: '/data', glob: '*', events: ['add', 'change', 'unlink'] }),
    'when a file is added, changed or removed in /data',
  );
  assert.equal(
    fw({ path: '/data', events: ['unlink', 'change'], recursive: true }),
    'when a file is changed or removed in /data or below',
  );
  assert.equal(fw({ path: '' }), 'when a file changes (folder not set yet)');
});

test('a system event reads as what happened', () => {
  const sys = (event: unknown) => describeTrigger('core.system', { event });
  assert.equal(sys('engine_started'), 'when Attune Desktop starts');
  assert.equal(sys('resumed_from_sleep'), 'when the computer wakes from sleep');
  assert.equal(sys('clock_changed'), 'when the system clock is changed');
  assert.equal(sys(undefined), 'on a system event (not chosen yet)');
});
