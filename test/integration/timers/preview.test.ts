/**
 * docs/timers.md, "The preview": `schedule.preview` and
 * `GET /api/v1/schedule/preview?trigger_ref=…&trigger_params=…&count=N` return the next N instants
 * in UTC and in the rule's zone with their DST marks; bad params are a 400 naming the field; and
 * `GET /api/v1/rules/{ref}` shows a timer rule's next and last fire.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatch, handlers } from '../../../core/api/index.ts';
import { startTestHost } from '../../helpers/host.ts';

interface Preview {
  trigger_ref: string;
  trigger_params: Record<string, unknown>;
  items: Array<{ at: string; local: string; timezone: string; dst: string | null }>;
}

const previewUrl = (ref: string, params: unknown, count?: number) =>
  `/api/v1/schedule/preview?trigger_ref=${encodeURIComponent(ref)}&trigger_params=${encodeURIComponent(
    typeof params === 'string' ? params : JSON.stringify(params),
  )}${count === undefined ? '' : `&count=${count}`}`;

test('the preview lists the next instants in UTC and in the zone, marking the DST ones', async (t) => {
  const host = await startTestHost(t);
  const r = await host.api<{ data: Preview }>(
    'GET',
    previewUrl('core.crontimer', { expression: '0 30 2 27-29 3 * 2032', timezone: 'Europe/Berlin' }, 5),
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.data, {
    trigger_ref: 'core.crontimer',
    trigger_params: { expression: '0 30 2 27-29 3 * 2032', timezone: 'Europe/Berlin' },
    items: [
      {
        at: '2032-03-27T01:30:00.000Z',
        local: '2032-03-27T02:30:00+01:00',
        timezone: 'Europe/Berlin',
        dst: null,
      },
      // 02:30 does not exist on 28 March 2032: it runs at the end of the gap.
      {
        at: '2032-03-28T01:00:00.000Z',
        local: '2032-03-28T03:00:00+02:00',
        timezone: 'Europe/Berlin',
        dst: 'gap_shifted',
      },
      {
        at: '2032-03-29T00:30:00.000Z',
        local: '2032-03-29T02:30:00+02:00',
        timezone: 'Europe/Berlin',
        dst: null,
      },
    ],
  });
});

test('count defaults to 10, interval previews start counting now, and the channel takes params as an object', async (t) => {
  const host = await startTestHost(t);
  const daily = await host.api<{ data: Preview }>(
    'GET',
    previewUrl('core.crontimer', { expression: '@daily' }),
  );
  assert.equal(daily.body.data.items.length, 10);
  assert.ok(typeof daily.body.data.trigger_params.timezone === 'string', 'the zone it would be saved with');

  const before = Date.now();
  const r = await dispatch(
    handlers,
    'schedule.preview',
    { trigger_ref: 'core.intervaltimer', trigger_params: { interval: 90, unit: 'minutes' }, count: 2 },
    { engine: host.engine, publicUrl: null },
  );
  assert.ok(r.ok, JSON.stringify(r));
  const [a, b] = (r.data as Preview).items.map((i) => Date.parse(i.at));
  assert.ok((a as number) >= before + 90 * 60_000 && (a as number) <= Date.now() + 90 * 60_000);
  assert.equal((b as number) - (a as number), 90 * 60_000);
});

test('bad preview params are a 400 that names the field', async (t) => {
  const host = await startTestHost(t);
  const cases: Array<[string, string, RegExp]> = [
    [previewUrl('core.crontimer', { expression: '61 * * * *' }), 'trigger_params.expression', /61/],
    [
      previewUrl('core.crontimer', { expression: '0 9 * * *', timezone: 'Mars/Olympus' }),
      'trigger_params.timezone',
      /IANA/,
    ],
    [previewUrl('core.intervaltimer', { interval: 0 }), 'trigger_params.interval', /less than 1/],
    [
      previewUrl('core.datetimetimer', { fire_at: '2001-01-01T00:00:00Z' }),
      'trigger_params.fire_at',
      /in the past/,
    ],
    [previewUrl('core.crontimer', 'not json'), 'trigger_params', /JSON object/],
    [previewUrl('core.webhook', {}), 'trigger_ref', /not a timer trigger/],
    [previewUrl('core.crontimer', { expression: '@hourly' }, 500), 'count', /100/],
  ];
  for (const [url, field, message] of cases) {
    const r = await host.api<{ error: string; code: string; details?: { field?: string } }>('GET', url);
    assert.equal(r.status, 400, `${url}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.details?.field, field, url);
    assert.match(r.body.error, message, url);
  }
});

test('GET /api/v1/rules/{ref} shows next_fire_at and last_fired_at for timer rules only', async (t) => {
  const host = await startTestHost(t);
  const created = await host.api<{ data: Record<string, unknown> }>('POST', '/api/v1/rules', {
    ref: 'nightly',
    trigger_ref: 'core.crontimer',
    trigger_params: { expression: '0 3 * * *', timezone: 'UTC' },
    action_ref: 'core.noop',
  });
  assert.equal(created.status, 201);
  const got = await host.api<{ data: Record<string, unknown> }>('GET', '/api/v1/rules/local.nightly');
  const next = Date.parse(got.body.data.next_fire_at as string);
  assert.equal(new Date(next).toISOString().slice(11), '03:00:00.000Z');
  assert.ok(next > Date.now() && next <= Date.now() + 86_400_000);
  assert.equal(got.body.data.last_fired_at, null);

  await host.api('PUT', '/api/v1/rules/local.nightly', { enabled: false });
  const disabled = await host.api<{ data: Record<string, unknown> }>('GET', '/api/v1/rules/local.nightly');
  assert.equal(disabled.body.data.next_fire_at, null);

  await host.api('POST', '/api/v1/triggers', { ref: 'hook' });
  await host.api('POST', '/api/v1/rules', {
    ref: 'other',
    trigger_ref: 'local.hook',
    action_ref: 'core.noop',
  });
  const other = await host.api<{ data: Record<string, unknown> }>('GET', '/api/v1/rules/local.other');
  assert.equal('next_fire_at' in other.body.data, false);
});
