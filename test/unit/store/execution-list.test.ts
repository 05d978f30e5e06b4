/**
 * docs/performance.md, lists — execution lists filtered on several columns (core/store/indexed-filter.ts) answer
 * what a plain filter over all executions answers: the same page, newest first; the total is
 * exact, or flagged as a lower bound that still covers the page and one past it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { ExecutionStatus } from '../../../core/model/status.ts';
import {
  type ExecutionFilter,
  insertExecution,
  listExecutions,
  openStore,
} from '../../../core/store/index.ts';
import { executionRow } from '../../helpers/rows.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const STATUSES: ExecutionStatus[] = ['completed', 'failed', 'timeout'];
const ACTIONS = ['core.shell', 'core.echo', 'p.rare'];
const RULES = ['p.r1', 'p.r2', null];

interface Row {
  id: number;
  status: ExecutionStatus;
  action_ref: string;
  rule_ref: string | null;
}

function seed(t: Parameters<typeof tempDir>[0], n: number, pick: (i: number) => Omit<Row, 'id'>) {
  const store = openStore({ file: path.join(tempDir(t), 'executions.db') });
  t?.after(() => store.close());
  const rows: Row[] = [];
  store.transaction((w) => {
    for (let i = 0; i < n; i++) {
      const r = pick(i);
      const id = insertExecution(w, executionRow({ ...r, created: i }));
      rows.push({ id, ...r });
    }
  });
  return { store, rows };
}

function reference(rows: Row[], f: ExecutionFilter): number[] {
  return rows
    .filter(
      (r) =>
        (f.status === undefined || r.status === f.status) &&
        (f.action_ref === undefined || r.action_ref === f.action_ref) &&
        (f.rule_ref === undefined || r.rule_ref === f.rule_ref),
    )
    .map((r) => r.id)
    .sort((a, b) => b - a);
}

test('every combination of status, action and rule pages like a plain filter', (t) => {
  // Skewed: most runs are completed core.shell runs of p.r1, a few are rare.
  const { store, rows } = seed(t, 900, (i) => ({
    status: STATUSES[i % 7 === 0 ? 1 : i % 31 === 0 ? 2 : 0] as ExecutionStatus,
    action_ref: ACTIONS[i % 5 === 0 ? 1 : i % 97 === 0 ? 2 : 0] as string,
    rule_ref: RULES[i % 3 === 0 ? 1 : i % 11 === 0 ? 2 : 0] as string | null,
  }));
  const filters: ExecutionFilter[] = [];
  for (const status of [undefined, ...STATUSES]) {
    for (const action_ref of [undefined, ...ACTIONS]) {
      for (const rule_ref of [undefined, 'p.r1', 'p.r2']) filters.push({ status, action_ref, rule_ref });
    }
  }
  for (const f of filters) {
    const expected = reference(rows, f);
    for (const page of [1, 2, 5]) {
      const r = listExecutions(store.read, f, { page, page_size: 20 });
      const what = `${JSON.stringify(f)} page ${page}`;
      assert.deepEqual(
        r.items.map((e) => e.id),
        expected.slice((page - 1) * 20, page * 20),
        what,
      );
      assert.equal(r.total, expected.length, `${what}: total`);
    }
  }
});

test('two large filters stop counting where the budget ends, with a lower bound', (t) => {
  // 30,000 runs of p.r1 with core.shell; every third failed: 10,000 candidates either way.
  const { store, rows } = seed(t, 30_000, (i) => ({
    status: i % 3 === 0 ? 'failed' : 'completed',
    action_ref: 'core.shell',
    rule_ref: 'p.r1',
  }));
  const f: ExecutionFilter = { status: 'failed', rule_ref: 'p.r1' };
  const expected = reference(rows, f);
  const first = listExecutions(store.read, f, { page: 1, page_size: 50 });
  assert.deepEqual(
    first.items.map((e) => e.id),
    expected.slice(0, 50),
  );
  assert.equal(first.total_exact, false);
  assert.ok(first.total > 50 && first.total <= expected.length, `lower bound ${first.total}`);
  const lastPage = Math.ceil(expected.length / 50);
  const last = listExecutions(store.read, f, { page: lastPage, page_size: 50 });
  assert.deepEqual(
    last.items.map((e) => e.id),
    expected.slice((lastPage - 1) * 50),
  );
  assert.equal(last.total, expected.length);
  assert.equal(last.total_exact, true);
});
