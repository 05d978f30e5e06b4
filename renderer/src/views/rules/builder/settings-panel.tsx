/** Settings of a rule: description, overlap, retry, and (timers) what happens to missed runs. */
import { Controller, useWatch } from 'react-hook-form';
import type { Action } from '../../../../../core/contract/entities.ts';
import { SelectInput, TextInput } from '../../../common/ui/fields.tsx';
import { Switch } from '../../../common/ui/switch.tsx';
import type { RuleDraft } from '../../../domain/rule-draft.ts';
import { isTimer } from '../../../domain/trigger-summary.ts';
import { errorAt, useBuilderForm } from './form.ts';

const OVERLAP = [
  { value: 'parallel', label: 'Run in parallel (default)' },
  { value: 'single', label: 'Skip while the previous run is still going' },
  { value: 'queue', label: 'Queue: one after the other' },
  { value: 'restart', label: 'Restart: cancel the running one' },
];

const MISFIRE = [
  { value: 'default', label: 'Default: one run for any number of missed (coalesce)' },
  { value: 'coalesce', label: 'One run for any number of missed (coalesce)' },
  { value: 'catch_up', label: 'Run each missed slot (catch up)' },
  { value: 'skip', label: 'Skip missed runs' },
];

export function SettingsPanel({ action }: { action: Action | undefined }) {
  const { control, formState, setValue } = useBuilderForm();
  const triggerRef = useWatch({ control, name: 'triggerRef' });
  const retryOn = useWatch({ control, name: 'retryOn' });
  const misfire = useWatch({ control, name: 'misfire' });
  const err = (n: string) => errorAt(formState.errors, n);
  const num = (v: string) => (v === '' ? 0 : Number(v));
  return (
    <div className="stack">
      <Controller
        control={control}
        name="description"
        render={({ field }) => (
          <TextInput
            label="Description"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            multiline
            rows={2}
            error={err('description')}
          />
        )}
      />
      <Controller
        control={control}
        name="overlap"
        render={({ field }) => (
          <SelectInput
            label="When it fires while the previous run is still going"
            value={field.value}
            onChange={(v) => field.onChange(v as RuleDraft['overlap'])}
            options={OVERLAP}
            error={err('overlap')}
          />
        )}
      />
      <fieldset className="stack">
        <legend className="field-label">Retry</legend>
        <Switch isSelected={retryOn} onChange={(on) => setValue('retryOn', on, { shouldDirty: true })}>
          Retry when the action fails
        </Switch>
        {retryOn && (
          <div className="row-fields">
            <Controller
              control={control}
              name="retry.count"
              render={({ field }) => (
                <TextInput
                  label="Attempts"
                  type="number"
                  value={String(field.value)}
                  onChange={(v) => field.onChange(num(v))}
                  error={err('retry.count')}
                  className="narrow"
                />
              )}
            />
            <Controller
              control={control}
              name="retry.delay"
              render={({ field }) => (
                <TextInput
                  label="First delay (s)"
                  type="number"
                  value={String(field.value)}
                  onChange={(v) => field.onChange(num(v))}
                  error={err('retry.delay')}
                  className="narrow"
                />
              )}
            />
            <Controller
              control={control}
              name="retry.backoff"
              render={({ field }) => (
                <SelectInput
                  label="Backoff"
                  value={field.value}
                  onChange={field.onChange}
                  options={[
                    { value: 'exponential', label: 'exponential (doubles)' },
                    { value: 'constant', label: 'constant' },
                  ]}
                />
              )}
            />
          </div>
        )}
      </fieldset>
      {isTimer(triggerRef) && (
        <fieldset className="stack">
          <legend className="field-label">Missed runs (app closed, machine asleep, clock jumped)</legend>
          <Controller
            control={control}
            name="misfire"
            render={({ field }) => (
              <SelectInput
                label="Missed runs"
                hideLabel
                value={field.value}
                onChange={field.onChange}
                options={MISFIRE}
                error={err('misfire')}
              />
            )}
          />
          {misfire === 'catch_up' && (
            <Controller
              control={control}
              name="misfireMaxCatchUp"
              render={({ field }) => (
                <TextInput
                  label="At most this many catch-up runs"
                  type="number"
                  value={String(field.value)}
                  onChange={(v) => field.onChange(num(v))}
                  className="narrow"
                />
              )}
            />
          )}
        </fieldset>
      )}
      {action && (
        <p className="muted small">
          Timeout: {action.ref} stops after {action.timeout_seconds} s (set by the action).
        </p>
      )}
    </div>
  );
}
