/**
 * A full disk at the store boundary (docs/security.md, "Faults"): a write that does not fit is
 * rolled back and thrown as AttuneError `UNAVAILABLE` (HTTP 503), the host hears of it once
 * (`onWriteFault`) and once more when writes succeed again; the connection stays usable.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { AttuneError, toErrorData } from '../../../core/model/errors.ts';
import { getKey, openStore, putKey } from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('a write on a full database throws UNAVAILABLE, is reported once, and works again later', (t) => {
  const faults: Array<string | null> = [];
  const store = openStore({
    file: path.join(tempDir(t), 'attune.db'),
    onWriteFault: (f) => faults.push(f ? f.message : null),
  });
  t.after(() => store.close());
  const db = store.read.raw;
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const big = (ref: string) =>
    store.transaction((w) =>
      putKey(w, { ref, value: 'x'.repeat(50_000), encrypted: false, scope: 'system', owner: null }, 0),
    );

  for (const ref of ['a', 'b']) {
    assert.throws(
      () => big(ref),
      (err: unknown) =>
        err instanceof AttuneError && err.code === 'UNAVAILABLE' && /disk is full/.test(err.message),
    );
  }
  assert.deepEqual(faults, ['database or disk is full'], 'reported once, not per write');
  assert.equal(getKey(store.read, 'a'), null, 'rolled back');

  db.pragma('max_page_count = 1073741823');
  big('a');
  assert.equal(getKey(store.read, 'a')?.value.length, 50_000);
  assert.deepEqual(faults, ['database or disk is full', null], 'and once when it is writable again');
});

test('a raw SQLite full-disk or I/O error becomes a 503 error, not an internal one', () => {
  for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE']) {
    const err = Object.assign(new Error('disk trouble'), { code });
    assert.equal(toErrorData(err).code, 'UNAVAILABLE', code);
  }
  assert.equal(toErrorData(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' })).code, 'INTERNAL');
});
