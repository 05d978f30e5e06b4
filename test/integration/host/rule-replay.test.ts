/**
 * docs/explain.md "Replay": `POST /api/v1/rules/{ref}/replay` decides a stored event again
 * against the stored rule or a draft of it, through the pipeline's own match and render, and
 * sets the result next to what happened when the event arrived. It runs nothing and stores
 * nothing; a draft is validated as at save, its errors naming `rule.<field>`; secrets stay `***`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { ReplayResult } from '../../../core/contract/replay.ts';
import { databaseFile } from '../../../core/engine/create-engine.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { cli, copyFixturePack, type ErrorBody, snapshot } from '../packs/helpers.ts';

const rule = {
  ref: 'greet',
  trigger_ref: 'local.signup',
  action_ref: 'core.shell',
  conditions: { expression: 'event.payload.age >= 18 and ends_with(event.payload.email, "@example.com")' },
  action_params: { cmd: 'touch {{ event.payload.marker }}' },
};

async function replay(host: TestHost, ref: string, body: Record<string, unknown>) {
  return host.api<{ data: ReplayResult } & ErrorBody>('POST', `/api/v1/rules/${ref}/replay`, body);
}

/** Everything a write would change: rows of every table, the commit counter seen from another connection, the engine's own change count. */
function writeMarks(host: TestHost, observer: Database.Database) {
  return {
    rows: snapshot(host).rows,
    data_version: observer.pragma('data_version', { simple: true }),
    changes: (host.engine.store.read.raw.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
  };
}

test('a stored event replayed against an edited rule reports the new outcome and the diff, running and storing nothing', async (t) => {
  const host = await startTestHost(t);
  const dir = tempDir(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  assert.equal((await host.api('POST', '/api/v1/rules', rule)).status, 201);
  const markerA = path.join(dir, 'a');
  const markerB = path.join(dir, 'b');
  const kid = await host.engine.ingest({
    trigger_ref: 'local.signup',
    payload: { age: 9, email: 'kid@example.com', marker: markerA },
  });
  const adult = await host.engine.ingest({
    trigger_ref: 'local.signup',
    payload: { age: 36, email: 'ada@example.com', marker: markerB },
  });
  const ran = await host.waitForExecution(adult.execution_ids[0] as number);
  assert.equal(ran.status, 'completed', JSON.stringify(ran.result));
  assert.ok(fs.existsSync(markerB) && !fs.existsSync(markerA));
  fs.rmSync(markerB);

  const observer = new Database(databaseFile(host.dataDir), { readonly: true });
  t.after(() => observer.close());
  const before = writeMarks(host, observer);

  // The stored rule, as it is: the same outcome as the first time, each conjunct with its value.
  const same = await replay(host, 'local.greet', { event_id: kid.event_id });
  assert.equal(same.status, 200, JSON.stringify(same.body));
  assert.equal(same.body.data.evaluation.outcome, 'condition_false');
  assert.deepEqual(same.body.data.diff, { changed: false, outcome: null, params: [] });
  assert.deepEqual(
    same.body.data.conditions?.parts.map((p) => [p.expression, p.passed, p.value, p.operands]),
    [
      ['event.payload.age >= 18', false, 'false', [{ expression: 'event.payload.age', value: '9' }]],
      [
        'ends_with(event.payload.email, "@example.com")',
        true,
        'true',
        [{ expression: 'event.payload.email', value: '"kid@example.com"' }],
      ],
    ],
  );
  assert.equal(same.body.data.evaluation.explanation?.failures[0]?.expression, 'event.payload.age >= 18');

  // A draft that lowers the age: the event now matches, with its rendered parameters and types.
  const edited = await replay(host, 'local.greet', {
    event_id: kid.event_id,
    rule: { conditions: { expression: 'event.payload.age >= 5' } },
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  const r = edited.body.data;
  assert.equal(r.rule.draft, true);
  assert.equal(r.evaluation.outcome, 'matched');
  assert.deepEqual(r.diff.outcome, { original: 'condition_false', replayed: 'matched' });
  assert.equal(r.diff.changed, true);
  assert.deepEqual(r.params, [
    { name: 'cmd', value: `touch '${markerA}'`, type: 'string', expected: 'string', redacted: false },
  ]);
  assert.deepEqual(
    r.conditions?.parts.map((p) => p.passed),
    [true],
  );
  assert.equal(r.original.evaluation?.outcome, 'condition_false');
  assert.equal(r.original.enforcement, null);

  // The event that fired, against other parameters: the parameter diff, the original execution.
  const params = await replay(host, 'local.greet', {
    event_id: adult.event_id,
    rule: { action_params: { cmd: 'touch {{ event.payload.marker }}.new' } },
  });
  assert.equal(params.status, 200, JSON.stringify(params.body));
  const p = params.body.data;
  assert.equal(p.evaluation.outcome, 'matched');
  assert.equal(p.diff.outcome, null);
  assert.deepEqual(p.diff.params, [
    { name: 'cmd', original: `touch '${markerB}'`, replayed: `touch '${markerB}'.new` },
  ]);
  assert.deepEqual(p.original.executions, [{ id: ran.id, status: 'completed' }]);
  assert.equal(p.original.enforcement?.id, p.original.evaluation?.enforcement_id);

  // Nothing ran (no marker file: the shell action never started) and nothing was written.
  await new Promise((res) => setTimeout(res, 300));
  assert.ok(!fs.existsSync(markerA) && !fs.existsSync(markerB) && !fs.existsSync(`${markerB}.new`));
  assert.deepEqual(writeMarks(host, observer), before);
  assert.equal(host.engine.executor.activeForRule('local.greet').length, 0);
});

test('a draft for a rule not saved yet is replayed whole; an unsaved draft without its refs is refused', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  const e = await host.engine.ingest({
    trigger_ref: 'local.signup',
    payload: { age: 40, email: 'x@example.com' },
  });
  const whole = await replay(host, 'local.draft', {
    event_id: e.event_id,
    rule: {
      ...rule,
      ref: undefined,
      action_ref: 'core.echo',
      action_params: { message: 'hi {{ event.payload.age }}' },
    },
  });
  assert.equal(whole.status, 200, JSON.stringify(whole.body));
  assert.equal(whole.body.data.rule.ref, 'local.draft');
  assert.equal(whole.body.data.evaluation.outcome, 'matched');
  assert.equal(whole.body.data.original.evaluation, null, 'the rule was no candidate when the event arrived');
  assert.deepEqual(whole.body.data.diff.outcome, { original: null, replayed: 'matched' });
  const partial = await replay(host, 'local.draft', { event_id: e.event_id, rule: { label: 'x' } });
  assert.equal(partial.status, 400);
  assert.equal(partial.body.details?.field, 'rule.trigger_ref');
  assert.equal(
    (await host.api('GET', '/api/v1/rules/local.draft')).status,
    404,
    'a replayed draft is not saved',
  );
});

test('draft errors name the field under rule', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  await host.api('POST', '/api/v1/rules', rule);
  const e = await host.engine.ingest({ trigger_ref: 'local.signup', payload: { age: 1 } });
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [
      { conditions: { expression: 'event.payload.age >= ' } },
      'rule.conditions.expression',
      /^rule\.conditions/,
    ],
    [{ action_ref: 'core.nope' }, 'rule.action_ref', /unknown action "core\.nope"/],
    [{ trigger_ref: 'local.nope' }, 'rule.trigger_ref', /unknown trigger/],
    [{ overlap: 'sometimes' }, 'rule.overlap', /overlap/],
    [{ action_params: { cmd: 'echo `{{ event.payload.x }}`' } }, 'rule.action_params.cmd', /cmd/],
  ];
  for (const [draft, field, message] of cases) {
    const r = await replay(host, 'local.greet', { event_id: e.event_id, rule: draft });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.details?.field, field, JSON.stringify(r.body));
    assert.match(r.body.error, message);
  }
  const other = await host.api('POST', '/api/v1/triggers', { ref: 'other' });
  assert.equal(other.status, 201);
  const wrongTrigger = await replay(host, 'local.greet', {
    event_id: e.event_id,
    rule: { trigger_ref: 'local.other' },
  });
  assert.equal(wrongTrigger.status, 400);
  assert.equal(wrongTrigger.body.details?.field, 'event_id');
  assert.match(
    wrongTrigger.body.error,
    /trigger "local\.signup"; rule "local\.greet" listens to "local\.other"/,
  );
});

