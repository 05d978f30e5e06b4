/**
 * Settings → History kept (docs/retention.md): each table's rows and size now, its limits
 * (editable: days and rows, empty for none), what the limits keep, the per-rule minimum and how
 * often retention runs. A refused value lands on its field.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RetentionStatus } from '../../../../core/contract/retention.ts';
import { ApiError, invoke } from '../../common/api/invoke.ts';
import { Button } from '../../common/ui/button.tsx';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { TextInput } from '../../common/ui/fields.tsx';
import {
  ageField,
  formValues,
  INTERVAL_FIELD,
  MIN_FIELD,
  parseForm,
  type RetentionFormValues,
  rowsField,
  sizeInWords,
  TARGET_LABELS,
} from '../../domain/retention-form.ts';

const statusKey = ['retention', 'status'] as const;

function useSaveRetention(onFieldErrors: (e: Record<string, string>) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: Parameters<typeof invoke<'retention.set'>>[1]) => invoke('retention.set', change),
    onSuccess: () => qc.invalidateQueries({ queryKey: statusKey }),
    onError: (err) => {
      if (err instanceof ApiError && err.field) onFieldErrors({ [err.field]: err.message });
    },
  });
}

function SizeTable({
  status,
  values,
  errors,
  set,
}: {
  status: RetentionStatus;
  values: RetentionFormValues;
  errors: Record<string, string>;
  set: (field: string, v: string) => void;
}) {
  return (
    <table className="rec-table retention-table" aria-label="History kept per table">
      <thead>
        <tr>
          <th scope="col">Table</th>
          <th scope="col">Rows now</th>
          <th scope="col">Size now</th>
          <th scope="col">Keep days</th>
          <th scope="col">Keep newest rows</th>
          <th scope="col">The limits keep</th>
        </tr>
      </thead>
      <tbody>
        {status.tables.map((t) => {
          const name = TARGET_LABELS[t.target];
          return (
            <tr key={t.target}>
              <th scope="row">{name}</th>
              <td>{t.present ? t.rows.toLocaleString() : <span className="rec-muted">none yet</span>}</td>
              <td>
                {t.present ? `${t.bytes_source === 'estimate' ? '≈ ' : ''}${sizeInWords(t.bytes)}` : '—'}
              </td>
              <td>
                <TextInput
                  label={`${name}: days kept`}
                  hideLabel
                  value={values[ageField(t.target)] ?? ''}
                  onChange={(v) => set(ageField(t.target), v)}
                  error={errors[ageField(t.target)]}
                  placeholder="no limit"
                  inputClassName="retention-input"
                />
              </td>
              <td>
                <TextInput
                  label={`${name}: newest rows kept`}
                  hideLabel
                  value={values[rowsField(t.target)] ?? ''}
                  onChange={(v) => set(rowsField(t.target), v)}
                  error={errors[rowsField(t.target)]}
                  placeholder="no limit"
                  inputClassName="retention-input"
                />
              </td>
              <td>
                {t.present ? (
                  <>
                    {t.rows_kept.toLocaleString()}
                    {t.rows_over > 0 && (
                      <span className="rec-muted rec-small">
                        {' '}
                        ({t.rows_over.toLocaleString()} go at the next pass)
                      </span>
                    )}
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function RetentionSection() {
  const status = useQuery({ queryKey: statusKey, queryFn: () => invoke('retention.status', {}) });
  const [values, setValues] = useState<RetentionFormValues | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveRetention(setErrors);
  const loaded = status.data?.config;
  useEffect(() => {
    if (loaded && values === null) setValues(formValues(loaded));
  }, [loaded, values]);
  const set = (field: string, v: string) => {
    setValues((old) => ({ ...(old ?? {}), [field]: v }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
    save.reset();
  };
  const submit = () => {
    if (!values) return;
    const parsed = parseForm(values);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    save.mutate(parsed.change);
  };
  return (
    <section className="card" aria-labelledby="retention-title">
      <h2 id="retention-title">History kept</h2>
      <p className="muted">
        Older events, executions and logs are deleted in the background, oldest first. Per rule, the newest
        events of each outcome (failures, conditions false, errors, missed runs…) are kept whatever the limits
        say. Leave a field empty for no limit.
      </p>
      {status.isError ? (
        <ErrorBanner error={status.error} title="Could not read the history kept" />
      ) : !status.data || !values ? (
        <Loading />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <SizeTable status={status.data} values={values} errors={errors} set={set} />
          <p className="rec-muted rec-small">
            Database file {sizeInWords(status.data.file_bytes)}, of which{' '}
            {sizeInWords(status.data.free_bytes)} free
            {status.data.auto_vacuum === 'incremental'
              ? ' (given back to the disk after each pass).'
              : ' (reused by new rows; the file shrinks once it is converted at a start).'}
          </p>
          <div className="retention-fields">
            <TextInput
              label="Per rule, keep at least this many events of each outcome"
              value={values[MIN_FIELD] ?? ''}
              onChange={(v) => set(MIN_FIELD, v)}
              error={errors[MIN_FIELD]}
              inputClassName="retention-input"
            />
            <TextInput
              label="Check every (minutes)"
              value={values[INTERVAL_FIELD] ?? ''}
              onChange={(v) => set(INTERVAL_FIELD, v)}
              error={errors[INTERVAL_FIELD]}
              inputClassName="retention-input"
            />
          </div>
          <div className="retention-actions">
            <Button type="submit" variant="primary" isDisabled={save.isPending}>
              Save limits
            </Button>
            <span role="status" className="rec-muted">
              {save.isSuccess ? 'Saved. The next pass applies them.' : ''}
            </span>
          </div>
          {save.isError && !(save.error instanceof ApiError && save.error.field) && (
            <ErrorBanner error={save.error} title="The limits were not saved" />
          )}
        </form>
      )}
    </section>
  );
}
