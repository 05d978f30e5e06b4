/**
 * The data folder's lock (docs/security.md, "Faults"): held, it refuses anyone else — another
 * connection in this process too — with one sentence naming the folder and the holder's pid;
 * released, it can be taken again; junk in the lock file does not stop a start.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { lockDataFolder, lockFile } from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('a held lock refuses a second taker with the folder and pid; released, it is free again', (t) => {
  const dir = tempDir(t);
  const held = lockDataFolder(dir);
  assert.throws(
    () => lockDataFolder(dir),
    (err: unknown) =>
      err instanceof AttuneError &&
      err.code === 'CONFLICT' &&
      err.message ===
        `the data folder ${dir} is in use by another Attune Desktop (pid ${process.pid}): quit that one first, or start this one with another data folder`,
  );
  held.release();
  lockDataFolder(dir).release();
  assert.equal(fs.statSync(lockFile(dir)).mode & 0o777, 0o600);
});

test('junk in the lock file is replaced, not a reason to refuse the start', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(lockFile(dir), 'not a database, just some bytes someone left here '.repeat(4));
  const lock = lockDataFolder(dir);
  assert.throws(() => lockDataFolder(dir), /in use by another Attune Desktop/);
  lock.release();
});
