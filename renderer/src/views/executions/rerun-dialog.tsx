/**
 * Re-run with the same action and parameters. Secret values are stored redacted, so a re-run of
 * an execution that had some asks for them again rather than send "***".
 */
import { useState } from 'react';
import type { Execution } from '../../../../core/contract/entities.ts';
import { ApiError, errorMessage } from '../../common/api/invoke.ts';
import { Button } from '../../common/ui/button.tsx';
import { ModalDialog } from '../../common/ui/dialog.tsx';
import { TextInput } from '../../common/ui/fields.tsx';

export function RerunDialog({
  x,
  secrets,
  isOpen,
  onOpenChange,
  onRun,
  isPending,
  error,
}: {
  x: Execution;
  /** Parameters whose stored value is redacted. */
  secrets: readonly string[];
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onRun: (parameters: Record<string, unknown>) => void;
  isPending: boolean;
  error: unknown;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const field = error instanceof ApiError ? error.field : undefined;
  return (
    <ModalDialog title={`Run ${x.action_ref} again`} isOpen={isOpen} onOpenChange={onOpenChange}>
      <p>
        Execution {x.id} had secret parameters; they are stored redacted, so give them again. The others are
        kept as they were.
      </p>
      <form
        className="ex-rerun-form"
        onSubmit={(e) => {
          e.preventDefault();
          onRun({ ...x.config, ...values });
        }}
      >
        {secrets.map((name, i) => (
          <TextInput
            key={name}
            label={name}
            type="password"
            value={values[name] ?? ''}
            onChange={(v) => setValues((old) => ({ ...old, [name]: v }))}
            isRequired
            autoFocus={i === 0}
            error={field === name || field === `parameters.${name}` ? errorMessage(error) : undefined}
          />
        ))}
        {error !== null && error !== undefined && !field && (
          <p className="field-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
        <div className="dialog-actions">
          <Button onPress={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" isDisabled={isPending}>
            Run again
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
