/**
 * Rendering a rule's action_params for one event (docs/engine.md): the template context, shell
 * quoting for `shell: true` parameters, and the split into what the action gets, what is stored
 * (secrets as ***) and what is sealed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ActionParamsError,
  renderActionParams,
  splitForStorage,
  templateContext,
} from '../../../core/engine/render.ts';
import type { JsonObject, Rule } from '../../../core/model/entities.ts';

const NOW = Date.UTC(2026, 11, 7, 3, 4, 5, 678);

function rule(action_params: JsonObject): Rule {
  return {
    id: 1,
    ref: 'local.notify',
    pack_ref: 'local',
    label: 'Notify',
    description: '',
    trigger_ref: 'core.webhook',
    trigger_params: {},
    conditions: null,
    action_ref: 'core.echo',
    action_params,
    enabled: true,
    overlap: 'parallel',
    retry: null,
    misfire: null,
    created: '2026-12-01T00:00:00.000Z',
    updated: '2026-12-01T00:00:00.000Z',
  };
}

const pack = {
  config: { base_url: 'https://example.test', token: 'tok-12345' },
  secretValues: ['tok-12345'],
};

describe('the template context', () => {
  test('holds the event, the pack config, the keys, the rule ref and the time as an ISO string', () => {
    const event = { payload: { n: 1 } };
    assert.deepEqual(templateContext({ ref: 'local.notify' }, event, pack, NOW), {
      event: { payload: { n: 1 } },
      pack: { config: pack.config },
      keystore: {},
      system: { timestamp: '2026-12-07T03:04:05.678Z', rule: { ref: 'local.notify' } },
    });
  });

  test('the pack context reaches templates through pack.config only', () => {
    const r = rule({ url: '{{ pack.config.base_url }}/x', secretValues: '{{ pack.secretValues }}' });
    const out = renderActionParams(r, {}, pack, {}, NOW);
    assert.equal(out.params.url, 'https://example.test/x');
    assert.equal(out.params.secretValues, null);
  });

  test("keys reach templates as Attune's keystore namespace; an encrypted key's value is stored redacted", () => {
    const withKeys = {
      config: {},
      secretValues: ['sk-live-0987'],
      keystore: { region: 'eu-west', 'pack.local.api': 'sk-live-0987' },
    };
    const r = rule({ where: '{{ keystore.region }}', auth: 'Bearer {{ keystore["pack.local.api"] }}' });
    const out = renderActionParams(r, {}, withKeys, {}, NOW);
    assert.deepEqual(out.params, { where: 'eu-west', auth: 'Bearer sk-live-0987' });
    assert.deepEqual(out.redacted, { where: 'eu-west', auth: '***' });
    assert.deepEqual(out.secrets, { auth: 'Bearer sk-live-0987' });
  });
});

describe('rendering action_params', () => {
  test('every parameter is rendered against the event, keeping whole-value types', () => {
    const r = rule({
      user: '{{ event.payload.user }}',
      count: '{{ event.payload.n + 1 }}',
      text: 'rule {{ system.rule.ref }} at {{ system.timestamp }}',
      fixed: 5,
    });
    const out = renderActionParams(r, { payload: { user: { id: 7 }, n: 2 } }, pack, {}, NOW);
    assert.deepEqual(out.params, {
      user: { id: 7 },
      count: 3,
      text: 'rule local.notify at 2026-12-07T03:04:05.678Z',
      fixed: 5,
    });
    assert.deepEqual(out.redacted, out.params);
    assert.equal(out.secrets, null);
  });

  test('a parameter marked shell gets each placeholder quoted; the others are left as they are', () => {
    const r = rule({ cmd: 'echo {{ event.payload.name }}', note: 'echo {{ event.payload.name }}' });
    const out = renderActionParams(
      r,
      { payload: { name: "a b'c" } },
      pack,
      { cmd: { type: 'string', shell: true } },
      NOW,
    );
    assert.equal(out.params.cmd, "echo 'a b'\\''c'");
    assert.equal(out.params.note, "echo a b'c");
  });

  test('a parameter whose schema says shell: false is rendered as plain text', () => {
    const r = rule({ cmd: 'echo {{ event.payload.name }}' });
    const out = renderActionParams(
      r,
      { payload: { name: 'a b' } },
      pack,
      { cmd: { type: 'string', shell: false } },
      NOW,
    );
    assert.equal(out.params.cmd, 'echo a b');
  });

  test('an evaluation error in any parameter is thrown to the caller, explained by the parameter it is in', () => {
    const r = rule({ ok: '{{ 1 }}', bad: '{{ 1 + "a" }}' });
    assert.throws(
      () => renderActionParams(r, {}, pack, {}, NOW),
      (err: unknown) =>
        err instanceof ActionParamsError &&
        err.message === 'Cannot apply "+" to number and string' &&
        err.explanation?.failures[0]?.param === 'bad',
    );
  });

  test('a value carrying a pack secret is stored as *** and sealed, while the action gets it', () => {
    const r = rule({ auth: 'Bearer {{ pack.config.token }}', url: '{{ pack.config.base_url }}' });
    const out = renderActionParams(r, {}, pack, {}, NOW);
    assert.deepEqual(out.params, { auth: 'Bearer tok-12345', url: 'https://example.test' });
    assert.deepEqual(out.redacted, { auth: '***', url: 'https://example.test' });
    assert.deepEqual(out.secrets, { auth: 'Bearer tok-12345' });
  });
});

describe('splitting rendered params for storage', () => {
  test('fields the schema marks secret are sealed whatever their value', () => {
    const out = splitForStorage(
      { password: 'pw', user: 'ann' },
      { password: { type: 'string', secret: true } },
      [],
    );
    assert.deepEqual(out.redacted, { password: '***', user: 'ann' });
    assert.deepEqual(out.secrets, { password: 'pw' });
    assert.deepEqual(out.params, { password: 'pw', user: 'ann' });
  });

  test('a field marked secret: false is stored as it is', () => {
    const out = splitForStorage({ password: 'pw' }, { password: { type: 'string', secret: false } }, [
      'other-secret',
    ]);
    assert.deepEqual(out.redacted, { password: 'pw' });
    assert.equal(out.secrets, null);
  });

  test('a secret anywhere inside a nested value seals the whole parameter', () => {
    const params = { body: { items: [{ key: 'x-tok-12345-y' }] }, other: ['tok-1234'] };
    const out = splitForStorage(params, {}, ['tok-12345']);
    assert.deepEqual(out.redacted, { body: '***', other: ['tok-1234'] });
    assert.deepEqual(out.secrets, { body: { items: [{ key: 'x-tok-12345-y' }] } });
  });

  test('any one of several secrets is enough, and several fields are sealed together', () => {
    const out = splitForStorage({ a: 'has second-secret', b: 'first-secret', c: 'clean' }, {}, [
      'first-secret',
      'second-secret',
    ]);
    assert.deepEqual(out.redacted, { a: '***', b: '***', c: 'clean' });
    assert.deepEqual(out.secrets, { a: 'has second-secret', b: 'first-secret' });
  });

  test('with no secrets and no secret fields nothing is sealed', () => {
    const out = splitForStorage({ a: 'x', b: 2 }, {}, []);
    assert.deepEqual(out.redacted, { a: 'x', b: 2 });
    assert.equal(out.secrets, null);
  });
});
