/**
 * REST under /api/v1 (Attune's shapes): each route is a channel plus where its input comes from
 * (path, query or body). Lists answer `{items, pagination}`, single objects `{data}`. This is the
 * one table of channel → method and path: the HTTP server registers it (core/host/http-server.ts,
 * core/host/pack-routes.ts) and the CLI's client reads it backwards (core/host/api-client.ts).
 */
import type { ChannelName } from '../contract/channels.ts';

/**
 * Where a route's channel input comes from. Path parameters (`:ref`, `:id`) are fields of the
 * input; `query` and `body` take the remaining fields from the query string or the JSON body;
 * `params+patch` puts the whole body under `patch`. A route reads nothing it does not name.
 */
export type RestInput = 'none' | 'params' | 'query' | 'body' | 'params+body' | 'params+patch';

export interface RestRequestParts {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  channel: ChannelName;
  input: RestInput;
  /** HTTP status on success (default 200). */
  status?: number;
  /** List channels are answered as they are, without the `{data}` wrapper. */
  list?: boolean;
}

const bodyObject = (r: RestRequestParts) => (r.body && typeof r.body === 'object' ? r.body : {});

/** The channel input a request carries, as its route says. */
export function routeInput(route: RestRoute, r: RestRequestParts): unknown {
  switch (route.input) {
    case 'none':
      return {};
    case 'params':
      return r.params;
    case 'query':
      return r.query;
    case 'body':
      return bodyObject(r);
    case 'params+body':
      return { ...(bodyObject(r) as object), ...r.params };
    case 'params+patch':
      return { ...r.params, patch: bodyObject(r) };
  }
}

