/** Triggers, webhooks and rules made through the REST API, as a test's starting point. */
import assert from 'node:assert/strict';
import type { TestHost } from '../../helpers/host.ts';

/**
 * A local trigger with its webhook enabled and no rate limit (these tests fill logs; the limit
 * has its own tests); returns the URL to POST payloads to.
 */
export async function webhookTrigger(host: TestHost, ref: string): Promise<string> {
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref })).status, 201);
  const r = await host.api<{ data: { url: string; webhook_key: string } }>(
    'POST',
    `/api/v1/triggers/local.${ref}/webhooks/enable`,
    { rate_limit_per_minute: 0 },
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return `${host.url}/api/v1/webhooks/${r.body.data.webhook_key}`;
}

/** Creates a rule (201 or the test fails with the answer). */
export async function createRule(host: TestHost, rule: Record<string, unknown>): Promise<void> {
  const r = await host.api('POST', '/api/v1/rules', rule);
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

/** Calls a webhook with `payload`; returns the event id. */
export async function callWebhook(url: string, payload: unknown): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload }),
  });
  const body = (await res.json()) as { data: { event_id: number } };
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.data.event_id;
}
