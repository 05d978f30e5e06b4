/** "Run now" for a rule whose trigger is not a timer: the payload to fire it with, as JSON. */
import { useState } from 'react';
import { errorMessage } from '../../common/api/invoke.ts';
import { Button } from '../../common/ui/button.tsx';
import { ModalDialog } from '../../common/ui/dialog.tsx';
import { TextInput } from '../../common/ui/fields.tsx';
import { useRunRule } from './mutations.ts';
import { RunOutcome } from './run-outcome.tsx';

function parsePayload(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  try {
    const v: unknown = JSON.parse(text || '{}');
    if (v && typeof v === 'object' && !Array.isArray(v))
      return { ok: true, value: v as Record<string, unknown> };
    return { ok: false, message: 'The payload must be a JSON object, e.g. {"name": "Ada"}' };
  } catch (err) {
    return { ok: false, message: `Not JSON: ${errorMessage(err)}` };
  }
}

export function RunDialog({
  ruleRef,
  onClose,
  initialPayload,
  note,
}: {
  ruleRef: string;
  onClose: () => void;
  /** The payload to start from (a replayed event's); `{}` when absent. */
  initialPayload?: Record<string, unknown>;
  /** A line saying where the payload came from. */
  note?: string;
}) {
  const [text, setText] = useState(() => (initialPayload ? JSON.stringify(initialPayload, null, 2) : '{}'));
  const [problem, setProblem] = useState<string | undefined>();
  const run = useRunRule();
  const submit = () => {
    const p = parsePayload(text);
    if (!p.ok) return setProblem(p.message);
    setProblem(undefined);
    run.mutate({ ref: ruleRef, payload: p.value });
  };
  return (
    <ModalDialog title={`Run ${ruleRef} now`} isOpen onOpenChange={(o) => !o && onClose()}>
      <p className="muted">
        Fires the rule once with this payload, as if its trigger had: the conditions decide, and the event is
        recorded.
      </p>
      {note && <p className="muted small">{note}</p>}
      <TextInput
        label="Event payload (JSON)"
        value={text}
        onChange={setText}
        multiline
        rows={6}
        inputClassName="mono"
        error={problem ?? (run.isError ? errorMessage(run.error) : undefined)}
        autoFocus
      />
      {run.data && (
        <p className="banner banner-info" role="status">
          <RunOutcome ruleRef={ruleRef} result={run.data} />
        </p>
      )}
      <div className="dialog-actions">
        <Button onPress={onClose}>Close</Button>
        <Button variant="primary" onPress={submit} isDisabled={run.isPending}>
          Run
        </Button>
      </div>
    </ModalDialog>
  );
}
