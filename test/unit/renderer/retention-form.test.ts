/** The settings page's retention form (renderer/src/domain/retention-form.ts; docs/retention.md). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RETENTION_CONFIG } from '../../../core/contract/retention.ts';
import { formValues, parseForm, sizeInWords } from '../../../renderer/src/domain/retention-form.ts';

test('the config reads as days, rows and minutes, and an unchanged form gives the same limits back', () => {
  const v = formValues(DEFAULT_RETENTION_CONFIG);
  assert.equal(v['targets.events.max_age_seconds'], '30');
  assert.equal(v['targets.events.max_rows'], '500000');
  assert.equal(v.check_interval_seconds, '60');
  const parsed = parseForm(v);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.change.targets, DEFAULT_RETENTION_CONFIG.targets);
  assert.equal(parsed.change.check_interval_seconds, 3600);
  assert.equal(parsed.change.min_per_outcome, 20);
});

test('an empty field lifts the limit; separators are allowed in row counts', () => {
  const v = formValues(DEFAULT_RETENTION_CONFIG);
  const parsed = parseForm({
    ...v,
    'targets.events.max_age_seconds': '',
    'targets.events.max_rows': '200,000',
  });
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.change.targets?.events, { max_age_seconds: null, max_rows: 200_000 });
});

test('each bad value is reported on its own field', () => {
  const v = formValues(DEFAULT_RETENTION_CONFIG);
  const parsed = parseForm({
    ...v,
    'targets.executions.max_rows': '0',
    'targets.sensor_logs.max_age_seconds': 'soon',
    min_per_outcome: '2.5',
    check_interval_seconds: '0',
  });
  assert.ok(!parsed.ok);
  assert.deepEqual(Object.keys(parsed.errors).sort(), [
    'check_interval_seconds',
    'min_per_outcome',
    'targets.executions.max_rows',
    'targets.sensor_logs.max_age_seconds',
  ]);
  assert.match(parsed.errors['targets.executions.max_rows'] ?? '', /1 or more/);
});

test('sizes read in the unit that fits', () => {
  assert.equal(sizeInWords(512), '512 B');
  assert.equal(sizeInWords(5_242_880), '5.0 MB');
  assert.equal(sizeInWords(1_288_490_189), '1.20 GB');
});
