/**
 * The trigger node's form: pick any trigger (timers, webhook and local triggers, pack
 * triggers); timers get their own forms, webhook triggers show their URL and a curl example,
 * other triggers a form from their parameter schema.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { Trigger } from '../../../../../core/contract/entities.ts';
import { errorMessage, invoke } from '../../../common/api/invoke.ts';
import { triggerQueries } from '../../../common/api/queries.ts';
import { Button } from '../../../common/ui/button.tsx';
import { ModalDialog } from '../../../common/ui/dialog.tsx';
import { TextInput } from '../../../common/ui/fields.tsx';
import { localTimezone } from '../../../domain/cron-presets.ts';
import { paramFields, paramText, readParam } from '../../../domain/param-form.ts';
import {
  CRON_TIMER,
  describeTrigger,
  FILEWATCH_TRIGGER,
  INTERVAL_TIMER,
  ONE_SHOT_TIMER,
  SYSTEM_TRIGGER,
} from '../../../domain/trigger-summary.ts';
import { errorAt, useBuilderForm } from './form.ts';
import { FilewatchForm, SystemForm } from './sensor-forms.tsx';
import { CronForm, IntervalForm, OneShotForm } from './timer-forms.tsx';
import { WebhookInfo } from './webhook-info.tsx';

/** Params a newly picked trigger starts with. */
export function defaultTriggerParams(ref: string, trigger: Trigger | undefined): Record<string, unknown> {
  if (ref === INTERVAL_TIMER) return { interval: 5, unit: 'minutes' };
  if (ref === CRON_TIMER) return { expression: '30 7 * * 1-5', timezone: localTimezone() };
  if (ref === ONE_SHOT_TIMER) {
    const t = new Date(Date.now() + 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const fireAt = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T09:00`;
    return { fire_at: fireAt, timezone: localTimezone() };
  }
  if (ref === FILEWATCH_TRIGGER)
    return { path: '', glob: '*', events: ['add', 'change', 'unlink'], debounce_ms: 500, recursive: false };
  if (ref === SYSTEM_TRIGGER) return { event: 'engine_started' };
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(trigger?.param_schema ?? {}))
    if (s.default !== undefined) out[k] = s.default;
  return out;
}

function groupLabel(t: Trigger): string {
  if (t.pack_ref === 'core') return 'Timers, files, system and core';
  if (t.pack_ref === 'local') return 'Webhooks and local triggers';
  return `Pack ${t.pack_ref}`;
}

function TriggerParamsForm({ trigger }: { trigger: Trigger }) {
  const { control, setValue, formState } = useBuilderForm();
  const params = (useWatch({ control, name: 'triggerParams' }) ?? {}) as Record<string, unknown>;
  const fields = paramFields(trigger.param_schema);
  if (fields.length === 0) return null;
  return (
    <fieldset className="stack">
      <legend className="field-label">Trigger parameters</legend>
      {fields.map((f) => (
        <TextInput
          key={f.name}
          label={`${f.name}${f.required ? ' (required)' : ''}`}
          value={paramText(params[f.name])}
          description={f.description || undefined}
          onChange={(text) => {
            const r = readParam(f, text);
            setValue('triggerParams', { ...params, [f.name]: r?.ok ? r.value : text }, { shouldDirty: true });
          }}
          error={errorAt(formState.errors, `triggerParams.${f.name}`)}
        />
      ))}
    </fieldset>
  );
}

function NewWebhookTrigger({
  onCreated,
  onClose,
}: {
  onCreated: (ref: string) => void;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const create = useMutation({
    mutationFn: async () => {
      const t = await invoke('triggers.create', {
        ref: name.trim(),
        ...(label.trim() ? { label: label.trim() } : {}),
      });
      await invoke('triggers.enableWebhook', { ref: t.ref });
      return t.ref;
    },
    onSuccess: async (ref) => {
      await qc.invalidateQueries({ queryKey: triggerQueries.all() });
      onCreated(ref);
    },
  });
  return (
    <ModalDialog title="New webhook trigger" isOpen onOpenChange={(o) => !o && onClose()}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          // The dialog is portalled, but React still bubbles its submit to the builder's form.
          e.stopPropagation();
          create.mutate();
        }}
      >
        <p className="muted">
          A trigger of your own, called over HTTP: anything that can send a POST can fire it.
        </p>
        <TextInput
          label="Name"
          value={name}
          onChange={setName}
          placeholder="signup"
          autoFocus
          error={create.isError ? errorMessage(create.error) : undefined}
        />
        <TextInput label="Label" value={label} onChange={setLabel} placeholder="New signup" />
        <div className="dialog-actions">
          <Button onPress={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" isDisabled={create.isPending || !name.trim()}>
            Create trigger
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}

export function TriggerPanel({ triggers }: { triggers: readonly Trigger[] }) {
  const { control, setValue, formState } = useBuilderForm();
  const triggerRef = useWatch({ control, name: 'triggerRef' });
  const params = useWatch({ control, name: 'triggerParams' }) as Record<string, unknown>;
  const [creating, setCreating] = useState(false);
  const trigger = triggers.find((t) => t.ref === triggerRef);
  const pick = (ref: string) => {
    setValue('triggerRef', ref, { shouldDirty: true });
    setValue(
      'triggerParams',
      defaultTriggerParams(
        ref,
        triggers.find((t) => t.ref === ref),
      ),
      { shouldDirty: true },
    );
  };
  const groups = new Map<string, Trigger[]>();
  for (const t of triggers) groups.set(groupLabel(t), [...(groups.get(groupLabel(t)) ?? []), t]);
  const known = triggers.some((t) => t.ref === triggerRef);
  const error = errorAt(formState.errors, 'triggerRef');
  return (
    <div className="stack">
      <div className="row-fields">
        <div className="field grow">
          <label htmlFor="trigger-select" className="field-label">
            Trigger
          </label>
          <select
            id="trigger-select"
            className="input select"
            value={triggerRef}
            onChange={(e) => pick(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'trigger-select-error' : undefined}
          >
            {!known && <option value={triggerRef}>{triggerRef}</option>}
            {[...groups].map(([group, list]) => (
              <optgroup key={group} label={group}>
                {list.map((t) => (
                  <option key={t.ref} value={t.ref}>
                    {t.label && t.label !== t.ref ? `${t.label} (${t.ref})` : t.ref}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {error && (
            <span id="trigger-select-error" className="field-error">
              {error}
            </span>
          )}
        </div>
        <Button className="align-end" onPress={() => setCreating(true)}>
          New webhook trigger…
        </Button>
      </div>
      <p className="summary-line">
        Fires <strong>{describeTrigger(triggerRef, params ?? {}, trigger)}</strong>
      </p>
      {triggerRef === INTERVAL_TIMER ? (
        <IntervalForm />
      ) : triggerRef === CRON_TIMER ? (
        <CronForm />
      ) : triggerRef === ONE_SHOT_TIMER ? (
        <OneShotForm />
      ) : triggerRef === FILEWATCH_TRIGGER ? (
        <FilewatchForm />
      ) : triggerRef === SYSTEM_TRIGGER ? (
        <SystemForm />
      ) : trigger ? (
        <>
          {trigger.description && <p className="muted">{trigger.description}</p>}
          <WebhookInfo trigger={trigger} />
          <TriggerParamsForm trigger={trigger} />
        </>
      ) : null}
      {creating && (
        <NewWebhookTrigger
          onClose={() => setCreating(false)}
          onCreated={(ref) => {
            setCreating(false);
            pick(ref);
          }}
        />
      )}
    </div>
  );
}
