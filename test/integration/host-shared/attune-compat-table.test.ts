/**
 * docs/attune-compat.md, "Routes" — the compatibility table is kept in step with the host: every
 * API route the host serves is in the table with a served status, and every row that claims a
 * route is served names one the host really registers.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { startTestHost } from '../../helpers/host.ts';

const DOC = new URL('../../../docs/attune-compat.md', import.meta.url);
const SERVED = new Set(['same', 'ours differs', 'ours only']);
const KNOWN = new Set([...SERVED, 'not supported', 'not supported yet']);

/** `GET /api/v1/rules/{ref}` and `GET /api/v1/rules/:id` name the same route. */
const norm = (method: string, url: string) => `${method} ${url.replace(/\{[a-z_]+\}|:[a-z_]+/g, ':')}`;

function tableRows(): Array<{ key: string; status: string }> {
  const rows: Array<{ key: string; status: string }> = [];
  for (const line of fs.readFileSync(DOC, 'utf8').split('\n')) {
    const m = /^\| `([A-Z*]+) (\S+)` *\| *([^|]+?) *\|/.exec(line);
    if (m?.[1] && m[2] && m[3]) rows.push({ key: norm(m[1], m[2]), status: m[3].trim() });
  }
  return rows;
}

test('the Attune compatibility table lists every API route the host serves, and no route it does not', async (t) => {
  const rows = tableRows();
  assert.ok(rows.length >= 150, `${rows.length} rows read from the table`);
  for (const r of rows) assert.ok(KNOWN.has(r.status), `${r.key}: unknown status "${r.status}"`);
  const seen = new Set<string>();
  for (const r of rows) {
    assert.ok(!seen.has(r.key), `${r.key} is in the table twice`);
    seen.add(r.key);
  }

  const host = await startTestHost(t);
  const served = new Set(
    host.routes
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .filter((r) => /^\/(api\/v1|auth|health)\b/.test(r.url) && r.url !== '/api/*')
      .map((r) => norm(r.method, r.url)),
  );
  const claimed = new Set(rows.filter((r) => SERVED.has(r.status)).map((r) => r.key));
  const missing = [...served].filter((k) => !claimed.has(k));
  assert.deepEqual(missing, [], 'served, but not in the table as served');
  const phantom = [...claimed].filter((k) => !served.has(k));
  assert.deepEqual(phantom, [], 'in the table as served, but not served');
});
