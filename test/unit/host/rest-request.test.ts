/**
 * docs/api.md, "CLI" — the CLI is a client of the channels: one table maps each channel to its
 * method and path (core/host/rest-routes.ts); the client writes a channel input as a request, and
 * the host reads that request back as the same input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNEL_NAMES } from '../../../core/contract/channels.ts';
import type { Execution } from '../../../core/contract/entities.ts';
import { type ApiClient, restRequest } from '../../../core/host/api-client.ts';
import { CHANNEL_ROUTES, type RestRoute, routeInput } from '../../../core/host/rest-routes.ts';

/** What a router hands the route: path parameters decoded, the query as text. */
function receive(route: RestRoute, path: string, body: unknown) {
  const [pathname = '', qs = ''] = path.split('?');
  const names: string[] = [];
  const pattern = route.url.replace(/:([a-z_]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const m = new RegExp(`^${pattern}$`).exec(pathname);
  assert.ok(m, `${path} does not match ${route.url}`);
  const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
  const query = Object.fromEntries(new URLSearchParams(qs));
  return routeInput(route, { params, query, body });
}

/** A plausible input for each way a route reads one, with a ref that needs escaping. */
function sampleInput(route: RestRoute): Record<string, unknown> {
  const path: Record<string, unknown> = {};
  for (const m of route.url.matchAll(/:([a-z_]+)/g)) path[m[1] as string] = 'pack.a b/c';
  switch (route.input) {
    case 'none':
      return {};
    case 'params':
      return path;
    case 'query':
      return { page_size: '20', trigger_ref: 'local.t' };
    case 'body':
      return { ref: 'r', nested: { n: 1, list: [true, null] } };
    case 'params+body':
      return { ...path, payload: { msg: 'hi' } };
    case 'params+patch':
      return { ...path, patch: { enabled: false } };
    case 'params+query':
      return { ...path, decrypt: 'true' };
  }
}

test('every channel served over REST reads back on the host as the input the client sent', () => {
  for (const route of CHANNEL_ROUTES as readonly RestRoute[]) {
    const input = sampleInput(route);
    const req = restRequest(route, input);
    const body = req.body === undefined ? undefined : JSON.parse(JSON.stringify(req.body));
    assert.deepEqual(receive(route, req.path, body), input, `${route.method} ${route.url}`);
    if (route.method === 'GET' || route.method === 'DELETE') assert.equal(req.body, undefined, route.url);
  }
});

test('fields left undefined are not sent, and path parameters are escaped', () => {
  const route = CHANNEL_ROUTES.find((r) => r.channel === 'rules.list') as RestRoute;
  assert.deepEqual(restRequest(route, { page_size: 100, pack_ref: undefined }), {
    path: '/api/v1/rules?page_size=100',
    body: undefined,
  });
  const get = CHANNEL_ROUTES.find((r) => r.channel === 'rules.get') as RestRoute;
  assert.equal(restRequest(get, { ref: 'a/b?c' }).path, '/api/v1/rules/a%2Fb%3Fc');
});

test('each channel has at most one route in the table, and every name in it is a channel', () => {
  const names = CHANNEL_ROUTES.map((r) => r.channel);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.ok(CHANNEL_NAMES.includes(n), n);
});

test('a channel, input field or answer field the contract does not know fails to compile', () => {
  // Never called: the checks are the @ts-expect-error lines, enforced by the test typecheck.
  const misuse = async (client: ApiClient) => {
    // @ts-expect-error: there is no channel of that name
    await client.call('rules.gett', { ref: 'a' });
    // @ts-expect-error: rules.get takes `ref`
    await client.call('rules.get', { reff: 'a' });
    const exec: Execution = await client.call('executions.get', { id: 1 });
    // @ts-expect-error: an execution has `status`, not `state`
    return exec.state;
  };
  assert.equal(typeof misuse, 'function');
});
