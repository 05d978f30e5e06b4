/**
 * Rows for store tests: a complete event or execution with plain defaults, so a test spells out
 * only the fields it is about.
 */
import type { EventInput, ExecutionInput } from '../../core/store/index.ts';

export function eventRow(overrides: Partial<EventInput> = {}): EventInput {
  return {
    kind: 'event',
    trigger_ref: 'p.t',
    payload: {},
    config: null,
    source_ref: null,
    rule_ref: null,
    trace_tag: 't',
    created: 0,
    ...overrides,
  };
}

export function executionRow(overrides: Partial<ExecutionInput> = {}): ExecutionInput {
  return {
    action_ref: 'p.a',
    config: {},
    enforcement_id: null,
    parent_id: null,
    rule_ref: null,
    status: 'completed',
    timeout_seconds: 5,
    retry_count: 0,
    not_before: null,
    sealed_params: null,
    trace_tag: 't',
    created: 0,
    ...overrides,
  };
}
