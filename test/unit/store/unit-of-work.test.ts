/**
 * The tick's unit of work (docs/engine.md, "Writes and durability"): what several writers hand
 * over within one tick is written in one transaction, announced only after the commit and in
 * writer order; one writer's failing batch does not sink the others; a flush from inside an
 * announcement is on disk at once but announced after what was already due; a closed store
 * loses the work with a word, not a crash.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../../core/model/logger.ts';
import {
  getKey,
  openStore,
  putKey,
  type Store,
  type TickBatch,
  type TickWriter,
  UnitOfWork,
} from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** A writer of key-store rows that records what it hears. */
class KeyWriter implements TickWriter {
  private pending: string[] = [];
  fail = false;
  onCommitted: (() => void) | null = null;

  constructor(
    private readonly name: string,
    private readonly tick: UnitOfWork,
    private readonly store: Store,
    private readonly heard: string[],
  ) {}

  put(ref: string): void {
    this.pending.push(ref);
    this.tick.schedule();
  }

  take(): TickBatch | null {
    const batch = this.pending;
    if (batch.length === 0) return null;
    this.pending = [];
    return {
      write: (w) => {
        this.heard.push(`${this.name} writes ${batch.join(',')}`);
        for (const ref of batch) {
          putKey(w, { ref, value: ref, encrypted: false, scope: 'system', owner: null }, 0);
        }
        if (this.fail) throw new Error(`${this.name} is broken`);
      },
      committed: () => {
        const onDisk = batch.every((ref) => getKey(this.store.read, ref) !== null);
        this.heard.push(`${this.name} announces ${batch.join(',')}${onDisk ? '' : ' NOT ON DISK'}`);
        this.onCommitted?.();
      },
      rolledBack: (err) => {
        this.heard.push(`${this.name} rolled back: ${(err as Error).message}`);
        return undefined;
      },
      abandoned: () => {
        this.heard.push(`${this.name} lost ${batch.join(',')}`);
      },
    };
  }
}

function setup(t: { after(fn: () => void): void }, names: string[]) {
  const store = openStore({ file: path.join(tempDir(t), 'attune.db') });
  t.after(() => store.close());
  const tick = new UnitOfWork(store, silentLogger);
  const heard: string[] = [];
  const writers = names.map((n) => new KeyWriter(n, tick, store, heard));
  tick.register(...writers);
  return { store, tick, heard, writers };
}

const nextTick = () => new Promise<void>((r) => setImmediate(r));

test('work of several writers within one tick is written together, then announced in writer order', async (t) => {
  const { store, heard, writers } = setup(t, ['events', 'statuses']);
  const [events, statuses] = writers as [KeyWriter, KeyWriter];
  statuses.put('s1');
  events.put('e1');
  events.put('e2');
  assert.equal(getKey(store.read, 'e1'), null, 'nothing written before the tick ends');
  await nextTick();
  assert.deepEqual(heard, [
    'events writes e1,e2',
    'statuses writes s1',
    'events announces e1,e2',
    'statuses announces s1',
  ]);
});

test('a writer whose batch fails does not sink the others: they are written again on their own', async (t) => {
  const { store, tick, heard, writers } = setup(t, ['events', 'attempts']);
  const [events, attempts] = writers as [KeyWriter, KeyWriter];
  events.fail = true;
  events.put('e1');
  attempts.put('a1');
  assert.throws(() => tick.flush(), /events is broken/);
  assert.equal(getKey(store.read, 'e1'), null, 'the failing batch left nothing behind');
  assert.equal(getKey(store.read, 'a1')?.value, 'a1');
  assert.deepEqual(heard, [
    'events writes e1',
    'events writes e1',
    'events rolled back: events is broken',
    'attempts writes a1',
    'attempts announces a1',
  ]);
});

test('a flush from inside an announcement is on disk at once, announced after what was already due', async (t) => {
  const { store, tick, heard, writers } = setup(t, ['first', 'second', 'third']);
  const [first, second, third] = writers as [KeyWriter, KeyWriter, KeyWriter];
  first.onCommitted = () => {
    // A process about to start: its row must be on disk now.
    second.put('s2');
    tick.flush();
    heard.push(`s2 on disk: ${getKey(store.read, 's2') !== null}`);
  };
  first.put('f1');
  third.put('t1');
  tick.flush();
  assert.deepEqual(heard, [
    'first writes f1',
    'third writes t1',
    'first announces f1',
    'second writes s2',
    's2 on disk: true',
    'third announces t1',
    'second announces s2',
  ]);
});

test('work handed over after the store closed is lost with a word to its writer', async (t) => {
  const { store, tick, heard, writers } = setup(t, ['events']);
  const [events] = writers as [KeyWriter];
  events.put('e1');
  store.close();
  tick.flush();
  assert.deepEqual(heard, ['events lost e1']);
});