export const REST_ROUTES = [
  { method: 'GET', url: '/api/v1/health', channel: 'health.get', input: 'none' },
  { method: 'GET', url: '/api/v1/engine', channel: 'engine.get', input: 'none' },
  { method: 'GET', url: '/api/v1/packs', channel: 'packs.list', input: 'query', list: true },
  { method: 'GET', url: '/api/v1/packs/:ref', channel: 'packs.get', input: 'params' },
  // Import, upload and export need multipart and binary bodies: PACK_ROUTES below.
  { method: 'POST', url: '/api/v1/packs/:ref/reload', channel: 'packs.reload', input: 'params' },
  { method: 'DELETE', url: '/api/v1/packs/:ref', channel: 'packs.delete', input: 'params' },
  { method: 'GET', url: '/api/v1/triggers', channel: 'triggers.list', input: 'query', list: true },
  { method: 'POST', url: '/api/v1/triggers', channel: 'triggers.create', input: 'body', status: 201 },
  { method: 'GET', url: '/api/v1/triggers/:ref', channel: 'triggers.get', input: 'params' },
  {
    method: 'POST',
    url: '/api/v1/triggers/:ref/webhooks/enable',
    channel: 'triggers.enableWebhook',
    input: 'params+body',
  },
  {
    method: 'POST',
    url: '/api/v1/triggers/:ref/webhooks/disable',
    channel: 'triggers.disableWebhook',
    input: 'params',
  },
  { method: 'GET', url: '/api/v1/actions', channel: 'actions.list', input: 'query', list: true },
  { method: 'GET', url: '/api/v1/actions/:ref', channel: 'actions.get', input: 'params' },
  { method: 'GET', url: '/api/v1/rules', channel: 'rules.list', input: 'query', list: true },
  { method: 'POST', url: '/api/v1/rules', channel: 'rules.create', input: 'body', status: 201 },
  { method: 'GET', url: '/api/v1/rules/:ref', channel: 'rules.get', input: 'params' },
  { method: 'PUT', url: '/api/v1/rules/:ref', channel: 'rules.update', input: 'params+patch' },
  { method: 'DELETE', url: '/api/v1/rules/:ref', channel: 'rules.delete', input: 'params' },
  { method: 'POST', url: '/api/v1/rules/:ref/test', channel: 'rules.test', input: 'params+body' },
  { method: 'POST', url: '/api/v1/rules/:ref/run', channel: 'rules.run', input: 'params+body' },
  { method: 'POST', url: '/api/v1/rules/try', channel: 'rules.try', input: 'body' },
  { method: 'GET', url: '/api/v1/events', channel: 'events.list', input: 'query', list: true },
  { method: 'GET', url: '/api/v1/events/:id', channel: 'events.get', input: 'params' },
  { method: 'GET', url: '/api/v1/enforcements', channel: 'enforcements.list', input: 'query', list: true },
  { method: 'GET', url: '/api/v1/enforcements/:id', channel: 'enforcements.get', input: 'params' },
  { method: 'GET', url: '/api/v1/executions', channel: 'executions.list', input: 'query', list: true },
  {
    method: 'POST',
    url: '/api/v1/executions/execute',
    channel: 'executions.execute',
    input: 'body',
    status: 201,
  },
  { method: 'GET', url: '/api/v1/executions/:id', channel: 'executions.get', input: 'params' },
  { method: 'POST', url: '/api/v1/executions/:id/cancel', channel: 'executions.cancel', input: 'params' },
  { method: 'GET', url: '/api/v1/webhook-attempts', channel: 'webhooks.attempts', input: 'query' },
  { method: 'GET', url: '/api/v1/schedule/preview', channel: 'schedule.preview', input: 'query' },
  { method: 'GET', url: '/api/v1/stats/activity', channel: 'stats.activity', input: 'query' },
  // Alerts, re-run and the timer pause (docs/alerts.md, docs/timers.md).
  { method: 'GET', url: '/api/v1/alerts', channel: 'alerts.list', input: 'query', list: true },
  { method: 'GET', url: '/api/v1/alerts/:id', channel: 'alerts.get', input: 'params' },
  { method: 'POST', url: '/api/v1/alerts/:id/dismiss', channel: 'alerts.dismiss', input: 'params' },
  { method: 'GET', url: '/api/v1/alert-config', channel: 'alerts.getConfig', input: 'query' },
  { method: 'PUT', url: '/api/v1/alert-config', channel: 'alerts.setConfig', input: 'body' },
  {
    method: 'POST',
    url: '/api/v1/executions/:id/rerun',
    channel: 'executions.rerun',
    input: 'params',
    status: 201,
  },
  { method: 'POST', url: '/api/v1/timers/pause', channel: 'timers.pause', input: 'none' },
  { method: 'POST', url: '/api/v1/timers/resume', channel: 'timers.resume', input: 'none' },
] as const satisfies readonly RestRoute[];

/**
 * The pack routes that also take a multipart upload or answer bytes: registered by
 * core/host/pack-routes.ts, not by the generic loop. Their JSON form follows the same rules.
 */
export const PACK_ROUTES = {
  import: {
    method: 'POST',
    url: '/api/v1/packs/import',
    channel: 'packs.import',
    input: 'body',
    status: 201,
  },
  /** Attune's name for an import. */
  upload: {
    method: 'POST',
    url: '/api/v1/packs/upload',
    channel: 'packs.import',
    input: 'body',
    status: 201,
  },
  validate: { method: 'POST', url: '/api/v1/packs/validate', channel: 'packs.validate', input: 'body' },
  export: { method: 'POST', url: '/api/v1/packs/export', channel: 'packs.export', input: 'body' },
} as const satisfies Record<string, RestRoute>;

/** Every channel the REST API serves, each with its one route. */
export const CHANNEL_ROUTES = [
  ...REST_ROUTES,
  PACK_ROUTES.import,
  PACK_ROUTES.validate,
  PACK_ROUTES.export,
] as const satisfies readonly RestRoute[];

/** A channel served over REST. */
export type RestChannel = (typeof CHANNEL_ROUTES)[number]['channel'];
