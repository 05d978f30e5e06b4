/**
 * Rules: every rule with its trigger in words, last and next fire, last status; search,
 * enable/disable one or many, run now, duplicate, delete with confirmation.
 */
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { Input, SearchField, Toolbar } from 'react-aria-components';
import { navigate } from 'wouter/use-hash-location';
import type { RuleView } from '../../../../core/contract/entities.ts';
import { errorMessage } from '../../common/api/invoke.ts';
import { ruleQueries, triggerQueries } from '../../common/api/queries.ts';
import { useCommands } from '../../common/commands/registry.ts';
import { Button } from '../../common/ui/button.tsx';
import { ConfirmDialog } from '../../common/ui/dialog.tsx';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../common/ui/feedback.tsx';
import { useNow } from '../../common/use-now.ts';
import { searchRules } from '../../domain/rule-list.ts';
import { sampleTimerPayload } from '../../domain/timer-payload.ts';
import { describeTrigger } from '../../domain/trigger-summary.ts';
import { useDeleteRule, useDuplicateRule, useRunRule, useSetEnabled } from './mutations.ts';
import { RuleRow } from './rule-row.tsx';
import { RunDialog } from './run-dialog.tsx';
import { RunOutcome } from './run-outcome.tsx';

interface Flash {
  tone: 'info' | 'error';
  body: ReactNode;
}