test('an unknown event or rule answers 404 naming what is missing', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  await host.api('POST', '/api/v1/rules', rule);
  const e = await host.engine.ingest({ trigger_ref: 'local.signup', payload: {} });
  const noEvent = await replay(host, 'local.greet', { event_id: 999 });
  assert.equal(noEvent.status, 404);
  assert.match(noEvent.body.error, /event 999 not found/);
  const noRule = await replay(host, 'local.nobody', { event_id: e.event_id });
  assert.equal(noRule.status, 404);
  assert.match(noRule.body.error, /rule "?local\.nobody"? not found/);
  const badId = await replay(host, 'local.greet', { event_id: 'x' });
  assert.equal(badId.status, 400);
  assert.equal(badId.body.details?.field, 'event_id');
});

test("a pack's secret never appears in a replay, in values, params or the diff", async (t) => {
  const secret = 'tok-Very-Secret-4711';
  const host = await startTestHost(t);
  const imported = await host.api('POST', '/api/v1/packs/import', {
    path: copyFixturePack('demo', tempDir(t)),
    secrets: { api_token: secret },
  });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  // demo.deploy_alert is disabled: the event is recorded as rule_disabled, replayed as if enabled.
  const e = await host.engine.ingest({
    trigger_ref: 'demo.deploy_finished',
    payload: { status: secret, duration_ms: 5000, service: `svc ${secret}` },
  });
  const falseOne = await replay(host, 'demo.deploy_alert', { event_id: e.event_id });
  assert.equal(falseOne.status, 200, JSON.stringify(falseOne.body));
  assert.equal(falseOne.body.data.evaluation.outcome, 'condition_false');
  assert.deepEqual(falseOne.body.data.diff.outcome, {
    original: 'rule_disabled',
    replayed: 'condition_false',
  });
  const matched = await replay(host, 'demo.deploy_alert', {
    event_id: e.event_id,
    rule: {
      conditions: { expression: 'event.payload.duration_ms > 1000' },
      action_params: {
        url: '{{ pack.config.api_base }}/{{ event.payload.service }}',
        token: '{{ pack.config.api_token }}',
        json_body: { note: 'about {{ event.payload.status }}' },
      },
    },
  });
  assert.equal(matched.status, 200, JSON.stringify(matched.body));
  assert.equal(matched.body.data.evaluation.outcome, 'matched');
  const byName = Object.fromEntries(matched.body.data.params.map((x) => [x.name, x]));
  assert.equal(byName.token?.redacted, true);
  assert.equal(byName.url?.value, '***');
  for (const body of [falseOne.body, matched.body]) {
    const text = JSON.stringify(body);
    assert.ok(!text.includes(secret) && !text.includes('Very-Secret'), text);
  }
});

