/** Custom triggers and their webhook settings (docs/api.md, "Webhooks"). */
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { TriggerCreateInput, TriggerPatch, WebhookEnableInput } from '../contract/channels.ts';
import type { Trigger } from '../model/entities.ts';
import { AttuneError, notFound } from '../model/errors.ts';
import { normalizeParamSchema } from '../model/param-schema.ts';
import { packOf, qualifyRef, USER_PACK, userEntityRef } from '../model/refs.ts';
import type { Clock } from '../schedule/clock.ts';
import { isTimerTrigger } from '../schedule/index.ts';
import type { Vault } from '../secrets/vault.ts';
import { DEFAULT_WEBHOOK_CONFIG, getPack, getTrigger, type Store, upsertTrigger } from '../store/index.ts';
import type { ChangeFeed } from './ports.ts';

export interface TriggerServiceDeps {
  store: Store;
  vault: Vault;
  notifier: ChangeFeed;
  clock: Clock;
}

/** Key-store ref of a webhook trigger's HMAC secret. */
export function webhookSecretRef(triggerRef: string): string {
  return `${triggerRef}.webhook.hmac_secret`;
}

export class TriggerService {
  constructor(private readonly d: TriggerServiceDeps) {}

  get(ref: string): Trigger {
    const t = getTrigger(this.d.store.read, qualifyRef(ref, USER_PACK));
    if (!t) throw notFound('trigger', ref);
    return t;
  }

  create(input: z.output<typeof TriggerCreateInput>): Trigger {
    const ref = userEntityRef(input.ref, 'ref');
    const packRef = packOf(ref);
    const created = this.d.store.transaction((w) => {
      if (!getPack(w, packRef)) {
        throw new AttuneError('VALIDATION_ERROR', `ref: pack "${packRef}" is not installed`, {
          field: 'ref',
        });
      }
      if (getTrigger(w, ref))
        throw new AttuneError('CONFLICT', `trigger "${ref}" already exists`, { field: 'ref' });
      return upsertTrigger(
        w,
        {
          ref,
          pack_ref: packRef,
          label: input.label ?? ref.slice(ref.indexOf('.') + 1),
          description: input.description ?? '',
          param_schema: normalizeParamSchema(input.param_schema, 'param_schema'),
          out_schema: normalizeParamSchema(input.out_schema, 'out_schema'),
          enabled: input.enabled ?? true,
          webhook_enabled: false,
          webhook_key: null,
          webhook_config: DEFAULT_WEBHOOK_CONFIG,
        },
        this.d.clock.now(),
      );
    });
    this.d.notifier.publish('trigger_changed', 'trigger', ref, { change: 'created' });
    return created;
  }

  /** Enables the webhook, keeping an existing key (so URLs handed out stay valid). */
  enableWebhook(input: z.output<typeof WebhookEnableInput>): Trigger {
    const current = this.get(input.ref);
    if (isTimerTrigger(current.ref)) {
      throw new AttuneError(
        'VALIDATION_ERROR',
        `ref: timer trigger "${current.ref}" cannot receive webhooks`,
        {
          field: 'ref',
        },
      );
    }
    const now = this.d.clock.now();
    const updated = this.d.store.transaction((w) => {
      let hmacRef = current.webhook_config.hmac_secret_ref;
      if (input.hmac_secret === null) {
        // Only the entry this service writes is its to delete; a ref a pack file named is not.
        if (hmacRef === webhookSecretRef(current.ref)) this.d.vault.deleteSecret(w, hmacRef);
        hmacRef = null;
      } else if (input.hmac_secret !== undefined) {
        hmacRef = webhookSecretRef(current.ref);
        this.d.vault.putSecret(w, hmacRef, input.hmac_secret, 'system', current.ref, now);
      }
      return upsertTrigger(
        w,
        {
          ...current,
          webhook_enabled: true,
          webhook_key: current.webhook_key ?? crypto.randomBytes(24).toString('base64url'),
          webhook_config: {
            hmac_secret_ref: hmacRef,
            max_body_bytes: input.max_body_bytes ?? current.webhook_config.max_body_bytes,
            rate_limit_per_minute:
              input.rate_limit_per_minute ?? current.webhook_config.rate_limit_per_minute,
          },
        },
        now,
      );
    });
    this.d.notifier.publish('trigger_changed', 'trigger', updated.ref, { change: 'webhook_enabled' });
    return updated;
  }

  /**
   * Attune's update: a field left out or null stays as it is; `description` also takes
   * `{op: "clear"}`. Schemas are normalised as on create.
   */
  update(ref: string, patch: TriggerPatch): Trigger {
    const current = this.get(ref);
    const description = patch.description;
    const next: Trigger = {
      ...current,
      label: patch.label ?? current.label,
      description:
        description === undefined || description === null
          ? current.description
          : typeof description === 'string'
            ? description
            : description.op === 'set'
              ? description.value
              : '',
      param_schema:
        patch.param_schema == null
          ? current.param_schema
          : normalizeParamSchema(patch.param_schema, 'param_schema'),
      out_schema:
        patch.out_schema == null ? current.out_schema : normalizeParamSchema(patch.out_schema, 'out_schema'),
      enabled: patch.enabled ?? current.enabled,
    };
    const updated = this.d.store.transaction((w) => upsertTrigger(w, next, this.d.clock.now()));
    this.d.notifier.publish('trigger_changed', 'trigger', updated.ref, { change: 'updated' });
    return updated;
  }

  /** A new webhook key: the old URL stops working at once (Attune's regenerate). */
  regenerateWebhook(ref: string): Trigger {
    const current = this.get(ref);
    if (!current.webhook_enabled) {
      throw new AttuneError('BAD_REQUEST', `trigger "${current.ref}" has no webhook enabled`, {
        field: 'ref',
      });
    }
    const updated = this.d.store.transaction((w) =>
      upsertTrigger(
        w,
        { ...current, webhook_key: crypto.randomBytes(24).toString('base64url') },
        this.d.clock.now(),
      ),
    );
    this.d.notifier.publish('trigger_changed', 'trigger', updated.ref, { change: 'webhook_regenerated' });
    return updated;
  }

  disableWebhook(ref: string): Trigger {
    const current = this.get(ref);
    const updated = this.d.store.transaction((w) =>
      upsertTrigger(w, { ...current, webhook_enabled: false }, this.d.clock.now()),
    );
    this.d.notifier.publish('trigger_changed', 'trigger', updated.ref, { change: 'webhook_disabled' });
    return updated;
  }
}
