/**
 * Export: any set of rules, with the triggers and actions they need that are not in core, as a
 * pack `.tar.gz` download (`packs.export`). Secret values never leave: they become secret
 * config fields the importer asks for.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../common/api/invoke.ts';
import { ruleQueries } from '../../common/api/queries.ts';
import { Button } from '../../common/ui/button.tsx';
import { EmptyState } from '../../common/ui/feedback.tsx';
import { TextInput } from '../../common/ui/fields.tsx';
import { downloadBase64 } from './download.ts';
import { useExportPack } from './mutations.ts';

export function ExportRules() {
  const rules = useQuery(ruleQueries.list());
  const exporter = useExportPack();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [asPack, setAsPack] = useState('');
  const list = (rules.data ?? []).filter((r) => r.pack_ref !== 'core');
  const toggle = (ref: string, on: boolean) =>
    setPicked((old) => {
      const next = new Set(old);
      if (on) next.add(ref);
      else next.delete(ref);
      return next;
    });
  const run = () =>
    exporter.mutate(
      { rules: [...picked], ...(asPack.trim() ? { as_pack: asPack.trim() } : {}) },
      { onSuccess: (r) => r.bytes_base64 && downloadBase64(r.bytes_base64, r.filename) },
    );
  const fieldError = exporter.error instanceof ApiError && exporter.error.field === 'as_pack';
  return (
    <section className="card" aria-labelledby="pk-export-title">
      <h2 id="pk-export-title">Export rules as a pack</h2>
      {list.length === 0 ? (
        <EmptyState title="No rules to export yet" />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          <fieldset className="pk-pick">
            <legend className="field-label">Rules to export</legend>
            {list.map((r) => (
              <label key={r.ref} className="pk-check">
                <input
                  type="checkbox"
                  checked={picked.has(r.ref)}
                  onChange={(e) => toggle(r.ref, e.target.checked)}
                />
                <span className="mono">{r.ref}</span>
                {r.label && r.label !== r.ref && <span className="rec-muted"> {r.label}</span>}
              </label>
            ))}
          </fieldset>
          <div className="rec-toolbar">
            <TextInput
              label="Pack name (optional)"
              value={asPack}
              onChange={setAsPack}
              placeholder="my_automations"
              description="Lower case letters, digits and _; the rules’ own pack by default."
              error={fieldError ? errorMessage(exporter.error) : undefined}
            />
            <Button type="submit" variant="primary" isDisabled={picked.size === 0 || exporter.isPending}>
              Download .tar.gz ({picked.size})
            </Button>
          </div>
          {exporter.data && (
            <p role="status" className="rec-small">
              Saved {exporter.data.filename}: {exporter.data.files.length} files.
              {exporter.data.warnings.map((w) => (
                <span key={w} className="rec-muted">
                  {' '}
                  {w}
                </span>
              ))}
            </p>
          )}
          {exporter.error && !fieldError && (
            <p className="banner banner-error" role="alert">
              {errorMessage(exporter.error)}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
