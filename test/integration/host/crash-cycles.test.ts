/**
 * kill -9 under webhook load, again and again (docs/security.md, "Faults"): across three
 * kill/restart cycles every acknowledged webhook is stored exactly once with its execution, no
 * event is stored twice, and each start marks the execution the killed host was running
 * `abandoned` and stops its orphaned process. The lock never goes stale: each restart gets the
 * folder at once.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Execution } from '../../../core/model/entities.ts';
import { isTerminal } from '../../../core/model/status.ts';
import { installFixturePacks } from '../../helpers/host.ts';
import { apiFor, spawnHost, waitUntilListening } from '../../helpers/host-process.ts';
import { ownSeconds, pidsWithMarker, waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const CYCLES = 3;
const ACKS_BEFORE_KILL = 150;
const POSTERS = 6;
/**
 * Each cycle's nap sleeps this long (plus cycle/10 s, made this process's own: its marker), far
 * past any wait below, so only a kill ends it.
 */
const napSeconds = (cycle: number) => ownSeconds(241 + cycle / 10);

test(`${CYCLES} kill -9 cycles under webhook load lose nothing acknowledged and store nothing twice`, async (t) => {
  const dataDir = tempDir(t);
  installFixturePacks(dataDir, ['testkit']);
  const acknowledged = new Set<number>();
  let next = 0;
  let webhookKey = '';
  let previousNap: { id: number; marker: string } | null = null;
  t.after(() => {
    for (let cycle = 0; cycle < CYCLES; cycle++)
      for (const pid of pidsWithMarker(`sleep ${napSeconds(cycle)}`)) process.kill(pid, 'SIGKILL');
  });

  for (let cycle = 0; cycle <= CYCLES; cycle++) {
    const host = spawnHost(t, dataDir);
    const info = await waitUntilListening(dataDir, host);
    const api = apiFor(dataDir, info.url);
    if (previousNap) {
      const e: { body: { data: Execution } } = await api<{ data: Execution }>(
        'GET',
        `/api/v1/executions/${previousNap.id}`,
      );
      assert.equal(e.body.data.status, 'abandoned', `cycle ${cycle}: the killed host's run is abandoned`);
      // The start sent SIGKILL to the orphan's group before it listened; the kernel ends the
      // process when it next runs it, which on a busy machine is a moment later.
      const marker = previousNap.marker;
      await waitFor(() => pidsWithMarker(marker).length === 0, 'the orphaned process to stop');
    }
    if (cycle === 0) {
      await api('POST', '/api/v1/triggers', { ref: 'ping' });
      const hook = await api<{ data: { webhook_key: string } }>(
        'POST',
        '/api/v1/triggers/local.ping/webhooks/enable',
        { rate_limit_per_minute: 0 },
      );
      webhookKey = hook.body.data.webhook_key;
      await api('POST', '/api/v1/rules', {
        ref: 'count',
        trigger_ref: 'local.ping',
        action_ref: 'core.noop',
      });
    }
    if (cycle === CYCLES) {
      // The last start only checks what the last kill left, then lets the resumed runs finish.
      await waitFor(() => unfinishedNoops(dataDir) === 0, 'resumed executions to finish', 30_000);
      host.child.kill('SIGTERM');
      assert.equal(await host.exited, 0);
      break;
    }

    const seconds = napSeconds(cycle);
    const nap = await api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
      action_ref: 'testkit.nap',
      parameters: { seconds },
    });
    previousNap = { id: nap.body.data.id, marker: `sleep ${seconds}` };
    await waitFor(() => pidsWithMarker(`sleep ${seconds}`).length > 0, 'the nap to start');

    let acksThisCycle = 0;
    let killed = false;
    const poster = async () => {
      while (!killed) {
        const n = next++;
        try {
          const r = await fetch(`${info.url}/api/v1/webhooks/${webhookKey}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ payload: { n } }),
          });
          if (r.status === 200) {
            acknowledged.add(n);
            acksThisCycle++;
          } else if (!killed) {
            assert.fail(`webhook ${n}: ${r.status} ${await r.text()}`);
          }
        } catch {
          // In flight when the host died: not acknowledged, so it may or may not be stored.
        }
      }
    };
    const posters = Array.from({ length: POSTERS }, poster);
    await waitFor(() => acksThisCycle >= ACKS_BEFORE_KILL, 'webhooks to be acknowledged', 30_000);
    host.child.kill('SIGKILL');
    await host.exited;
    killed = true;
    await Promise.all(posters);
  }

  const db = new Database(path.join(dataDir, 'attune.db'), { readonly: true });
  t.after(() => db.close());
  const events = db
    .prepare("SELECT id, json_extract(payload, '$.n') AS n FROM events WHERE trigger_ref = 'local.ping'")
    .all() as Array<{ id: number; n: number }>;
  const stored = events.map((e) => e.n);
  assert.equal(new Set(stored).size, stored.length, 'no webhook stored twice');
  const missing = [...acknowledged].filter((n) => !stored.includes(n));
  assert.deepEqual(missing, [], 'every acknowledged webhook is stored');
  assert.ok(acknowledged.size >= CYCLES * ACKS_BEFORE_KILL);
  const runs = db
    .prepare(
      `SELECT e.id AS event_id, count(x.id) AS runs FROM events e
         LEFT JOIN enforcements f ON f.event_id = e.id
         LEFT JOIN executions x ON x.enforcement_id = f.id
        WHERE e.trigger_ref = 'local.ping' GROUP BY e.id HAVING runs != 1`,
    )
    .all();
  assert.deepEqual(runs, [], 'each stored event has exactly one execution');
});

function unfinishedNoops(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'attune.db'), { readonly: true });
  try {
    const rows = db.prepare("SELECT status FROM executions WHERE rule_ref = 'local.count'").all() as Array<{
      status: Execution['status'];
    }>;
    return rows.filter((r) => !isTerminal(r.status)).length;
  } finally {
    db.close();
  }
}
