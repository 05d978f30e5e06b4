/**
 * The master key against the store at start (docs/security.md, "Faults"): a missing key is an
 * error naming its file while anything still needs it — an encrypted key-store value or the
 * sealed parameters of an execution that can still run — and never replaced; a finished
 * execution's sealed parameters do not count; a key that does not open the data is refused.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import type { ExecutionStatus } from '../../../core/model/status.ts';
import { sealJson } from '../../../core/secrets/cipher.ts';
import { checkMasterKey } from '../../../core/secrets/key-check.ts';
import { fileKeyProvider } from '../../../core/secrets/key-provider.ts';
import { insertExecution, openStore, putKey, type Store } from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function setup(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  const store = openStore({ file: path.join(dir, 'attune.db') });
  t?.after(() => store.close());
  return { dir, store, keyFile: path.join(dir, 'master.key') };
}

function sealedExecution(store: Store, status: ExecutionStatus, key: Buffer): void {
  store.transaction((w) =>
    insertExecution(w, {
      action_ref: 'core.echo',
      config: { token: '***' },
      enforcement_id: null,
      parent_id: null,
      rule_ref: null,
      status,
      timeout_seconds: 60,
      retry_count: 0,
      not_before: null,
      sealed_params: sealJson(key, { token: 's3cret' }),
      trace_tag: 't',
      created: 0,
    }),
  );
}

const missing = (file: string) => (err: unknown) =>
  err instanceof AttuneError && err.message.includes(`the master key ${file} is missing`);

test('an encrypted key-store value makes a missing key a start error; no key is made', (t) => {
  const { dir, store, keyFile } = setup(t);
  const key = crypto.randomBytes(32);
  store.transaction((w) =>
    putKey(w, { ref: 'hmac', value: sealJson(key, 'x'), encrypted: true, scope: 'system', owner: null }, 0),
  );
  assert.throws(() => checkMasterKey(store.read, fileKeyProvider(dir), store.file), missing(keyFile));
  assert.ok(!fs.existsSync(keyFile));
});

test('a waiting execution with sealed parameters needs the key; a finished one does not', (t) => {
  const { dir, store, keyFile } = setup(t);
  const key = crypto.randomBytes(32);
  sealedExecution(store, 'completed', key);
  checkMasterKey(store.read, fileKeyProvider(dir), store.file);
  sealedExecution(store, 'requested', key);
  assert.throws(() => checkMasterKey(store.read, fileKeyProvider(dir), store.file), missing(keyFile));
});

test('the right key passes, a different one is refused', (t) => {
  const { dir, store, keyFile } = setup(t);
  const key = crypto.randomBytes(32);
  sealedExecution(store, 'requested', key);
  fs.writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600 });
  checkMasterKey(store.read, fileKeyProvider(dir), store.file);
  fs.writeFileSync(keyFile, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  assert.throws(
    () => checkMasterKey(store.read, fileKeyProvider(dir), store.file),
    (err: unknown) => err instanceof AttuneError && err.message.includes('does not open the secrets'),
  );
});

test('with nothing sealed, a missing key passes and is made on first use', (t) => {
  const { dir, store, keyFile } = setup(t);
  const keys = fileKeyProvider(dir);
  checkMasterKey(store.read, keys, store.file);
  assert.equal(keys.exists(), false);
  assert.equal(keys.masterKey().length, 32);
  assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
});
