/**
 * Alert settings (docs/alerts.md): for one rule (`ruleRef`: its own, or "use the default"), or
 * the engine-wide default (Settings). Saved with `alerts.setConfig`; an error lands on the form.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { AlertConfig } from '../../../../core/contract/alerts.ts';
import { invoke } from '../api/invoke.ts';
import { alertQueries } from '../api/queries.ts';
import { Button } from '../ui/button.tsx';
import { ErrorBanner, Loading } from '../ui/feedback.tsx';
import { Switch } from '../ui/switch.tsx';
import './alerts.css';

export function AlertSettings({ ruleRef }: { ruleRef?: string }) {
  const qc = useQueryClient();
  const view = useQuery(alertQueries.config(ruleRef));
  const [draft, setDraft] = useState<AlertConfig | null>(null);
  const [inherit, setInherit] = useState(false);
  const countId = useId();
  useEffect(() => {
    if (view.data) {
      setDraft(view.data.config);
      setInherit(view.data.inherited);
    }
  }, [view.data]);
  const save = useMutation({
    mutationFn: () =>
      invoke('alerts.setConfig', {
        ...(ruleRef ? { rule_ref: ruleRef } : {}),
        config: ruleRef && inherit ? null : draft,
      }),
    onSuccess: (v) => qc.setQueryData(alertQueries.config(ruleRef).queryKey, v),
    onSettled: () => qc.invalidateQueries({ queryKey: alertQueries.configs() }),
  });
  if (view.isPending || !draft) return <Loading label="Reading alert settings…" />;
  if (view.isError) return <ErrorBanner error={view.error} title="Alert settings could not be read" />;
  const set = (patch: Partial<AlertConfig>) => setDraft({ ...draft, ...patch });
  const locked = !!ruleRef && inherit;
  return (
    <form
      className="al-form"
      aria-label={ruleRef ? `Alert settings of ${ruleRef}` : 'Default alert settings'}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {ruleRef && (
        <Switch isSelected={inherit} onChange={setInherit}>
          Use the default alert settings
        </Switch>
      )}
      <Switch isSelected={draft.enabled} onChange={(v) => set({ enabled: v })} isDisabled={locked}>
        {ruleRef ? 'Alert when this rule fails' : 'Alert when a rule fails'}
      </Switch>
      <label className="al-number" htmlFor={countId}>
        After
        <input
          id={countId}
          type="number"
          min={1}
          max={1000}
          value={draft.after_failures}
          disabled={locked || !draft.enabled}
          aria-invalid={save.error ? true : undefined}
          onChange={(e) => set({ after_failures: Math.max(1, Math.round(Number(e.target.value) || 1)) })}
        />
        failure{draft.after_failures === 1 ? '' : 's'} in a row
      </label>
      <Switch
        isSelected={draft.on_missed}
        onChange={(v) => set({ on_missed: v })}
        isDisabled={locked || !draft.enabled}
      >
        Alert when a timer run is missed beyond its window
      </Switch>
      <Switch
        isSelected={draft.on_recovery}
        onChange={(v) => set({ on_recovery: v })}
        isDisabled={locked || !draft.enabled}
      >
        Tell me when it is back to normal
      </Switch>
      <div>
        <Button type="submit" variant="primary" size="small" isDisabled={save.isPending}>
          Save alert settings
        </Button>
        {save.isSuccess && !save.isPending && (
          <span role="status" className="rec-muted">
            {' '}
            Saved.
          </span>
        )}
      </div>
      {save.error && <ErrorBanner error={save.error} title="Alert settings could not be saved" />}
    </form>
  );
}
