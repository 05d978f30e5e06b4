/** The event log's filter bar: trigger, rule, outcome, time range and words in the payload. */
import { useQuery } from '@tanstack/react-query';
import { memo, useEffect, useState } from 'react';
import { ruleQueries, triggerQueries } from '../../common/api/queries.ts';
import { Button } from '../../common/ui/button.tsx';
import { SelectInput, TextInput } from '../../common/ui/fields.tsx';
import {
  type EventLogFilters,
  hasFilters,
  NO_FILTERS,
  OUTCOME_FILTERS,
  type OutcomeFilter,
  TIME_RANGES,
  type TimeRange,
} from '../../domain/event-log.ts';

/** Typing pauses this long before the search is sent. */
const SEARCH_DELAY_MS = 300;

function Filters({ value, onChange }: { value: EventLogFilters; onChange: (f: EventLogFilters) => void }) {
  const triggers = useQuery(triggerQueries.list());
  const rules = useQuery(ruleQueries.list());
  const [text, setText] = useState(value.text);
  useEffect(() => setText(value.text), [value.text]);
  useEffect(() => {
    if (text === value.text) return;
    const id = setTimeout(() => onChange({ ...value, text }), SEARCH_DELAY_MS);
    return () => clearTimeout(id);
  }, [text, value, onChange]);

  const set = <K extends keyof EventLogFilters>(k: K, v: EventLogFilters[K]) =>
    onChange({ ...value, [k]: v });
  return (
    <search className="rec-toolbar" aria-label="Filter events">
      <TextInput
        className="rec-grow"
        label="Search payloads"
        type="search"
        value={text}
        onChange={setText}
        placeholder="Words, or word* for a prefix"
      />
      <SelectInput
        label="Trigger"
        value={value.trigger}
        onChange={(v) => set('trigger', v)}
        options={[
          { value: '', label: 'Any trigger' },
          ...(triggers.data ?? []).map((t) => ({ value: t.ref, label: t.ref })),
        ]}
      />
      <SelectInput
        label="Rule"
        value={value.rule}
        onChange={(v) => set('rule', v)}
        options={[
          { value: '', label: 'Any rule' },
          ...(rules.data ?? []).map((r) => ({ value: r.ref, label: r.ref })),
        ]}
      />
      <SelectInput
        label="Outcome"
        value={value.outcome}
        onChange={(v) => set('outcome', v as OutcomeFilter)}
        options={OUTCOME_FILTERS}
      />
      <Button
        variant={value.outcome === 'not_fired' ? 'primary' : 'secondary'}
        aria-pressed={value.outcome === 'not_fired'}
        onPress={() => set('outcome', value.outcome === 'not_fired' ? '' : 'not_fired')}
      >
        Did not fire
      </Button>
      <SelectInput
        label="Time"
        value={value.range}
        onChange={(v) => set('range', v as TimeRange)}
        options={TIME_RANGES}
      />
      {value.range === 'custom' && (
        <>
          <TextInput label="From" type="datetime-local" value={value.from} onChange={(v) => set('from', v)} />
          <TextInput label="To" type="datetime-local" value={value.to} onChange={(v) => set('to', v)} />
        </>
      )}
      {hasFilters(value) && (
        <Button variant="ghost" onPress={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      )}
    </search>
  );
}

/** The log's filter bar; memoized, so pages read while scrolling do not re-render it. */
export const EventFilters = memo(Filters);
