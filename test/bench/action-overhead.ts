/**
 * Action overhead (docs/performance.md, "Action overhead"): latency from an event's enforcement to the completion of a
 * `core.echo` shell execution, against a bare `child_process.spawn` of the same interpreter and
 * script with the same stdin. Samples alternate between the two so drift affects both alike.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_CORE_PACK_DIR } from '../../core/engine/create-engine.ts';
import { shellInterpreter } from '../../core/runners/interpreters.ts';
import { formatParams } from '../../core/runners/param-format.ts';
import type { Bench } from './bench.ts';
import { startBenchEngine } from './engine-fixture.ts';
import { BENCH_TRIGGER, seedRules } from './seed-rules.ts';
import { median, percentile, ratio, spread } from './stats.ts';
import type { Cell } from './table.ts';

const MESSAGE = 'hello from the benchmark';

function bareSpawnMs(command: string, script: string, stdin: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, [script], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || out !== `${MESSAGE}\n`) reject(new Error(`bare spawn: exit ${code}, stdout ${out}`));
      else resolve(performance.now() - t0);
    });
    child.stdin.end(stdin);
  });
}

export const actionOverheadBench: Bench = {
  name: 'action',
  description: 'enforcement → core.echo shell completion vs a bare child_process.spawn',
  async run(o) {
    const samples = o.quick ? 10 : 50;
    const fx = await startBenchEngine(o, 'action');
    const fromEvent: number[] = [];
    const fromEnforcement: number[] = [];
    const bare: number[] = [];
    const interpreter = shellInterpreter(process.env.PATH);
    const actionsDir = path.join(DEFAULT_CORE_PACK_DIR, 'actions');
    const stdin = formatParams({ message: MESSAGE }, 'dotenv').text;
    try {
      const { engine } = fx;
      seedRules(engine.store, {
        perTrigger: 1,
        total: 1,
        actionRef: 'core.echo',
        actionParams: { message: '{{ event.payload.message }}' },
      });
      // Finish instants by execution id, whichever comes first: the notification or the waiter.
      const finished = new Map<number, { at: number; status: string }>();
      const waiters = new Map<number, (f: { at: number; status: string }) => void>();
      engine.notifier.subscribe(['notification_type:execution_status_changed'], (n) => {
        const status = String(n.payload.status);
        if (status !== 'completed' && status !== 'failed') return;
        const f = { at: performance.now(), status };
        const id = Number(n.entity_id);
        const w = waiters.get(id);
        if (w) w(f);
        else finished.set(id, f);
      });
      const finish = (id: number) =>
        new Promise<{ at: number; status: string }>((res) => {
          const f = finished.get(id);
          if (f) res(f);
          else waiters.set(id, res);
        });
      const once = async () => {
        const t0 = performance.now();
        const r = await engine.ingest({ trigger_ref: BENCH_TRIGGER, payload: { n: 1, message: MESSAGE } });
        const t1 = performance.now();
        const id = r.execution_ids[0] as number;
        const f = await finish(id);
        waiters.delete(id);
        finished.delete(id);
        if (f.status !== 'completed') throw new Error(`core.echo ${id} ended ${f.status}`);
        return { event: f.at - t0, enforcement: f.at - t1 };
      };
      for (let i = 0; i < 3; i++) {
        await once();
        await bareSpawnMs(interpreter.command, 'echo.sh', stdin, actionsDir);
      }
      for (let i = 0; i < samples; i++) {
        const a = await once();
        fromEvent.push(a.event);
        fromEnforcement.push(a.enforcement);
        bare.push(await bareSpawnMs(interpreter.command, 'echo.sh', stdin, actionsDir));
      }
    } finally {
      await fx.dispose();
    }
    const row = (label: string, xs: number[]): Cell[] => [
      label,
      median(xs),
      percentile(xs, 99),
      spread(xs).max,
      ratio(median(xs), median(bare)),
    ];
    return {
      tables: [
        {
          title: `Action overhead: core.echo (shell) vs bare spawn (ms, ${samples} samples each, alternating)`,
          columns: ['path', 'median', 'p99', 'max', 'vs bare'],
          rows: [
            row('enforcement committed → execution completed', fromEnforcement),
            row('ingest call → execution completed', fromEvent),
            row(`bare spawn ${path.basename(interpreter.command)} echo.sh (same stdin)`, bare),
          ],
          notes: [
            'Attune: rule on one trigger → core.echo with message from the event; "completed" is the persisted status change.',
            'bare: child_process.spawn of the same interpreter and script, stdin written, until the process closed.',
          ],
        },
      ],
      data: { samples, from_enforcement_ms: fromEnforcement, from_event_ms: fromEvent, bare_ms: bare },
    };
  },
};
