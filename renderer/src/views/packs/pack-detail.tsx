/**
 * One installed pack: what it holds (actions with what they run, triggers, rules with their
 * switches), and what can be done with it — export, reload from its folder, upgrade from a new
 * version, delete (asked first).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { navigate } from 'wouter/use-hash-location';
import { ApiError, errorMessage } from '../../common/api/invoke.ts';
import { actionQueries, packQueries, ruleQueries, triggerQueries } from '../../common/api/queries.ts';
import { Button } from '../../common/ui/button.tsx';
import { ConfirmDialog } from '../../common/ui/dialog.tsx';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { Switch } from '../../common/ui/switch.tsx';
import { downloadBase64 } from './download.ts';
import { ImportPanel } from './import-panel.tsx';
import { useDeletePack, useEnableRule, useExportPack, useReloadPack } from './mutations.ts';

function Contents({ packRef }: { packRef: string }) {
  const actions = useQuery(actionQueries.list({ pack_ref: packRef }));
  const triggers = useQuery(triggerQueries.list({ pack_ref: packRef }));
  const rules = useQuery(ruleQueries.list({ pack_ref: packRef }));
  const enable = useEnableRule();
  return (
    <>
      <section className="card rec-section" aria-labelledby="pk-d-rules">
        <h2 id="pk-d-rules">Rules ({rules.data?.length ?? '…'})</h2>
        {rules.data?.length === 0 && <p className="rec-muted">None.</p>}
        <ul className="pk-enable-list">
          {(rules.data ?? []).map((r) => (
            <li key={r.ref}>
              <Switch
                isSelected={r.enabled}
                isDisabled={enable.isPending}
                onChange={(on) => enable.mutate({ ref: r.ref, enabled: on })}
                aria-label={`${r.ref} enabled`}
              >
                <Link href={`/rules/${encodeURIComponent(r.ref)}`} className="rec-link">
                  {r.ref}
                </Link>
              </Switch>{' '}
              <span className="rec-muted rec-small">
                {r.trigger_ref} → {r.action_ref}
              </span>
            </li>
          ))}
        </ul>
        {enable.error && <ErrorBanner error={enable.error} title="Could not change the rule" />}
      </section>
      <section className="card rec-section" aria-labelledby="pk-d-actions">
        <h2 id="pk-d-actions">Actions ({actions.data?.length ?? '…'})</h2>
        <table className="rec-table" aria-labelledby="pk-d-actions">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Runs</th>
              <th scope="col">Secret parameters</th>
            </tr>
          </thead>
          <tbody>
            {(actions.data ?? []).map((a) => (
              <tr key={a.ref}>
                <td>
                  <span className="mono">{a.ref}</span> <span className="rec-muted">{a.label}</span>
                </td>
                <td>
                  {a.runner_type} {a.entry_point.trim() && <code>{a.entry_point.split('\n')[0]}</code>}
                </td>
                <td>
                  {Object.entries(a.parameters)
                    .filter(([, spec]) => spec.secret)
                    .map(([name]) => (
                      <code key={name}>{name}</code>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {(triggers.data?.length ?? 0) > 0 && (
        <section className="card rec-section" aria-labelledby="pk-d-triggers">
          <h2 id="pk-d-triggers">Triggers</h2>
          <ul>
            {(triggers.data ?? []).map((t) => (
              <li key={t.ref}>
                <span className="mono">{t.ref}</span>{' '}
                {t.webhook_enabled && <span className="badge badge-idle">webhook</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export function PackDetail({ packRef }: { packRef: string }) {
  const pack = useQuery(packQueries.detail(packRef));
  const exporter = useExportPack();
  const reload = useReloadPack();
  const remove = useDeletePack();
  const [confirming, setConfirming] = useState(false);
  if (pack.isPending) return <Loading label="Reading the pack…" />;
  if (pack.isError) {
    if (pack.error instanceof ApiError && pack.error.code === 'NOT_FOUND') {
      return <p className="rec-muted">No pack named {packRef} is installed.</p>;
    }
    return <ErrorBanner error={pack.error} title="The pack could not be read" />;
  }
  const p = pack.data;
  return (
    <>
      <div className="card pk-head">
        <dl className="rec-facts">
          <dt>Name</dt>
          <dd>
            {p.label} <span className="mono rec-muted">{p.ref}</span>
          </dd>
          <dt>Version</dt>
          <dd className="mono">{p.version}</dd>
          {p.author && (
            <>
              <dt>Author</dt>
              <dd>{p.author}</dd>
            </>
          )}
          {p.description && (
            <>
              <dt>About</dt>
              <dd>{p.description}</dd>
            </>
          )}
          {p.path && (
            <>
              <dt>Folder</dt>
              <dd className="mono">{p.path}</dd>
            </>
          )}
        </dl>
        {!p.system && (
          <div className="page-actions">
            <Button
              isDisabled={exporter.isPending}
              onPress={() =>
                exporter.mutate(
                  { pack: p.ref },
                  { onSuccess: (r) => r.bytes_base64 && downloadBase64(r.bytes_base64, r.filename) },
                )
              }
            >
              Export .tar.gz
            </Button>
            {p.path && (
              <Button isDisabled={reload.isPending} onPress={() => reload.mutate(p.ref)}>
                Reload from folder
              </Button>
            )}
            <Button variant="danger" onPress={() => setConfirming(true)}>
              Delete…
            </Button>
          </div>
        )}
      </div>
      {[exporter.error, reload.error, remove.error].filter(Boolean).map((e) => (
        <ErrorBanner key={errorMessage(e)} error={e} />
      ))}
      {reload.data && (
        <p className="banner banner-info" role="status">
          Reloaded {reload.data.pack.ref} {reload.data.pack.version}; changed rules are disabled for review.
        </p>
      )}
      <Contents packRef={p.ref} />
      {!p.system && <ImportPanel title={`Upgrade ${p.ref} from a new version`} />}
      <ConfirmDialog
        title={`Delete ${p.ref}?`}
        isOpen={confirming}
        onOpenChange={setConfirming}
        message={`Its rules, triggers, actions and secrets are removed. Rules of other packs that use them stop it.`}
        confirmLabel="Delete pack"
        isPending={remove.isPending}
        onConfirm={() =>
          remove.mutate(p.ref, {
            onSuccess: () => {
              setConfirming(false);
              navigate('/packs');
            },
            onError: () => setConfirming(false),
          })
        }
      />
    </>
  );
}
