/** health.*, engine.*, packs.*, actions.* channels: the engine and what is installed. */
import { DEFAULT_WEBHOOK_CONFIG } from '../model/entities.ts';
import { notFound } from '../model/errors.ts';
import { getAction, getPack, listActions, listPacks } from '../store/index.ts';
import type { Handlers } from './handler-types.ts';
import { pageOf } from './paging.ts';

export const catalogHandlers = {
  'health.get': (_a, { engine }) => ({
    status: 'ok' as const,
    version: engine.version,
    // Attune's field; a store that cannot be read makes the request fail before this.
    database: 'connected',
    uptime_seconds: Math.round((engine.clock.now() - engine.startedAt) / 1000),
  }),
  'engine.get': (_a, { engine, publicUrl }) => ({
    version: engine.version,
    data_dir: engine.dataDir,
    default_timezone: engine.defaultTimezone,
    api_url: publicUrl ? `${publicUrl}/api/v1` : null,
    started_at: new Date(engine.startedAt).toISOString(),
    webhook_defaults: { ...DEFAULT_WEBHOOK_CONFIG },
    timers: engine.timerPause(),
  }),
  'packs.list': (a, { engine }) => pageOf(listPacks(engine.store.read), a.page, a.page_size),
  'packs.get': (a, { engine }) => {
    const p = getPack(engine.store.read, a.ref);
    if (!p) throw notFound('pack', a.ref);
    return p;
  },
  'actions.list': (a, { engine }) => pageOf(listActions(engine.store.read, a.pack_ref), a.page, a.page_size),
  'actions.update': (a, { engine }) => engine.updateAction(a.ref, a.patch),
  'actions.get': (a, { engine }) => {
    const x = getAction(engine.store.read, a.ref);
    if (!x) throw notFound('action', a.ref);
    return x;
  },
} satisfies Partial<Handlers>;
