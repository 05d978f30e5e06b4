/**
 * What a sensor process's token may do (docs/security.md, "Sensors"): emit events (the trigger in
 * the body is checked by the handler) and read its own sensor, its own triggers and the rules on
 * them. Everything else — managing rules, keys, other sensors, other packs' triggers, any other
 * route — is refused with a sentence naming the sensor and the route.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ScopedRequest,
  SensorTokens,
  scopeRefusal,
} from '../../../core/sensors/supervisor/sensor-tokens.ts';

const scope = { sensorRef: 'acme.watch', packRef: 'acme', triggerTypes: ['acme.tick', 'acme.tock'] };
const rules: Record<string, string> = { 'acme.on_tick': 'acme.tick', 'other.on_x': 'other.x' };
const ids: Record<string, Record<number, string>> = {
  trigger: { 1: 'acme.tick', 2: 'other.x' },
  rule: { 1: 'acme.on_tick', 2: 'other.on_x' },
};
const look = {
  ruleTrigger: (ref: string) => rules[ref] ?? null,
  refById: (kind: 'trigger' | 'rule', id: number) => ids[kind]?.[id] ?? null,
};
const req = (method: string, route: string, params = {}, query = {}): ScopedRequest => ({
  method,
  route,
  params,
  query,
});

test('a sensor token may emit and read its sensor, its triggers and the rules on them, by full ref or id', () => {
  for (const r of [
    req('POST', '/api/v1/events'),
    req('GET', '/api/v1/sensors/:ref', { ref: 'acme.watch' }),
    req('GET', '/api/v1/triggers/:ref', { ref: 'acme.tock' }),
    req('GET', '/api/v1/triggers/:ref', { ref: '1' }),
    req('GET', '/api/v1/rules/:ref', { ref: 'acme.on_tick' }),
    req('GET', '/api/v1/rules/:ref', { ref: '1' }),
    req('GET', '/api/v1/rules', {}, { trigger_ref: 'acme.tick' }),
    req('GET', '/api/v1/rules', {}, { trigger_ref: '1' }),
    req('GET', '/api/v1/triggers/:trigger_ref/rules', { trigger_ref: 'acme.tick' }),
    req('GET', '/api/v1/triggers/:trigger_ref/rules', { trigger_ref: '1' }),
  ]) {
    assert.equal(scopeRefusal(scope, r, look), null, `${r.method} ${r.route} ${JSON.stringify(r.params)}`);
  }
});

test('a sensor token may not manage rules, read keys, other sensors, other triggers or their rules', () => {
  for (const r of [
    req('POST', '/api/v1/rules'),
    req('PUT', '/api/v1/rules/:ref', { ref: 'acme.on_tick' }),
    req('DELETE', '/api/v1/rules/:ref', { ref: 'acme.on_tick' }),
    req('GET', '/api/v1/rules'),
    req('GET', '/api/v1/rules', {}, { trigger_ref: 'other.x' }),
    req('GET', '/api/v1/rules/:ref', { ref: 'other.on_x' }),
    req('GET', '/api/v1/rules/:ref', { ref: 'acme.missing' }),
    req('GET', '/api/v1/keys'),
    req('GET', '/api/*', { '*': 'v1/keys/acme.secret' }),
    req('GET', '/api/v1/sensors/:ref', { ref: 'acme.other' }),
    // The handlers read a bare name as `local.<name>` and digits as an id: decided on that.
    req('GET', '/api/v1/sensors/:ref', { ref: 'watch' }),
    req('GET', '/api/v1/triggers/:ref', { ref: 'tick' }),
    req('GET', '/api/v1/triggers/:ref', { ref: '2' }),
    req('GET', '/api/v1/triggers/:ref', { ref: '3' }),
    req('GET', '/api/v1/rules/:ref', { ref: '2' }),
    req('GET', '/api/v1/rules', {}, { trigger_ref: '2' }),
    req('GET', '/api/v1/rules', {}, { trigger_ref: 'tick' }),
    req('GET', '/api/v1/rules', {}, { trigger_ref: ['acme.tick', 'other.x'] }),
    req('GET', '/api/v1/triggers/:trigger_ref/rules', { trigger_ref: 'other.x' }),
    req('GET', '/api/v1/triggers/:trigger_ref/rules', { trigger_ref: '2' }),
    req('GET', '/api/v1/triggers/:trigger_ref/rules', { trigger_ref: 'tick' }),
    req(
      'GET',
      '/api/v1/triggers/:trigger_ref/rules',
      { trigger_ref: 'other.x' },
      { trigger_ref: 'acme.tick' },
    ),
    req('GET', '/api/v1/sensors'),
    req('POST', '/api/v1/sensors/:ref/restart', { ref: 'acme.watch' }),
    req('GET', '/api/v1/triggers/:ref', { ref: 'other.x' }),
    req('POST', '/api/v1/executions/execute'),
    req('POST', '/api/v1/packs/import'),
    req('GET', '/api/v1/events'),
  ]) {
    const refusal = scopeRefusal(scope, r, look);
    assert.ok(refusal, `${r.method} ${r.route} ${JSON.stringify(r.params)} must be refused`);
    assert.match(refusal, new RegExp(`^the token of sensor acme\\.watch may not call ${r.method} `));
  }
});

test('tokens are fresh per issue, found only while live, and never stored as given', () => {
  const tokens = new SensorTokens();
  const a = tokens.issue(scope);
  const b = tokens.issue(scope);
  assert.notEqual(a, b);
  assert.ok(a.length > 40);
  assert.deepEqual(tokens.lookup(a), scope);
  assert.equal(tokens.lookup(`${a}x`), null);
  assert.equal(tokens.lookup(''), null);
  tokens.revoke(a);
  assert.equal(tokens.lookup(a), null);
  assert.deepEqual(tokens.lookup(b), scope);
  assert.equal(tokens.size, 1);
});

// A sensor of the user's own pack, `local`, whose refs the handlers also accept bare.
const local = { sensorRef: 'local.7', packRef: 'local', triggerTypes: ['local.tick', 'local.2fa'] };
const localRules: Record<string, string> = { 'local.on_tick': 'local.tick' };
const localIds: Record<string, Record<number, string>> = {
  trigger: { 12: 'local.tick' },
  rule: { 12: 'local.on_tick' },
};
const localLook = {
  ruleTrigger: (ref: string) => localRules[ref] ?? null,
  refById: (kind: 'trigger' | 'rule', id: number) => localIds[kind]?.[id] ?? null,
};

test('a bare name in a path is decided as the `local.<name>` the handler serves', () => {
  for (const r of [
    req('GET', '/api/v1/sensors/:ref', { ref: '7' }),
    req('GET', '/api/v1/triggers/:ref', { ref: 'tick' }),
    req('GET', '/api/v1/triggers/:ref', { ref: '2fa' }),
    req('GET', '/api/v1/rules/:ref', { ref: 'on_tick' }),
  ]) {
    assert.equal(scopeRefusal(local, r, localLook), null, `${r.route} ${JSON.stringify(r.params)}`);
  }
  // The same bare names are another pack's for a sensor outside `local`.
  for (const r of [
    req('GET', '/api/v1/sensors/:ref', { ref: 'watch' }),
    req('GET', '/api/v1/triggers/:ref', { ref: 'tick' }),
  ]) {
    assert.notEqual(scopeRefusal(scope, r, look), null);
  }
});

test('a sensor path is never read as an id: the sensor service has no ids, digits are a bare name', () => {
  // A look-up that would turn the digits into another sensor's ref, were they read as an id.
  const byId = { ...localLook, refById: () => 'local.8' };
  assert.equal(scopeRefusal(local, req('GET', '/api/v1/sensors/:ref', { ref: '7' }), byId), null);
  const other = { ...local, sensorRef: 'local.8' };
  assert.notEqual(scopeRefusal(other, req('GET', '/api/v1/sensors/:ref', { ref: '7' }), byId), null);
});

test('only digits alone are an id: several digits are one id, and refs with digits in them are refs', () => {
  assert.equal(scopeRefusal(local, req('GET', '/api/v1/triggers/:ref', { ref: '12' }), localLook), null);
  assert.equal(scopeRefusal(local, req('GET', '/api/v1/rules/:ref', { ref: '12' }), localLook), null);
  assert.equal(scopeRefusal(local, req('GET', '/api/v1/rules', {}, { trigger_ref: '12' }), localLook), null);
  assert.equal(
    scopeRefusal(local, req('GET', '/api/v1/triggers/:ref', { ref: 'local.2fa' }), localLook),
    null,
  );
  const digitsLast = { ...scope, triggerTypes: ['acme.tick2'] };
  assert.equal(
    scopeRefusal(digitsLast, req('GET', '/api/v1/triggers/:ref', { ref: 'acme.tick2' }), look),
    null,
  );
  assert.equal(
    scopeRefusal(digitsLast, req('GET', '/api/v1/rules', {}, { trigger_ref: 'acme.tick2' }), look),
    null,
  );
});

test('the rule list filters on trigger_ref as given, so a bare name is refused even to a `local` sensor', () => {
  const refusal = scopeRefusal(local, req('GET', '/api/v1/rules', {}, { trigger_ref: 'tick' }), localLook);
  assert.notEqual(refusal, null);
  assert.equal(
    scopeRefusal(local, req('GET', '/api/v1/rules', {}, { trigger_ref: 'local.tick' }), localLook),
    null,
  );
  // Attune's alias of the list passes its path's trigger to the same filter.
  const alias = (trigger_ref: string) => req('GET', '/api/v1/triggers/:trigger_ref/rules', { trigger_ref });
  assert.notEqual(scopeRefusal(local, alias('tick'), localLook), null);
  assert.equal(scopeRefusal(local, alias('local.tick'), localLook), null);
});

test('a refusal names the sensor, the route, its text parameters (80 characters each) and what a sensor may do', () => {
  assert.equal(
    scopeRefusal(scope, req('GET', '/api/v1/keys'), look),
    'the token of sensor acme.watch may not call GET /api/v1/keys: a sensor may only emit events for its own triggers (acme.tick, acme.tock) and read its sensor, those triggers and their rules',
  );
  const long = 'x'.repeat(100);
  assert.equal(
    scopeRefusal(
      scope,
      req(
        'GET',
        '/api/v1/rules',
        { ref: 'other.on_x' },
        { trigger_ref: ['a', 'b'], page: '2', action_ref: long },
      ),
      look,
    ),
    `the token of sensor acme.watch may not call GET /api/v1/rules (ref=other.on_x, page=2, action_ref=${'x'.repeat(80)}): a sensor may only emit events for its own triggers (acme.tick, acme.tock) and read its sensor, those triggers and their rules`,
  );
});
