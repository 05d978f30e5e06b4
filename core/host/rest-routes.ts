/**
 * REST under /api/v1 (Attune's shapes): each route is a channel plus where its input comes from
 * (path, query or body). Lists answer `{items, pagination}`, single objects `{data}`. This is the
 * one table of channel → method and path: the HTTP server registers it (core/host/http-server.ts,
 * core/host/pack-routes.ts) and the CLI's client reads it backwards (core/host/api-client.ts).
 */
import type { ChannelName } from '../contract/channels.ts';

/**
 * Where a route's channel input comes from. Path parameters (`:ref`, `:id`) are fields of the
 * input; `query` and `body` take the remaining fields from the query string or the JSON body
 * (`params+query`: path parameters and the query string);
 * `params+patch` puts the whole body under `patch`. A route reads nothing it does not name.
 */
export type RestInput =
  | 'none'
  | 'params'
  | 'query'
  | 'params+query'
  | 'body'
  | 'params+body'
  | 'params+patch';

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
  /**
   * `params+patch` and `params+body`: body fields whose `null` means "leave as it is" (Attune's
   * update requests always send them), dropped before the channel sees the input.
   */
  nullKeeps?: readonly string[];
  /** Input fields the route fixes (e.g. `/rules/enabled` is `rules.list` with `enabled=true`). */
  fixed?: Readonly<Record<string, string>>;
  /** Answered as it is too: an answer that is not an entity (Attune's `SuccessResponse`). */
  bare?: boolean;
}

const bodyObject = (r: RestRequestParts) => (r.body && typeof r.body === 'object' ? r.body : {});

/** Attune names the page size `per_page` on some lists and `page_size` on others: both work. */
function pagedQuery(query: Record<string, unknown>): Record<string, unknown> {
  if (!('per_page' in query)) return query;
  const { per_page, ...rest } = query;
  return 'page_size' in rest ? query : { ...rest, page_size: per_page };
}

function withoutNulls(body: object, keys: readonly string[] | undefined): object {
  if (!keys) return body;
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => !(v === null && keys.includes(k))));
}

/** The channel input a request carries, as its route says. */
export function routeInput(route: RestRoute, r: RestRequestParts): unknown {
  const input = rawInput(route, r);
  return route.fixed ? { ...(input as object), ...route.fixed } : input;
}

