/**
 * `npm run bench [-- <name>…] [--quick] [--markdown] [--fresh] [--dir <folder>]`: runs every
 * benchmark or the named ones, prints their tables, and writes each result as JSON under test/bench/results/.
 * Benchmarks are programs, run by hand: nothing here asserts a time.
 */
import path from 'node:path';
import { actionOverheadBench } from './action-overhead.ts';
import { type Bench, type BenchOptions, DEFAULT_WORK_ROOT } from './bench.ts';
import { filewatchBench } from './filewatch.ts';
import { describeMachine, machineLine } from './machine.ts';
import { packYamlBench } from './pack-yaml.ts';
import { pipelineBench } from './pipeline.ts';
import { pipelineExplainBench } from './pipeline-explain.ts';
import { regexBench } from './regex.ts';
import { writeResult } from './results.ts';
import { retentionBench } from './retention.ts';
import { sensorEventsBench } from './sensor-events.ts';
import { storeBench } from './store.ts';
import { markdownTable, renderTable } from './table.ts';
import { timerBenches } from './timer-benches.ts';
import { uiBench } from './ui.ts';
import { webhookBench } from './webhook.ts';

/** In the order `npm run bench` runs them. */
export const BENCHES: readonly Bench[] = [
  pipelineBench,
  pipelineExplainBench,
  webhookBench,
  actionOverheadBench,
  storeBench,
  ...timerBenches,
  regexBench,
  packYamlBench,
  uiBench,
  filewatchBench,
  sensorEventsBench,
  retentionBench,
];

interface Args {
  names: string[];
  quick: boolean;
  markdown: boolean;
  fresh: boolean;
  dir: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { names: [], quick: false, markdown: false, fresh: false, dir: DEFAULT_WORK_ROOT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--quick') a.quick = true;
    else if (arg === '--markdown') a.markdown = true;
    else if (arg === '--fresh') a.fresh = true;
    else if (arg === '--dir') a.dir = path.resolve(argv[++i] ?? '.');
    else if (arg.startsWith('--dir=')) a.dir = path.resolve(arg.slice('--dir='.length));
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else a.names.push(arg);
  }
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const unknown = args.names.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = args.names.length ? BENCHES.filter((b) => args.names.includes(b.name)) : BENCHES;
  const machine = describeMachine();
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  console.log(`# ${machineLine(machine)}`);
  console.log(`# ${command}${args.quick ? '  (quick: smoke figures, not for publishing)' : ''}\n`);
  const opts: BenchOptions = { quick: args.quick, fresh: args.fresh, workRoot: args.dir };
  for (const bench of selected) {
    console.log(`## ${bench.name}: ${bench.description}`);
    const startedAt = new Date();
    const t0 = performance.now();
    const report = await bench.run(opts);
    const seconds = (performance.now() - t0) / 1000;
    for (const t of report.tables) console.log(`\n${args.markdown ? markdownTable(t) : renderTable(t)}`);
    const file = writeResult({
      bench: bench.name,
      started_at: startedAt.toISOString(),
      seconds,
      command,
      quick: args.quick,
      machine,
      report,
    });
    console.log(`\n(${seconds.toFixed(1)} s; ${path.relative(process.cwd(), file)})\n`);
  }
}

await main();
