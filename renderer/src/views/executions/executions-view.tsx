/**
 * Executions (`#/executions`, `#/executions/<id>`): every run, newest first, filtered by status;
 * one run with its timeline, parameters, live output, result, cancel and re-run.
 */
import { useCallback, useState } from 'react';
import { Link } from 'wouter';
import { navigate } from 'wouter/use-hash-location';
import { useCommands } from '../../common/commands/registry.ts';
import { PageHeader } from '../../common/ui/feedback.tsx';
import { ExecutionDetail } from './execution-detail.tsx';
import { ExecutionList, type ListState } from './execution-list.tsx';
import '../../common/ui/records.css';
import './executions.css';

/** The list's filter and page, kept while the app runs (UI state). */
let lastState: ListState = { status: '', page: 1 };

function parseId(id: string | undefined): number | null {
  if (!id || !/^\d{1,15}$/.test(id)) return null;
  const n = Number(id);
  return n > 0 ? n : null;
}

export function ExecutionsView({ id }: { id?: string | undefined }) {
  const selected = parseId(id);
  const [state, setStateRaw] = useState(lastState);
  const setState = useCallback((s: ListState) => {
    lastState = s;
    setStateRaw(s);
  }, []);
  useCommands(
    () =>
      (['running', 'failed'] as const).map((status) => ({
        id: `executions.only-${status}`,
        label: `Show ${status} executions`,
        group: 'Executions',
        perform: () => {
          setState({ status, page: 1 });
          navigate('/executions');
        },
      })),
    [setState],
  );
  if (id !== undefined) {
    return (
      <div className="page">
        <PageHeader
          title={`Execution ${id}`}
          description={<Link href="/executions">Back to all executions</Link>}
        />
        {selected === null ? (
          <p className="rec-muted">“{id}” is not an execution number.</p>
        ) : (
          <ExecutionDetail id={selected} />
        )}
      </div>
    );
  }
  return (
    <div className="page">
      <PageHeader title="Executions" description="Every run of an action, newest first, live." />
      <ExecutionList state={state} onChange={setState} />
    </div>
  );
}