test('attune-desktop rule replay prints each condition, the params and the difference, a draft read from --file', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  await host.api('POST', '/api/v1/rules', {
    ...rule,
    action_ref: 'core.echo',
    action_params: { message: 'hi {{ event.payload.age }}' },
  });
  const e = await host.engine.ingest({
    trigger_ref: 'local.signup',
    payload: { age: 9, email: 'kid@example.com' },
  });
  const draft = path.join(tempDir(t), 'draft.yaml');
  fs.writeFileSync(draft, 'conditions:\n  expression: event.payload.age > 3\n');
  const r = await cli(
    host.dataDir,
    'rule',
    'replay',
    'local.greet',
    '--event',
    String(e.event_id),
    '--file',
    draft,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /against a draft of local\.greet/);
  assert.match(r.stdout, /local\.greet: matched/);
  assert.match(r.stdout, /pass event\.payload\.age > 3 is true\n {6}event\.payload\.age = 9/);
  assert.match(r.stdout, /message = "hi 9": string/);
  assert.match(r.stdout, /outcome: condition_false -> matched/);
  const plain = await cli(host.dataDir, 'rule', 'replay', 'local.greet', '--event', String(e.event_id));
  assert.match(plain.stdout, /FAIL event\.payload\.age >= 18 is false/);
  assert.match(plain.stdout, /no difference/);
  const missing = await cli(host.dataDir, 'rule', 'replay', 'local.greet', '--event', '4242');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /event 4242 not found/);
});
