/** triggers.* and webhooks.* channels. */

import type { Trigger } from '../model/entities.ts';
import { AttuneError } from '../model/errors.ts';
import { withPackRef } from '../model/refs.ts';
import { isTimerTrigger } from '../schedule/index.ts';
import { getTrigger, listTriggers, listWebhookAttempts } from '../store/index.ts';
import type { HandlerContext, Handlers } from './handler-types.ts';
import { pageOf } from './paging.ts';

/** The trigger with its webhook's full URL (Attune answers the trigger; ours adds `url`). */
function withUrl(t: Trigger, { publicUrl }: HandlerContext) {
  const key = t.webhook_key as string;
  const path = `/api/v1/webhooks/${key}`;
  return { ...t, webhook_key: key, url: publicUrl ? `${publicUrl}${path}` : path };
}

/** Timer triggers fire for their rules alone: disable those rules instead. */
function setEnabled(ctx: HandlerContext, ref: string, enabled: boolean): Trigger {
  const t = ctx.engine.triggers.get(ref);
  if (!enabled && isTimerTrigger(t.ref)) {
    throw new AttuneError(
      'VALIDATION_ERROR',
      `ref: timer trigger "${t.ref}" cannot be disabled; disable the rules that use it`,
      { field: 'ref' },
    );
  }
  return ctx.engine.triggers.update(t.ref, { enabled });
}

export const triggersHandlers = {
  'triggers.list': (a, { engine }) =>
    pageOf(
      listTriggers(engine.store.read, a.pack_ref).filter(
        (t) => a.enabled === undefined || t.enabled === a.enabled,
      ),
      a.page,
      a.page_size,
    ),
  'triggers.get': (a, { engine }) => engine.triggers.get(a.ref),
  'triggers.create': (a, { engine }) => {
    const { pack_ref, reference_visibility: _v, reference_allowed_pack_refs: _p, ...rest } = a;
    return engine.triggers.create({ ...rest, ref: withPackRef(a.ref, pack_ref) });
  },
  'triggers.update': (a, { engine }) => engine.triggers.update(a.ref, a.patch),
  'triggers.enable': (a, ctx) => setEnabled(ctx, a.ref, true),
  'triggers.disable': (a, ctx) => setEnabled(ctx, a.ref, false),
  'triggers.enableWebhook': (a, ctx) => withUrl(ctx.engine.triggers.enableWebhook(a), ctx),
  'triggers.regenerateWebhook': (a, ctx) => withUrl(ctx.engine.triggers.regenerateWebhook(a.ref), ctx),
  'triggers.disableWebhook': (a, { engine }) => engine.triggers.disableWebhook(a.ref),
  'webhooks.attempts': (a, { engine }) => {
    const ref = a.trigger_ref ? (getTrigger(engine.store.read, a.trigger_ref)?.ref ?? a.trigger_ref) : null;
    return { items: listWebhookAttempts(engine.store.read, ref, a.limit) };
  },
} satisfies Partial<Handlers>;
