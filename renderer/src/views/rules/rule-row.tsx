/** One rule in the list: select, name, trigger in words, last and next fire, status, switch, actions. */
import { useQuery } from '@tanstack/react-query';
import { Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { Link } from 'wouter';
import type { RuleView } from '../../../../core/contract/entities.ts';
import { executionQueries } from '../../common/api/queries.ts';
import { Button } from '../../common/ui/button.tsx';
import { ExecutionStatusBadge } from '../../common/ui/status-badge.tsx';
import { Switch } from '../../common/ui/switch.tsx';
import { localDateTime, relativeTime } from '../../domain/time-format.ts';

export interface RuleRowProps {
  rule: RuleView;
  summary: string;
  now: number;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onToggle: (on: boolean) => void;
  onRun: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
  busy: boolean;
}

function When({ iso, now, empty }: { iso: string | null | undefined; now: number; empty: string }) {
  if (!iso) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={iso} title={localDateTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}

export function RuleRow(p: RuleRowProps) {
  const { rule } = p;
  const last = useQuery(executionQueries.lastOfRule(rule.ref));
  const lastAt = rule.last_fired_at ?? last.data?.created ?? null;
  const name = rule.label && rule.label !== rule.ref.slice(rule.ref.indexOf('.') + 1) ? rule.label : null;
  return (
    <tr className={rule.enabled ? '' : 'row-disabled'}>
      <td className="cell-check">
        <input
          type="checkbox"
          checked={p.selected}
          onChange={(e) => p.onSelect(e.target.checked)}
          aria-label={`Select ${rule.ref}`}
        />
      </td>
      <td>
        <Link href={`/rules/${encodeURIComponent(rule.ref)}`} className="rule-link">
          {name ?? rule.ref}
        </Link>
        {name && <div className="muted mono small">{rule.ref}</div>}
      </td>
      <td>
        <div>{p.summary}</div>
        <div className="muted small">→ {rule.action_ref}</div>
      </td>
      <td>
        <When iso={lastAt} now={p.now} empty="never" />
        {last.data && (
          <div>
            <Link
              href={`/executions/${last.data.id}`}
              className="plain-link"
              aria-label={`Execution ${last.data.id}: ${last.data.status}`}
            >
              <ExecutionStatusBadge status={last.data.status} />
            </Link>
          </div>
        )}
      </td>
      <td>
        <When
          iso={rule.enabled ? rule.next_fire_at : null}
          now={p.now}
          empty={rule.enabled ? 'on event' : '—'}
        />
      </td>
      <td>
        <Switch
          isSelected={rule.enabled}
          onChange={p.onToggle}
          aria-label={`${rule.ref} enabled`}
          isDisabled={p.busy}
        />
      </td>
      <td className="cell-actions">
        <Button size="small" onPress={p.onRun} aria-label={`Run ${rule.ref} now`}>
          Run now
        </Button>
        <MenuTrigger>
          <Button size="small" variant="ghost" aria-label={`More actions for ${rule.ref}`}>
            ⋯
          </Button>
          <Popover className="popover" placement="bottom end">
            <Menu
              className="menu"
              onAction={(key) => {
                if (key === 'duplicate') p.onDuplicate();
                if (key === 'delete') p.onDelete();
              }}
            >
              <MenuItem id="edit" className="menu-item" href={`#/rules/${encodeURIComponent(rule.ref)}`}>
                Edit
              </MenuItem>
              <MenuItem id="duplicate" className="menu-item">
                Duplicate
              </MenuItem>
              <MenuItem id="delete" className="menu-item menu-item-danger">
                Delete…
              </MenuItem>
            </Menu>
          </Popover>
        </MenuTrigger>
      </td>
    </tr>
  );
}
