/**
 * One query key factory per resource, over the contract's channels (TanStack Query's
 * `queryOptions`): `all → lists → list(filters)` and `details → detail(id)`. Server data lives
 * in the query cache only; the notification router (./notification-router.ts) keeps it fresh
 * by these same keys, so nothing polls.
 */
import { queryOptions } from '@tanstack/react-query';
import type { ChannelInput, ChannelOutput } from '../../../../core/contract/channels.ts';
import type { RuleView } from '../../../../core/contract/entities.ts';
import { invoke } from './invoke.ts';

type Filters<C extends Parameters<typeof invoke>[0]> = Omit<ChannelInput<C>, 'page' | 'page_size'>;

/** The most pages a "whole list" query reads (100 items each). */
const MAX_PAGES = 50;

/** Reads every page of a list channel (rules, triggers, actions, packs: small lists). */
async function everyPage<T>(
  read: (page: number) => Promise<{ items: T[]; pagination: { has_next: boolean } }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await read(page);
    items.push(...r.items);
    if (!r.pagination.has_next) break;
  }
  return items;
}

export const healthQueries = {
  all: () => ['health'] as const,
  get: () => queryOptions({ queryKey: healthQueries.all(), queryFn: () => invoke('health.get', {}) }),
};

export const engineQueries = {
  all: () => ['engine'] as const,
  /** Data folder, default zone, API address (Settings). */
  info: () =>
    queryOptions({
      queryKey: engineQueries.all(),
      queryFn: () => invoke('engine.get', {}),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};

export const ruleQueries = {
  all: () => ['rules'] as const,
  lists: () => [...ruleQueries.all(), 'list'] as const,
  /** Every rule matching `filters` (all pages). */
  list: (filters: Filters<'rules.list'> = {}) =>
    queryOptions({
      queryKey: [...ruleQueries.lists(), filters] as const,
      queryFn: (): Promise<RuleView[]> =>
        everyPage((page) => invoke('rules.list', { ...filters, page, page_size: 100 })),
    }),
  details: () => [...ruleQueries.all(), 'detail'] as const,
  detail: (ref: string) =>
    queryOptions({
      queryKey: [...ruleQueries.details(), ref] as const,
      queryFn: () => invoke('rules.get', { ref }),
    }),
};

export const triggerQueries = {
  all: () => ['triggers'] as const,
  lists: () => [...triggerQueries.all(), 'list'] as const,
  list: (filters: Filters<'triggers.list'> = {}) =>
    queryOptions({
      queryKey: [...triggerQueries.lists(), filters] as const,
      queryFn: () => everyPage((page) => invoke('triggers.list', { ...filters, page, page_size: 100 })),
    }),
  details: () => [...triggerQueries.all(), 'detail'] as const,
  detail: (ref: string) =>
    queryOptions({
      queryKey: [...triggerQueries.details(), ref] as const,
      queryFn: () => invoke('triggers.get', { ref }),
    }),
  webhookAttempts: (triggerRef: string) =>
    queryOptions({
      queryKey: [...triggerQueries.all(), 'webhook-attempts', triggerRef] as const,
      queryFn: () => invoke('webhooks.attempts', { trigger_ref: triggerRef, limit: 100 }),
    }),
};

export const actionQueries = {
  all: () => ['actions'] as const,
  lists: () => [...actionQueries.all(), 'list'] as const,
  list: (filters: Filters<'actions.list'> = {}) =>
    queryOptions({
      queryKey: [...actionQueries.lists(), filters] as const,
      queryFn: () => everyPage((page) => invoke('actions.list', { ...filters, page, page_size: 100 })),
    }),
  details: () => [...actionQueries.all(), 'detail'] as const,
  detail: (ref: string) =>
    queryOptions({
      queryKey: [...actionQueries.details(), ref] as const,
      queryFn: () => invoke('actions.get', { ref }),
    }),
};

export const packQueries = {
  all: () => ['packs'] as const,
  lists: () => [...packQueries.all(), 'list'] as const,
  list: () =>
    queryOptions({
      queryKey: [...packQueries.lists()] as const,
      queryFn: () => everyPage((page) => invoke('packs.list', { page, page_size: 100 })),
    }),
  details: () => [...packQueries.all(), 'detail'] as const,
  detail: (ref: string) =>
    queryOptions({
      queryKey: [...packQueries.details(), ref] as const,
      queryFn: () => invoke('packs.get', { ref }),
    }),
};

export const eventQueries = {
  all: () => ['events'] as const,
  lists: () => [...eventQueries.all(), 'list'] as const,
  /** One page of events (the event log builds its infinite query on the same key prefix). */
  list: (input: ChannelInput<'events.list'> = {}) =>
    queryOptions({
      queryKey: [...eventQueries.lists(), input] as const,
      queryFn: () => invoke('events.list', input),
    }),
  details: () => [...eventQueries.all(), 'detail'] as const,
  detail: (id: number) =>
    queryOptions({
      queryKey: [...eventQueries.details(), id] as const,
      queryFn: () => invoke('events.get', { id }),
    }),
};

export const enforcementQueries = {
  all: () => ['enforcements'] as const,
  lists: () => [...enforcementQueries.all(), 'list'] as const,
  list: (input: ChannelInput<'enforcements.list'> = {}) =>
    queryOptions({
      queryKey: [...enforcementQueries.lists(), input] as const,
      queryFn: () => invoke('enforcements.list', input),
    }),
  details: () => [...enforcementQueries.all(), 'detail'] as const,
  detail: (id: number) =>
    queryOptions({
      queryKey: [...enforcementQueries.details(), id] as const,
      queryFn: () => invoke('enforcements.get', { id }),
    }),
};

/** Live output of a running execution, appended by the notification router. */
export interface ExecutionOutput {
  stdout: string;
  stderr: string;
}

export const executionQueries = {
  all: () => ['executions'] as const,
  lists: () => [...executionQueries.all(), 'list'] as const,
  list: (input: ChannelInput<'executions.list'> = {}) =>
    queryOptions({
      queryKey: [...executionQueries.lists(), input] as const,
      queryFn: () => invoke('executions.list', input),
    }),
  /** How many executions are running now (the status bar). */
  runningCount: () =>
    queryOptions({
      queryKey: [...executionQueries.lists(), { status: 'running', page_size: 1 }] as const,
      queryFn: () => invoke('executions.list', { status: 'running', page_size: 1 }),
      select: (r: ChannelOutput<'executions.list'>) => r.pagination.total_items,
    }),
  /** The latest execution of a rule (the rules list's "last status"). */
  lastOfRule: (ruleRef: string) =>
    queryOptions({
      queryKey: [...executionQueries.lists(), { rule_ref: ruleRef, page_size: 1 }] as const,
      queryFn: () => invoke('executions.list', { rule_ref: ruleRef, page_size: 1 }),
      select: (r: ChannelOutput<'executions.list'>) => r.items[0] ?? null,
    }),
  details: () => [...executionQueries.all(), 'detail'] as const,
  detail: (id: number) =>
    queryOptions({
      queryKey: [...executionQueries.details(), id] as const,
      queryFn: () => invoke('executions.get', { id }),
    }),
  output: (id: number) =>
    queryOptions({
      queryKey: [...executionQueries.all(), 'output', id] as const,
      queryFn: (): ExecutionOutput => ({ stdout: '', stderr: '' }),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};

export const scheduleQueries = {
  all: () => ['schedule'] as const,
  /** The next fires of timer params not saved yet (errors come back as ApiError with a field). */
  preview: (input: ChannelInput<'schedule.preview'>) =>
    queryOptions({
      queryKey: [...scheduleQueries.all(), 'preview', input] as const,
      queryFn: () => invoke('schedule.preview', input),
      retry: false,
    }),
};

export const statsQueries = {
  all: () => ['stats'] as const,
  /** Counts per bucket of a time range (the dashboard's chart and "since your last visit"). */
  activity: (input: ChannelInput<'stats.activity'>) =>
    queryOptions({
      queryKey: [...statsQueries.all(), 'activity', input] as const,
      queryFn: () => invoke('stats.activity', input),
    }),
};

/** Sensors with their live state (docs/sensors.md); `sensor_changed` keeps them fresh. */
export const sensorQueries = {
  all: () => ['sensors'] as const,
  lists: () => [...sensorQueries.all(), 'list'] as const,
  list: () =>
    queryOptions({
      queryKey: sensorQueries.lists(),
      queryFn: () => everyPage((page) => invoke('sensors.list', { page, page_size: 100 })),
    }),
  details: () => [...sensorQueries.all(), 'detail'] as const,
  detail: (ref: string) =>
    queryOptions({
      queryKey: [...sensorQueries.details(), ref] as const,
      queryFn: () => invoke('sensors.get', { ref }),
    }),
  logs: (ref: string) =>
    queryOptions({
      queryKey: [...sensorQueries.all(), 'logs', ref] as const,
      queryFn: () => invoke('sensors.logs', { ref, limit: 50 }),
    }),
};

/** The key store: lists carry no values; a revealed value is fetched on demand, never cached. */
export const keyQueries = {
  all: () => ['keys'] as const,
  lists: () => [...keyQueries.all(), 'list'] as const,
  list: () =>
    queryOptions({
      queryKey: [...keyQueries.lists()] as const,
      queryFn: () => everyPage((page) => invoke('keys.list', { page, per_page: 100 })),
    }),
};

export const alertQueries = {
  all: () => ['alerts'] as const,
  lists: () => [...alertQueries.all(), 'list'] as const,
  /** The open alerts (at most one per rule): the dashboard card and the status bar badge. */
  open: () =>
    queryOptions({
      queryKey: [...alertQueries.lists(), { status: 'open' }] as const,
      queryFn: () => invoke('alerts.list', { status: 'open', page_size: 100 }),
    }),
  configs: () => [...alertQueries.all(), 'config'] as const,
  /** A rule's alert settings (`ruleRef`), or the default. */
  config: (ruleRef?: string) =>
    queryOptions({
      queryKey: [...alertQueries.configs(), ruleRef ?? null] as const,
      queryFn: () => invoke('alerts.getConfig', ruleRef ? { rule_ref: ruleRef } : {}),
    }),
};
