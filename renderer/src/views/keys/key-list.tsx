/**
 * The keys as a table: ref, name, owner, whether encrypted, and the value masked. "Reveal" reads
 * one key's value on demand (decrypted for an encrypted key); revealing another, or pressing
 * "Hide", masks it again — at most one value is on screen, and none is kept in the query cache.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { KeySummary } from '../../../../core/contract/keys.ts';
import { errorMessage } from '../../common/api/invoke.ts';
import { keyQueries } from '../../common/api/queries.ts';
import { Button } from '../../common/ui/button.tsx';
import { ConfirmDialog } from '../../common/ui/dialog.tsx';
import { EmptyState, ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { KeyForm } from './key-form.tsx';
import { revealKey, useDeleteKey } from './mutations.ts';

const MASK = '••••••••';

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function KeyList() {
  const keys = useQuery(keyQueries.list());
  const remove = useDeleteKey();
  const [revealed, setRevealed] = useState<{ ref: string; text: string } | null>(null);
  const [editing, setEditing] = useState<KeySummary | null>(null);
  const [deleting, setDeleting] = useState<KeySummary | null>(null);
  const [revealError, setRevealError] = useState<string | null>(null);

  if (keys.isPending) return <Loading label="Reading keys…" />;
  if (keys.isError) return <ErrorBanner error={keys.error} title="Keys could not be read" />;
  if (keys.data.length === 0) {
    return (
      <EmptyState title="No keys yet">
        <p>Keys hold values your rules read as {'{{ keystore.<ref> }}'}: tokens, addresses, settings.</p>
      </EmptyState>
    );
  }
  const reveal = (ref: string) => {
    setRevealError(null);
    setRevealed(null);
    revealKey(ref).then(
      (v) => setRevealed({ ref, text: shown(v) }),
      (err: unknown) => setRevealError(errorMessage(err)),
    );
  };
  return (
    <section className="card" aria-labelledby="ky-title">
      <h2 id="ky-title">Keys</h2>
      {revealError && (
        <p className="field-error" role="alert">
          {revealError}
        </p>
      )}
      <table className="rec-table" aria-labelledby="ky-title">
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Owner</th>
            <th scope="col">Value</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.data.map((k) => {
            const open = revealed?.ref === k.ref;
            return (
              <tr key={k.ref} data-testid={`key-${k.ref}`}>
                <td>
                  <span className="mono">{k.ref}</span>
                  {k.name !== k.ref && <span className="rec-muted rec-small"> {k.name}</span>}{' '}
                  {k.encrypted && <span className="badge badge-idle">encrypted</span>}
                </td>
                <td>
                  {k.owner_type}
                  {k.owner && <span className="mono rec-muted rec-small"> {k.owner}</span>}
                </td>
                <td className="mono ky-value" aria-live="polite">
                  {open ? (
                    revealed.text
                  ) : (
                    <>
                      <span aria-hidden="true">{MASK}</span>
                      <span className="visually-hidden">hidden</span>
                    </>
                  )}
                </td>
                <td>
                  <div className="ky-actions">
                    <Button
                      aria-label={`${open ? 'Hide' : 'Reveal'} ${k.ref}`}
                      onPress={() => (open ? setRevealed(null) : reveal(k.ref))}
                    >
                      {open ? 'Hide' : 'Reveal'}
                    </Button>
                    <Button aria-label={`Edit ${k.ref}`} onPress={() => setEditing(k)}>
                      Edit
                    </Button>
                    <Button aria-label={`Delete ${k.ref}`} variant="danger" onPress={() => setDeleting(k)}>
                      Delete
                    </Button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {editing && (
        <KeyForm
          key={editing.ref}
          existing={editing}
          isOpen
          onOpenChange={(o) => {
            if (!o) setEditing(null);
            // An edited value is not the one revealed any more.
            if (!o && revealed?.ref === editing.ref) setRevealed(null);
          }}
        />
      )}
      <ConfirmDialog
        title={`Delete key ${deleting?.ref ?? ''}`}
        isOpen={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        message="Rules that read this key will fail to render their parameters until it is set again."
        confirmLabel="Delete key"
        isPending={remove.isPending}
        onConfirm={() => {
          const ref = deleting?.ref;
          if (ref)
            remove.mutate(ref, {
              onSuccess: () => {
                setDeleting(null);
                if (revealed?.ref === ref) setRevealed(null);
              },
            });
        }}
      />
    </section>
  );
}
