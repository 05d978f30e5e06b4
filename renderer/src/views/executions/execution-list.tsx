/**
 * Every execution, newest first, a page at a time, filtered by status; live through the
 * notification router (new executions and status changes refresh the page shown).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Execution } from '../../../../core/contract/entities.ts';
import { executionQueries } from '../../common/api/queries.ts';
import { Button } from '../../common/ui/button.tsx';
import { EmptyState, ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { SelectInput } from '../../common/ui/fields.tsx';
import { ExecutionStatusBadge } from '../../common/ui/status-badge.tsx';
import { useNow } from '../../common/use-now.ts';
import { compactTime, formatCount } from '../../domain/event-log.ts';
import { CANCELLABLE, durationMs, formatDuration, STATUS_FILTERS } from '../../domain/execution.ts';
import { localDateTime } from '../../domain/time-format.ts';
import { useCancelExecution } from './mutations.ts';

export const PAGE_SIZE = 50;

export interface ListState {
  status: '' | Execution['status'];
  page: number;
}

function Row({ x, now }: { x: Execution; now: number }) {
  const cancel = useCancelExecution();
  const d = durationMs(x, now);
  return (
    <tr>
      <td>
        <Link
          href={`/executions/${x.id}`}
          className="rec-link"
          aria-label={`Execution ${x.id}, ${x.action_ref}`}
        >
          #{x.id}
        </Link>
      </td>
      <td className="mono">{x.action_ref}</td>
      <td>
        {x.rule_ref ? (
          <Link href={`/rules/${encodeURIComponent(x.rule_ref)}`} className="rec-link">
            {x.rule_ref}
          </Link>
        ) : (
          <span className="rec-muted">run by hand</span>
        )}
      </td>
      <td>
        <ExecutionStatusBadge status={x.status} />
      </td>
      <td className="rec-muted" title={localDateTime(x.created)}>
        {compactTime(x.created, now)}
      </td>
      <td>{d === null ? <span className="rec-muted">—</span> : formatDuration(d)}</td>
      <td className="ex-actions">
        {CANCELLABLE.has(x.status) && (
          <Button
            size="small"
            variant="danger"
            isDisabled={cancel.isPending}
            onPress={() => cancel.mutate(x.id)}
            aria-label={`Cancel execution ${x.id}`}
          >
            Cancel
          </Button>
        )}
      </td>
    </tr>
  );
}

export function ExecutionList({ state, onChange }: { state: ListState; onChange: (s: ListState) => void }) {
  const now = useNow(1000);
  const q = useQuery({
    ...executionQueries.list({
      ...(state.status ? { status: state.status } : {}),
      page: state.page,
      page_size: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const p = q.data?.pagination;
  return (
    <>
      <search className="rec-toolbar" aria-label="Filter executions">
        <SelectInput
          label="Status"
          value={state.status}
          onChange={(v) => onChange({ status: v as ListState['status'], page: 1 })}
          options={STATUS_FILTERS}
        />
        {p && (
          <p className="ex-count rec-muted" aria-live="polite">
            {formatCount(p.total_items, p.total_is_lower_bound)} execution{p.total_items === 1 ? '' : 's'}
          </p>
        )}
      </search>
      {q.isPending ? (
        <Loading label="Reading executions…" />
      ) : q.isError ? (
        <ErrorBanner error={q.error} title="Executions could not be read" />
      ) : q.data.items.length === 0 ? (
        <EmptyState title={state.status ? `No ${state.status} execution` : 'No executions yet'}>
          <p>Executions appear here when a rule fires or an action is run by hand.</p>
        </EmptyState>
      ) : (
        <div className="ex-table-wrap">
          <table className="rec-table" aria-label="Executions">
            <thead>
              <tr>
                <th scope="col">Execution</th>
                <th scope="col">Action</th>
                <th scope="col">Rule</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Duration</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((x) => (
                <Row key={x.id} x={x} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p && (p.has_next || p.has_previous) && (
        <nav className="ex-pager" aria-label="Pages">
          <Button
            size="small"
            isDisabled={!p.has_previous}
            onPress={() => onChange({ ...state, page: state.page - 1 })}
          >
            Newer
          </Button>
          <span className="rec-muted rec-small">
            Page {p.page} of {formatCount(p.total_pages, p.total_is_lower_bound)}
          </span>
          <Button
            size="small"
            isDisabled={!p.has_next}
            onPress={() => onChange({ ...state, page: state.page + 1 })}
          >
            Older
          </Button>
        </nav>
      )}
    </>
  );
}
