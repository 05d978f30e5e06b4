/** triggers.* and webhooks.* channels. */
import { getTrigger, listTriggers, listWebhookAttempts } from '../store/index.ts';
import type { Handlers } from './handler-types.ts';
import { pageOf } from './paging.ts';

export const triggersHandlers = {
  'triggers.list': (a, { engine }) =>
    pageOf(listTriggers(engine.store.read, a.pack_ref), a.page, a.page_size),
  'triggers.get': (a, { engine }) => engine.triggers.get(a.ref),
  'triggers.create': (a, { engine }) => engine.triggers.create(a),
  'triggers.enableWebhook': (a, { engine, publicUrl }) => {
    const t = engine.triggers.enableWebhook(a);
    const key = t.webhook_key as string;
    const path = `/api/v1/webhooks/${key}`;
    return { webhook_key: key, url: publicUrl ? `${publicUrl}${path}` : path };
  },
  'triggers.disableWebhook': (a, { engine }) => engine.triggers.disableWebhook(a.ref),
  'webhooks.attempts': (a, { engine }) => {
    const ref = a.trigger_ref ? (getTrigger(engine.store.read, a.trigger_ref)?.ref ?? a.trigger_ref) : null;
    return { items: listWebhookAttempts(engine.store.read, ref, a.limit) };
  },
} satisfies Partial<Handlers>;
