/**
 * The conditions node's form: rows of field–operator–value joined by all/any, or the raw
 * expression for what rows cannot say. Switching keeps the meaning: rows compile to the
 * expression; an expression rows can represent opens as rows. A syntax error from the engine is
 * shown at its position.
 */
import { useId, useState } from 'react';
import { Radio, RadioGroup } from 'react-aria-components';
import { useFieldArray, useWatch } from 'react-hook-form';
import { Button } from '../../../common/ui/button.tsx';
import { SelectInput } from '../../../common/ui/fields.tsx';
import { expressionToRows, type Join, OPERATORS, rowsToExpression } from '../../../domain/conditions/rows.ts';
import { draftExpression } from '../../../domain/rule-draft.ts';
import { errorAt, useBuilderForm } from './form.ts';
import { TemplateInput } from './template-input.tsx';

/** The expression with a caret under `position` (the engine's syntax errors carry it). */
function ErrorCaret({ expression, position }: { expression: string; position: number }) {
  return (
    <pre className="caret" aria-hidden="true">
      {expression}
      {'\n'}
      {' '.repeat(Math.max(0, Math.min(position, expression.length)))}^
    </pre>
  );
}

function Rows({ paths }: { paths: readonly string[] }) {
  const { control, register, formState, setValue } = useBuilderForm();
  const { fields, append, remove } = useFieldArray({ control, name: 'rows' });
  const rows = useWatch({ control, name: 'rows' });
  const join = useWatch({ control, name: 'join' });
  return (
    <div className="stack">
      {fields.length === 0 ? (
        <p className="muted">No conditions: every event of the trigger runs the action.</p>
      ) : (
        <SelectInput
          label="Run the action when"
          value={join}
          onChange={(v) => setValue('join', v as Join, { shouldDirty: true })}
          options={[
            { value: 'all', label: 'all of these hold (and)' },
            { value: 'any', label: 'any of these holds (or)' },
          ]}
          className="narrow-select"
        />
      )}
      <ol className="condition-rows">
        {fields.map((f, i) => {
          const op = rows?.[i]?.op ?? '==';
          const kind = OPERATORS.find((o) => o.id === op)?.value;
          return (
            <li key={f.id} className="condition-row">
              <TemplateInput
                label={
                  <>
                    <span className="visually-hidden">Condition {i + 1} </span>Field
                  </>
                }
                value={rows?.[i]?.field ?? ''}
                onChange={(v) => setValue(`rows.${i}.field`, v, { shouldDirty: true })}
                paths={paths}
                choices={paths}
                placeholder="event.payload.name"
                error={errorAt(formState.errors, `rows.${i}.field`)}
                name={`rows.${i}.field`}
              />
              <SelectInput
                label={
                  <>
                    <span className="visually-hidden">Condition {i + 1} </span>Operator
                  </>
                }
                value={op}
                onChange={(v) => setValue(`rows.${i}.op`, v as typeof op, { shouldDirty: true })}
                options={OPERATORS.map((o) => ({ value: o.id, label: o.label }))}
              />
              <div className="field">
                <label className="field-label" htmlFor={`row-value-${f.id}`}>
                  <span className="visually-hidden">Condition {i + 1} </span>Value
                </label>
                <input
                  id={`row-value-${f.id}`}
                  className="input"
                  spellCheck={false}
                  placeholder={kind === 'list' ? 'a, b, 3' : kind === 'text' ? 'text' : '42, true, "text"'}
                  aria-invalid={errorAt(formState.errors, `rows.${i}.value`) ? true : undefined}
                  aria-describedby={`row-value-help-${f.id}`}
                  {...register(`rows.${i}.value`)}
                />
                <span
                  id={`row-value-help-${f.id}`}
                  className={
                    errorAt(formState.errors, `rows.${i}.value`) ? 'field-error' : 'field-description'
                  }
                >
                  {errorAt(formState.errors, `rows.${i}.value`) ??
                    (kind === 'list'
                      ? 'Separate values with commas.'
                      : kind === 'text'
                        ? 'Taken as text.'
                        : 'Quote text that looks like a number.')}
                </span>
              </div>
              <Button
                size="small"
                variant="ghost"
                className="align-end"
                onPress={() => remove(i)}
                aria-label={`Remove condition ${i + 1}`}
              >
                Remove
              </Button>
            </li>
          );
        })}
      </ol>
      <div>
        <Button
          onPress={() =>
            append({
              field: paths.find((p) => p.startsWith('event.payload')) ?? 'event.payload.',
              op: '==',
              value: '',
            })
          }
        >
          Add condition
        </Button>
      </div>
    </div>
  );
}

export function ConditionsPanel({ paths, position }: { paths: readonly string[]; position: number | null }) {
  const { control, setValue, getValues, formState, register } = useBuilderForm();
  const mode = useWatch({ control, name: 'conditionMode' });
  const rows = useWatch({ control, name: 'rows' });
  const join = useWatch({ control, name: 'join' });
  const expression = useWatch({ control, name: 'expression' });
  const [note, setNote] = useState<string | null>(null);
  const exprId = useId();
  const error = errorAt(formState.errors, 'expression');
  const switchTo = (next: 'rows' | 'raw') => {
    setNote(null);
    if (next === 'raw') {
      setValue('expression', rowsToExpression(getValues('rows'), getValues('join')), { shouldDirty: true });
      setValue('conditionMode', 'raw', { shouldDirty: true });
      return;
    }
    const back = expressionToRows(getValues('expression'));
    if (!back) {
      setNote(
        'This expression uses more than rows can say (and with or, not, arithmetic, other functions): it stays an expression.',
      );
      return;
    }
    setValue('rows', back.rows, { shouldDirty: true });
    setValue('join', back.join, { shouldDirty: true });
    setValue('conditionMode', 'rows', { shouldDirty: true });
  };
  return (
    <div className="stack">
      <RadioGroup
        className="segmented mode-switch"
        value={mode}
        onChange={(v) => switchTo(v as 'rows' | 'raw')}
        orientation="horizontal"
        aria-label="Write conditions as"
      >
        <Radio value="rows" className="segment">
          Rows
        </Radio>
        <Radio value="raw" className="segment">
          Expression
        </Radio>
      </RadioGroup>
      {note && (
        <p className="banner banner-info" role="status">
          {note}
        </p>
      )}
      {mode === 'rows' ? (
        <>
          <Rows paths={paths} />
          {rows.length > 0 && (
            <p className="muted small">
              As an expression:{' '}
              <code>{draftExpression({ conditionMode: 'rows', rows, join, expression })}</code>
            </p>
          )}
          {error && <p className="field-error">{error}</p>}
        </>
      ) : (
        <div className="field">
          <label htmlFor={exprId} className="field-label">
            Condition expression
          </label>
          <textarea
            id={exprId}
            className="input mono"
            rows={4}
            spellCheck={false}
            placeholder='event.payload.level == "error" and event.payload.count > 3'
            aria-invalid={error ? true : undefined}
            aria-describedby={`${exprId}-help`}
            {...register('expression')}
          />
          <span id={`${exprId}-help`} className={error ? 'field-error' : 'field-description'}>
            {error ??
              'Empty means always. Functions: length, lower, contains, starts_with, match… (docs/expressions.md).'}
          </span>
          {error && position !== null && <ErrorCaret expression={expression} position={position} />}
        </div>
      )}
    </div>
  );
}