function rawInput(route: RestRoute, r: RestRequestParts): unknown {
  switch (route.input) {
    case 'none':
      return {};
    case 'params':
      return r.params;
    case 'query':
      return pagedQuery(r.query);
    case 'params+query':
      return { ...pagedQuery(r.query), ...r.params };
    case 'body':
      return bodyObject(r);
    case 'params+body':
      return { ...withoutNulls(bodyObject(r), route.nullKeeps), ...r.params };
    case 'params+patch':
      return { ...r.params, patch: withoutNulls(bodyObject(r), route.nullKeeps) };
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
  {
    method: 'PUT',
    url: '/api/v1/rules/:ref',
    channel: 'rules.update',
    input: 'params+patch',
    // Attune's UpdateRuleRequest: null means unchanged (its client always sends the three JSON
    // fields). Our own `retry: null` and `misfire: null` still clear those.
    nullKeeps: [
      'conditions',
      'action_params',
      'trigger_params',
      'label',
      'description',
      'enabled',
      'trigger_ref',
      'action_ref',
      'permission_set_refs',
    ],
  },
  { method: 'DELETE', url: '/api/v1/rules/:ref', channel: 'rules.delete', input: 'params' },
  { method: 'POST', url: '/api/v1/rules/:ref/test', channel: 'rules.test', input: 'params+body' },
  { method: 'POST', url: '/api/v1/rules/:ref/run', channel: 'rules.run', input: 'params+body' },
  { method: 'POST', url: '/api/v1/rules/try', channel: 'rules.try', input: 'body' },
  { method: 'POST', url: '/api/v1/rules/:ref/replay', channel: 'rules.replay', input: 'params+body' },
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
  // Sensors (docs/sensors.md), in Attune's shape, plus restart and logs.
  { method: 'GET', url: '/api/v1/sensors', channel: 'sensors.list', input: 'query', list: true },
  { method: 'POST', url: '/api/v1/sensors', channel: 'sensors.create', input: 'body', status: 201 },
  {
    method: 'GET',
    url: '/api/v1/sensors/enabled',
    channel: 'sensors.listEnabled',
    input: 'query',
    list: true,
  },
  { method: 'GET', url: '/api/v1/sensors/:ref', channel: 'sensors.get', input: 'params' },
  {
    method: 'PUT',
    url: '/api/v1/sensors/:ref',
    channel: 'sensors.update',
    input: 'params+patch',
    // Attune's UpdateSensorRequest: null means unchanged.
    nullKeeps: [
      'label',
      'description',
      'entrypoint',
      'param_schema',
      'enabled',
      'config',
      'runner_type',
      'runtime',
      'trigger_types',
      'worker_selector',
      'worker_tolerations',
      'worker_affinity',
      'artifact_retention_policy',
      'artifact_retention_limit',
      'log_retention_policy',
      'log_retention_limit',
    ],
  },
  { method: 'DELETE', url: '/api/v1/sensors/:ref', channel: 'sensors.delete', input: 'params' },
  { method: 'POST', url: '/api/v1/sensors/:ref/enable', channel: 'sensors.enable', input: 'params' },
  { method: 'POST', url: '/api/v1/sensors/:ref/disable', channel: 'sensors.disable', input: 'params' },
  { method: 'POST', url: '/api/v1/sensors/:ref/restart', channel: 'sensors.restart', input: 'params' },
  { method: 'GET', url: '/api/v1/sensors/:ref/logs', channel: 'sensors.logs', input: 'params+query' },
  {
    method: 'GET',
    url: '/api/v1/packs/:ref/sensors',
    channel: 'sensors.listByPack',
    input: 'params+query',
    list: true,
  },
  {
    method: 'GET',
    url: '/api/v1/triggers/:ref/sensors',
    channel: 'sensors.listByTrigger',
    input: 'params+query',
    list: true,
  },
  { method: 'POST', url: '/api/v1/events', channel: 'events.create', input: 'body', status: 201 },

  // Attune's lifecycle routes (docs/attune-compat.md).
  { method: 'POST', url: '/api/v1/rules/:ref/enable', channel: 'rules.enable', input: 'params' },
  { method: 'POST', url: '/api/v1/rules/:ref/disable', channel: 'rules.disable', input: 'params' },
  { method: 'PUT', url: '/api/v1/triggers/:ref', channel: 'triggers.update', input: 'params+patch' },
  { method: 'PUT', url: '/api/v1/actions/:ref', channel: 'actions.update', input: 'params+patch' },
  { method: 'POST', url: '/api/v1/triggers/:ref/enable', channel: 'triggers.enable', input: 'params' },
  { method: 'POST', url: '/api/v1/triggers/:ref/disable', channel: 'triggers.disable', input: 'params' },
  {
    method: 'POST',
    url: '/api/v1/triggers/:ref/webhooks/regenerate',
    channel: 'triggers.regenerateWebhook',
    input: 'params',
  },

  // The key/value store, as Attune's /api/v1/keys (docs/concepts.md, "Keys and secrets").
  { method: 'GET', url: '/api/v1/keys', channel: 'keys.list', input: 'query', list: true },
  { method: 'POST', url: '/api/v1/keys', channel: 'keys.create', input: 'body', status: 201 },
  { method: 'GET', url: '/api/v1/keys/:ref', channel: 'keys.get', input: 'params+query' },
  {
    method: 'PUT',
    url: '/api/v1/keys/:ref',
    channel: 'keys.update',
    input: 'params+body',
    // Attune's UpdateKeyRequest: each field is optional, and null leaves it as it is.
    nullKeeps: ['name', 'value', 'encrypted'],
  },
  { method: 'DELETE', url: '/api/v1/keys/:ref', channel: 'keys.delete', input: 'params', bare: true },

  // Retention: Attune's route for the config, ours for its status and a pass on demand.
  { method: 'GET', url: '/api/v1/retention-config', channel: 'retention.get', input: 'none' },
  { method: 'PUT', url: '/api/v1/retention-config', channel: 'retention.set', input: 'body' },
  { method: 'GET', url: '/api/v1/retention-config/status', channel: 'retention.status', input: 'none' },
  { method: 'POST', url: '/api/v1/retention-config/run', channel: 'retention.run', input: 'none' },

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
 * Attune's other paths to channels that already have a route above: the HTTP server registers
 * them too; the CLI's client never uses them (each channel's own route is the one above).
 */
export const ATTUNE_ALIAS_ROUTES = [
  {
    method: 'GET',
    url: '/api/v1/packs/:pack_ref/rules',
    channel: 'rules.list',
    input: 'params+query',
    list: true,
  },
  {
    method: 'GET',
    url: '/api/v1/packs/:pack_ref/actions',
    channel: 'actions.list',
    input: 'params+query',
    list: true,
  },
  {
    method: 'GET',
    url: '/api/v1/packs/:pack_ref/triggers',
    channel: 'triggers.list',
    input: 'params+query',
    list: true,
  },
  {
    method: 'GET',
    url: '/api/v1/triggers/:trigger_ref/rules',
    channel: 'rules.list',
    input: 'params+query',
    list: true,
  },
  {
    method: 'GET',
    url: '/api/v1/actions/:action_ref/rules',
    channel: 'rules.list',
    input: 'params+query',
    list: true,
  },
  {
    method: 'GET',
    url: '/api/v1/rules/enabled',
    channel: 'rules.list',
    input: 'query',
    list: true,
    fixed: { enabled: 'true' },
  },
  {
    method: 'GET',
    url: '/api/v1/triggers/enabled',
    channel: 'triggers.list',
    input: 'query',
    list: true,
    fixed: { enabled: 'true' },
  },
  {
    method: 'GET',
    url: '/api/v1/executions/status/:status',
    channel: 'executions.list',
    input: 'params+query',
    list: true,
  },
  {
    method: 'GET',
    url: '/api/v1/executions/enforcement/:enforcement',
    channel: 'executions.list',
    input: 'params+query',
    list: true,
  },
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
