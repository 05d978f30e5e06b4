/**
 * Dedicated forms for the three timers: interval (number + unit), cron (in words, presets,
 * zone, next fires), one-shot (date-time + zone). Errors from the engine's schedule preview
 * show inline on the field they name.
 */
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import { ApiError } from '../../../common/api/invoke.ts';
import { Button } from '../../../common/ui/button.tsx';
import { SelectInput, TextInput } from '../../../common/ui/fields.tsx';
import {
  DAY_PRESETS,
  type DayPreset,
  dayPresetExpression,
  QUICK_PRESETS,
  timezones,
} from '../../../domain/cron-presets.ts';
import { cronInWords } from '../../../domain/cron-words.ts';
import { messageFor } from '../../../domain/rule-draft.ts';
import { errorAt, useBuilderForm } from './form.ts';
import { SchedulePreview, useSchedulePreview } from './schedule-preview.tsx';

const UNITS = ['seconds', 'minutes', 'hours', 'days'].map((u) => ({ value: u, label: u }));
const ZONE_LIST_ID = 'timezone-list';

/** The datalist every zone field offers (rendered once per timer form). */
function ZoneList() {
  return (
    <datalist id={ZONE_LIST_ID}>
      {timezones().map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

function useParam(name: string): [string, (v: unknown) => void] {
  const { control, setValue } = useBuilderForm();
  const params = useWatch({ control, name: 'triggerParams' }) as Record<string, unknown>;
  const value = params?.[name];
  return [
    value === undefined || value === null ? '' : String(value),
    (v) => setValue('triggerParams', { ...params, [name]: v }, { shouldDirty: true, shouldValidate: false }),
  ];
}

/** The error for a trigger param: the preview's (live) or the last save's. */
function useParamError(name: string): string | undefined {
  const { formState } = useBuilderForm();
  const preview = useSchedulePreview();
  const err = preview.settling ? null : preview.error;
  if (err instanceof ApiError && err.field === `trigger_params.${name}`)
    return messageFor(err.message, err.field);
  return errorAt(formState.errors, `triggerParams.${name}`);
}

export function IntervalForm() {
  const [interval, setInterval] = useParam('interval');
  const [unit, setUnit] = useParam('unit');
  return (
    <div className="stack">
      <div className="row-fields">
        <TextInput
          label="Every"
          type="number"
          value={interval}
          onChange={(v) => setInterval(v === '' ? '' : Number(v))}
          error={useParamError('interval')}
          className="narrow"
          name="triggerParams.interval"
        />
        <SelectInput
          label="Unit"
          value={unit || 'seconds'}
          onChange={setUnit}
          options={UNITS}
          error={useParamError('unit')}
        />
      </div>
      <p className="muted small">The first fire is one interval after the rule is saved or enabled.</p>
      <SchedulePreview />
    </div>
  );
}

export function CronForm() {
  const [expression, setExpression] = useParam('expression');
  const [timezone, setTimezone] = useParam('timezone');
  const [day, setDay] = useState<DayPreset>('weekdays');
  const [time, setTime] = useState('07:30');
  const words = cronInWords(expression);
  const error = useParamError('expression');
  return (
    <div className="stack">
      <TextInput
        label="Cron expression"
        value={expression}
        onChange={setExpression}
        inputClassName="mono"
        placeholder="30 7 * * 1-5"
        description={
          words ? (
            <>
              Fires <strong>{words}</strong>
              {timezone ? ` (${timezone})` : ''}.
            </>
          ) : (
            'minute hour day-of-month month day-of-week; 6 fields with seconds first; L W # and @daily work too.'
          )
        }
        error={error}
        name="triggerParams.expression"
      />
      <fieldset className="presets">
        <legend className="field-label">Presets</legend>
        <div className="row-fields">
          <SelectInput
            label="Days"
            value={day}
            onChange={(v) => setDay(v as DayPreset)}
            options={DAY_PRESETS.map((p) => ({ value: p.id, label: p.label }))}
          />
          <TextInput
            label="At"
            type="text"
            value={time}
            onChange={setTime}
            placeholder="HH:MM"
            className="narrow"
          />
          <Button
            className="align-end"
            onPress={() => {
              const e = dayPresetExpression(day, time);
              if (e) setExpression(e);
            }}
          >
            Use this schedule
          </Button>
        </div>
        <div className="chips">
          {QUICK_PRESETS.map((p) => (
            <Button key={p.expression} size="small" onPress={() => setExpression(p.expression)}>
              {p.label}
            </Button>
          ))}
        </div>
      </fieldset>
      <TextInput
        label="Time zone"
        value={timezone}
        onChange={setTimezone}
        list={ZONE_LIST_ID}
        placeholder="Europe/Berlin"
        description="The zone the times are in; daylight-saving changes follow it."
        error={useParamError('timezone')}
        name="triggerParams.timezone"
      />
      <ZoneList />
      <SchedulePreview />
    </div>
  );
}

export function OneShotForm() {
  const [fireAt, setFireAt] = useParam('fire_at');
  const [timezone, setTimezone] = useParam('timezone');
  return (
    <div className="stack">
      <div className="row-fields">
        <TextInput
          label="Date and time"
          type="datetime-local"
          value={fireAt.slice(0, 16)}
          onChange={setFireAt}
          error={useParamError('fire_at')}
          name="triggerParams.fire_at"
        />
        <TextInput
          label="Time zone"
          value={timezone}
          onChange={setTimezone}
          list={ZONE_LIST_ID}
          error={useParamError('timezone')}
          name="triggerParams.timezone"
        />
      </div>
      <ZoneList />
      <SchedulePreview />
    </div>
  );
}
