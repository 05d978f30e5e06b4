/**
 * docs/explain.md, "When an explanation is made" — a condition can be explained again on read
 * when it reads only the stored event and calls only functions whose result never changes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FUNCTION_NAMES, isReadStable, parseExpression } from '../../../core/expr/index.ts';

const stable = (source: string) => isReadStable(parseExpression(source));

test('a condition on the event alone, with any built-in function, can be explained again on read', () => {
  assert.equal(stable('event.payload.n % 2 == 0 and event.payload.kind == "order.shipped"'), true);
  assert.equal(
    stable('ends_with(lower(event.payload.email), "@x") or length(keys(event.payload)) > 3'),
    true,
  );
  assert.equal(stable('event.payload["a b"][0] in [1, 2, -event.payload.n] and not event.created'), true);
  assert.equal(stable('1 == 1'), true);
});

test('a condition naming any variable but the event cannot, wherever the name sits', () => {
  assert.equal(stable('keystore.limit > 2'), false);
  assert.equal(stable('event.payload.n > 10 and keystore.limit > 2'), false);
  assert.equal(stable('event.payload[config.field] == 1'), false);
  assert.equal(stable('length([event.payload.n, secrets.token]) == 2'), false);
  assert.equal(stable('not (now > event.created)'), false);
});

test('every built-in function is classed as one whose result never changes', () => {
  for (const name of FUNCTION_NAMES) {
    const tree = { type: 'call', name, args: [{ type: 'variable', name: 'event' }] } as const;
    assert.equal(isReadStable(tree), true, name);
  }
  const unknown = { type: 'call', name: 'now', args: [] } as unknown as Parameters<typeof isReadStable>[0];
  assert.equal(isReadStable(unknown), false);
});
