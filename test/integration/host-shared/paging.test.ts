/** docs/api.md, paging — lists are newest first and page without duplicates or gaps (Attune's envelope). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';

test('100 executions paged by 20 come newest first with no duplicates, none missing, correct totals', async (t) => {
  const host = await startTestHost(t);
  const ids: number[] = [];
  for (let i = 0; i < 100; i++) {
    const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
      action_ref: 'core.noop',
    });
    ids.push(r.body.data.id);
  }
  const seen: number[] = [];
  for (let page = 1; page <= 5; page++) {
    const r = await host.api<{ items: Execution[]; pagination: Record<string, unknown> }>(
      'GET',
      `/api/v1/executions?page=${page}&page_size=20`,
    );
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.pagination, {
      page,
      page_size: 20,
      total_items: 100,
      total_pages: 5,
      has_previous: page > 1,
      has_next: page < 5,
      total_is_lower_bound: false,
    });
    seen.push(...r.body.items.map((e) => e.id));
  }
  assert.deepEqual(
    seen,
    [...ids].sort((a, b) => b - a),
  );
  const beyond = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?page=6&page_size=20');
  assert.deepEqual(beyond.body.items, []);
  const tooBig = await host.api<{ error: string }>('GET', '/api/v1/executions?page_size=101');
  assert.equal(tooBig.status, 400);
  assert.match(tooBig.body.error, /page_size/);
});
