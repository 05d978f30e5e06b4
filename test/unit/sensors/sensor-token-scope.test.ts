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
