/**
 * REST under /api/v1 (Attune's shapes): each route is a channel plus how its input is assembled
 * from path, query and body. Lists answer `{items, pagination}`, single objects `{data}`.
 */
import type { ChannelName } from '../contract/channels.ts';

export interface RestRequestParts {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  channel: ChannelName;
  input: (r: RestRequestParts) => unknown;
  /** HTTP status on success (default 200). */
  status?: number;
  /** List channels are answered as they are, without the `{data}` wrapper. */
  list?: boolean;
}

const body = (r: RestRequestParts) => (r.body && typeof r.body === 'object' ? r.body : {});
const query = (r: RestRequestParts) => r.query;
const withParams = (r: RestRequestParts) => ({ ...(body(r) as object), ...r.params });
const params = (r: RestRequestParts) => r.params;

export const REST_ROUTES: RestRoute[] = [
  { method: 'GET', url: '/api/v1/health', channel: 'health.get', input: () => ({}) },
  { method: 'GET', url: '/api/v1/engine', channel: 'engine.get', input: () => ({}) },
  { method: 'GET', url: '/api/v1/packs', channel: 'packs.list', input: query, list: true },
  { method: 'GET', url: '/api/v1/packs/:ref', channel: 'packs.get', input: params },
  // Import, upload and export need multipart and binary bodies: core/host/pack-routes.ts.
  { method: 'POST', url: '/api/v1/packs/:ref/reload', channel: 'packs.reload', input: params },
  { method: 'DELETE', url: '/api/v1/packs/:ref', channel: 'packs.delete', input: params },
  { method: 'GET', url: '/api/v1/triggers', channel: 'triggers.list', input: query, list: true },
  { method: 'POST', url: '/api/v1/triggers', channel: 'triggers.create', input: body, status: 201 },
  { method: 'GET', url: '/api/v1/triggers/:ref', channel: 'triggers.get', input: params },
  {
    method: 'POST',
    url: '/api/v1/triggers/:ref/webhooks/enable',
    channel: 'triggers.enableWebhook',
    input: withParams,
  },
  {
    method: 'POST',
    url: '/api/v1/triggers/:ref/webhooks/disable',
    channel: 'triggers.disableWebhook',
    input: params,
  },
  { method: 'GET', url: '/api/v1/actions', channel: 'actions.list', input: query, list: true },
  { method: 'GET', url: '/api/v1/actions/:ref', channel: 'actions.get', input: params },
  { method: 'GET', url: '/api/v1/rules', channel: 'rules.list', input: query, list: true },
  { method: 'POST', url: '/api/v1/rules', channel: 'rules.create', input: body, status: 201 },
  { method: 'GET', url: '/api/v1/rules/:ref', channel: 'rules.get', input: params },
  {
    method: 'PUT',
    url: '/api/v1/rules/:ref',
    channel: 'rules.update',
    input: (r) => ({ ref: r.params.ref, patch: body(r) }),
  },
  { method: 'DELETE', url: '/api/v1/rules/:ref', channel: 'rules.delete', input: params },
  { method: 'POST', url: '/api/v1/rules/:ref/test', channel: 'rules.test', input: withParams },
  { method: 'POST', url: '/api/v1/rules/:ref/run', channel: 'rules.run', input: withParams },
  { method: 'POST', url: '/api/v1/rules/try', channel: 'rules.try', input: body },
  { method: 'GET', url: '/api/v1/events', channel: 'events.list', input: query, list: true },
  { method: 'GET', url: '/api/v1/events/:id', channel: 'events.get', input: params },
  { method: 'GET', url: '/api/v1/enforcements', channel: 'enforcements.list', input: query, list: true },
  { method: 'GET', url: '/api/v1/enforcements/:id', channel: 'enforcements.get', input: params },
  { method: 'GET', url: '/api/v1/executions', channel: 'executions.list', input: query, list: true },
  {
    method: 'POST',
    url: '/api/v1/executions/execute',
    channel: 'executions.execute',
    input: body,
    status: 201,
  },
  { method: 'GET', url: '/api/v1/executions/:id', channel: 'executions.get', input: params },
  { method: 'POST', url: '/api/v1/executions/:id/cancel', channel: 'executions.cancel', input: params },
  { method: 'GET', url: '/api/v1/webhook-attempts', channel: 'webhooks.attempts', input: query },
  { method: 'GET', url: '/api/v1/schedule/preview', channel: 'schedule.preview', input: query },
  { method: 'GET', url: '/api/v1/stats/activity', channel: 'stats.activity', input: query },
];