export function RulesView() {
  const rules = useQuery(ruleQueries.list());
  const triggers = useQuery(triggerQueries.list());
  const now = useNow();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [deleting, setDeleting] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [flash, setFlash] = useState<Flash | null>(null);
  const setEnabled = useSetEnabled();
  const del = useDeleteRule();
  const dup = useDuplicateRule();
  const run = useRunRule();

  useCommands(
    () => [
      {
        id: 'rules.search',
        label: 'Search rules',
        group: 'Rules',
        shortcut: '/',
        perform: () => document.getElementById('rule-search')?.focus(),
      },
    ],
    [],
  );

  const byTrigger = useMemo(() => new Map((triggers.data ?? []).map((t) => [t.ref, t])), [triggers.data]);
  const summaryOf = (r: RuleView) =>
    describeTrigger(r.trigger_ref, r.trigger_params, byTrigger.get(r.trigger_ref));
  const all = rules.data ?? [];
  const shown = searchRules(all, query, summaryOf);
  const selectedShown = shown.filter((r) => selected.has(r.ref));

  const select = (ref: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(ref);
      else next.delete(ref);
      return next;
    });

  const toggle = (refs: readonly string[], enabled: boolean) =>
    setEnabled.mutate(
      { refs, enabled },
      {
        onSuccess: (n) =>
          refs.length > 1 &&
          setFlash({ tone: 'info', body: `${enabled ? 'Enabled' : 'Disabled'} ${n} rules.` }),
        onError: (e) => setFlash({ tone: 'error', body: errorMessage(e) }),
      },
    );

  const runNow = (r: RuleView) => {
    const payload = sampleTimerPayload(r.trigger_ref, r.trigger_params, Date.now());
    if (!payload) return setRunning(r.ref);
    run.mutate(
      { ref: r.ref, payload },
      {
        onSuccess: (result) =>
          setFlash({ tone: 'info', body: <RunOutcome ruleRef={r.ref} result={result} /> }),
        onError: (e) => setFlash({ tone: 'error', body: errorMessage(e) }),
      },
    );
  };

  const duplicate = (r: RuleView) =>
    dup.mutate(
      { rule: r, taken: new Set(all.map((x) => x.ref)) },
      {
        onSuccess: (created) => navigate(`/rules/${encodeURIComponent(created.ref)}`),
        onError: (e) => setFlash({ tone: 'error', body: errorMessage(e) }),
      },
    );

  const confirmDelete = () => {
    if (!deleting) return;
    const ref = deleting;
    del.mutate(ref, {
      onSuccess: () => {
        setDeleting(null);
        select(ref, false);
        setFlash({ tone: 'info', body: `Deleted ${ref}.` });
      },
      onError: (e) => {
        setDeleting(null);
        setFlash({ tone: 'error', body: errorMessage(e) });
      },
    });
  };

  return (
    <div className="page">
      <PageHeader
        title="Rules"
        description={
          rules.data
            ? `${all.length} rule${all.length === 1 ? '' : 's'}, ${all.filter((r) => r.enabled).length} enabled`
            : undefined
        }
        actions={
          <Button variant="primary" onPress={() => navigate('/rules/new')}>
            New rule
          </Button>
        }
      />
      <div className="toolbar">
        <SearchField className="search" value={query} onChange={setQuery} aria-label="Search rules">
          <Input id="rule-search" className="input" placeholder="Search by name, trigger, action…" />
        </SearchField>
        {selectedShown.length > 0 && (
          <Toolbar className="bulk" aria-label="Selected rules">
            <span className="muted">{selectedShown.length} selected</span>
            <Button
              size="small"
              onPress={() =>
                toggle(
                  selectedShown.map((r) => r.ref),
                  true,
                )
              }
            >
              Enable selected
            </Button>
            <Button
              size="small"
              onPress={() =>
                toggle(
                  selectedShown.map((r) => r.ref),
                  false,
                )
              }
            >
              Disable selected
            </Button>
            <Button size="small" variant="ghost" onPress={() => setSelected(new Set())}>
              Clear selection
            </Button>
          </Toolbar>
        )}
      </div>
      {flash && (
        <div
          className={`banner banner-${flash.tone === 'error' ? 'error' : 'info'} flash`}
          role={flash.tone === 'error' ? 'alert' : 'status'}
        >
          <span>{flash.body}</span>
          <Button size="small" variant="ghost" onPress={() => setFlash(null)} aria-label="Dismiss message">
            ✕
          </Button>
        </div>
      )}
      {rules.isPending ? (
        <Loading label="Loading rules…" />
      ) : rules.isError ? (
        <ErrorBanner error={rules.error} title="Could not read the rules" />
      ) : all.length === 0 ? (
        <EmptyState title="No rules yet">
          <p>
            A rule connects a trigger (a timer, a webhook, a pack’s trigger) to an action, with conditions.
          </p>
          <p>
            <Button variant="primary" onPress={() => navigate('/rules/new')}>
              Create your first rule
            </Button>
          </p>
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState title={`No rule matches “${query}”`}>
          <Button onPress={() => setQuery('')}>Clear the search</Button>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table rules-table">
            <caption className="visually-hidden">Rules</caption>
            <thead>
              <tr>
                <th scope="col" className="cell-check">
                  <input
                    type="checkbox"
                    aria-label="Select all shown rules"
                    checked={selectedShown.length === shown.length}
                    onChange={(e) =>
                      setSelected(e.target.checked ? new Set(shown.map((r) => r.ref)) : new Set())
                    }
                  />
                </th>
                <th scope="col">Rule</th>
                <th scope="col">When</th>
                <th scope="col">Last</th>
                <th scope="col">Next</th>
                <th scope="col">Enabled</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <RuleRow
                  key={r.ref}
                  rule={r}
                  summary={summaryOf(r)}
                  now={now}
                  selected={selected.has(r.ref)}
                  onSelect={(on) => select(r.ref, on)}
                  onToggle={(on) => toggle([r.ref], on)}
                  onRun={() => runNow(r)}
                  onDuplicate={() => duplicate(r)}
                  onDelete={() => setDeleting(r.ref)}
                  busy={setEnabled.isPending}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        title="Delete this rule?"
        isOpen={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        message={
          <>
            <strong>{deleting}</strong> will stop firing and be removed. Its past events and executions stay
            in the history.
          </>
        }
        confirmLabel="Delete rule"
        onConfirm={confirmDelete}
        isPending={del.isPending}
      />
      {running && <RunDialog ruleRef={running} onClose={() => setRunning(null)} />}
    </div>
  );
}
