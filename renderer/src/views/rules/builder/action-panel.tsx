/**
 * The action node's form: pick an action; its parameters as a form generated from its schema
 * (types, required, defaults, choices, secrets masked). Every field takes a `{{ }}` template,
 * with the event's fields offered as you type.
 */
import { useWatch } from 'react-hook-form';
import type { Action } from '../../../../../core/contract/entities.ts';
import { defaultHint, type ParamField, paramFields } from '../../../domain/param-form.ts';
import { errorAt, useBuilderForm } from './form.ts';
import { TemplateInput } from './template-input.tsx';

const TYPE_HINT: Record<string, string> = {
  string: 'text',
  integer: 'whole number',
  number: 'number',
  boolean: 'true or false',
  object: 'JSON object',
  array: 'JSON array',
  any: 'any JSON value or text',
};

function choicesOf(f: ParamField): string[] | undefined {
  if (f.choices) return f.choices.map((c) => (typeof c === 'string' ? c : JSON.stringify(c)));
  if (f.type === 'boolean') return ['true', 'false'];
  return undefined;
}

function ParamInput({ field, paths }: { field: ParamField; paths: readonly string[] }) {
  const { control, setValue, formState } = useBuilderForm();
  const name = `paramText.${field.name}` as const;
  const value =
    (useWatch({ control, name: `paramText.${field.name}` as `paramText.${string}` }) as string | undefined) ??
    '';
  const hint = defaultHint(field);
  const description = [
    field.description,
    `${TYPE_HINT[field.type] ?? field.type}${hint ? `; ${hint}` : ''}`,
    field.shell ? 'Each {{ }} placeholder is shell-quoted.' : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const choices = choicesOf(field);
  return (
    <TemplateInput
      label={
        <>
          {field.name}
          {field.required && <span className="required"> (required)</span>}
          {field.secret && <span className="muted"> (secret)</span>}
        </>
      }
      value={value}
      onChange={(v) => setValue(name, v, { shouldDirty: true })}
      paths={paths}
      {...(choices ? { choices } : {})}
      description={description}
      error={errorAt(formState.errors, name)}
      placeholder={hint ? String(hint.replace(/^default: /, '')) : ''}
      // A secret stays on one masked line, even when it is JSON.
      multiline={!field.secret && ['object', 'array'].includes(field.type)}
      secret={field.secret}
      required={field.required && field.default === undefined}
      name={name}
    />
  );
}

export function ActionPanel({ actions, paths }: { actions: readonly Action[]; paths: readonly string[] }) {
  const { control, setValue, formState } = useBuilderForm();
  const actionRef = useWatch({ control, name: 'actionRef' });
  const action = actions.find((a) => a.ref === actionRef);
  const groups = new Map<string, Action[]>();
  for (const a of actions) groups.set(a.pack_ref, [...(groups.get(a.pack_ref) ?? []), a]);
  const error = errorAt(formState.errors, 'actionRef');
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="action-select" className="field-label">
          Action
        </label>
        <select
          id="action-select"
          className="input select"
          value={actionRef}
          onChange={(e) => {
            setValue('actionRef', e.target.value, { shouldDirty: true });
            // Another action has other parameters: start its form empty.
            setValue('paramText', {}, { shouldDirty: true });
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'action-select-error' : undefined}
        >
          {!action && <option value={actionRef}>{actionRef}</option>}
          {[...groups].map(([pack, list]) => (
            <optgroup key={pack} label={`Pack ${pack}`}>
              {list.map((a) => (
                <option key={a.ref} value={a.ref}>
                  {a.label && a.label !== a.ref ? `${a.label} (${a.ref})` : a.ref}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {error && (
          <span id="action-select-error" className="field-error">
            {error}
          </span>
        )}
      </div>
      {action?.description && <p className="muted">{action.description}</p>}
      {action && (
        <fieldset className="stack params">
          <legend className="field-label">Parameters</legend>
          {paramFields(action.parameters).length === 0 ? (
            <p className="muted">This action takes no parameters.</p>
          ) : (
            paramFields(action.parameters).map((f) => (
              <ParamInput key={`${action.ref}:${f.name}`} field={f} paths={paths} />
            ))
          )}
          <p className="muted small">
            Type <code>{'{{'}</code> to use the event: <code>{'{{ event.payload.name }}'}</code>. A value that
            is exactly one template keeps its type.
          </p>
        </fieldset>
      )}
    </div>
  );
}
