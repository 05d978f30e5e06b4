/**
 * Forms for the built-in sensors' triggers: the file watch (folder, glob, which changes, quiet
 * period, sub-folders) and the system event. The folder is typed: the page cannot browse the
 * disk of the machine the engine runs on (docs/renderer.md, "Rule builder"). Errors from the
 * last save land on the field they name.
 */
import { useId } from 'react';
import { useWatch } from 'react-hook-form';
import { SelectInput, TextInput } from '../../../common/ui/fields.tsx';
import { Switch } from '../../../common/ui/switch.tsx';
import { FILE_EVENTS, SYSTEM_EVENTS } from '../../../domain/trigger-summary.ts';
import { errorAt, useBuilderForm } from './form.ts';

function useParams(): [Record<string, unknown>, (name: string, v: unknown) => void] {
  const { control, setValue } = useBuilderForm();
  const params = (useWatch({ control, name: 'triggerParams' }) ?? {}) as Record<string, unknown>;
  return [params, (name, v) => setValue('triggerParams', { ...params, [name]: v }, { shouldDirty: true })];
}

function useError(name: string): string | undefined {
  const { formState } = useBuilderForm();
  return errorAt(formState.errors, `triggerParams.${name}`);
}

/** `core.filewatch`: what to watch and which changes to report. */
export function FilewatchForm() {
  const [params, set] = useParams();
  const eventsId = useId();
  const eventsError = useError('events');
  const picked = Array.isArray(params.events) ? (params.events as string[]) : FILE_EVENTS.map((e) => e.value);
  const debounce = params.debounce_ms;
  return (
    <div className="stack">
      <TextInput
        label="Folder or file (required)"
        value={typeof params.path === 'string' ? params.path : ''}
        onChange={(v) => set('path', v)}
        placeholder="~/Inbox"
        description="An absolute path on the machine the engine runs on; ~/ is your home folder."
        error={useError('path')}
        name="triggerParams.path"
        spellCheck={false}
      />
      <TextInput
        label="File names matching"
        value={typeof params.glob === 'string' ? params.glob : '*'}
        onChange={(v) => set('glob', v)}
        placeholder="*.pdf"
        description="A pattern such as *.pdf; with a / it matches the path below the folder."
        error={useError('glob')}
        name="triggerParams.glob"
        spellCheck={false}
      />
      <fieldset
        className="stack"
        aria-describedby={eventsError ? `${eventsId}-err` : undefined}
        aria-invalid={eventsError ? true : undefined}
      >
        <legend className="field-label">When a file is</legend>
        <div className="row-fields">
          {FILE_EVENTS.map((e) => (
            <label key={e.value} className="pk-check">
              <input
                type="checkbox"
                checked={picked.includes(e.value)}
                onChange={(ev) =>
                  set(
                    'events',
                    FILE_EVENTS.map((x) => x.value).filter((x) =>
                      x === e.value ? ev.target.checked : picked.includes(x),
                    ),
                  )
                }
              />
              <span>{e.label}</span>
            </label>
          ))}
        </div>
        {eventsError && (
          <span id={`${eventsId}-err`} className="field-error" role="alert">
            {eventsError}
          </span>
        )}
      </fieldset>
      <div className="row-fields">
        <TextInput
          label="Quiet period (ms)"
          type="number"
          value={debounce === undefined || debounce === null ? '' : String(debounce)}
          onChange={(v) => set('debounce_ms', v === '' ? undefined : Number(v))}
          description="Changes to one file within this time are reported once."
          error={useError('debounce_ms')}
          className="narrow"
          name="triggerParams.debounce_ms"
        />
        <div className="align-end">
          <Switch isSelected={params.recursive === true} onChange={(on) => set('recursive', on)}>
            Include sub-folders
          </Switch>
        </div>
      </div>
    </div>
  );
}

/** `core.system`: which system event. */
export function SystemForm() {
  const [params, set] = useParams();
  return (
    <SelectInput
      label="When"
      value={typeof params.event === 'string' ? params.event : ''}
      onChange={(v) => set('event', v)}
      options={SYSTEM_EVENTS.map((e) => ({ value: e.value, label: e.label }))}
      error={useError('event')}
    />
  );
}
