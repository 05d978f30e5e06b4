/**
 * The API token (docs/api.md "Authentication and binding"): a fresh random token per run in
 * `<data-dir>/api-token`, readable by its owner only, in a folder only the owner can enter; a
 * token from an earlier run no longer works; the comparison accepts exactly the same string.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { issueToken, readToken, tokenFile, tokensEqual } from '../../../core/host/api-token.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

test('the token file is <data-dir>/api-token', () => {
  assert.equal(tokenFile('/data/attune'), path.join('/data/attune', 'api-token'));
});

test('issuing creates the data folder (0700) and the token file (0600) holding the token and a newline', (t) => {
  const dataDir = path.join(tempDir(t), 'not', 'yet', 'there');
  const token = issueToken(dataDir);
  assert.equal(mode(dataDir), 0o700);
  assert.equal(mode(tokenFile(dataDir)), 0o600);
  assert.equal(fs.readFileSync(tokenFile(dataDir), 'utf8'), `${token}\n`);
  assert.equal(readToken(dataDir), token);
});

test('a token is 32 random bytes in base64url, new on every issue', (t) => {
  const dataDir = tempDir(t);
  const first = issueToken(dataDir);
  const second = issueToken(dataDir);
  assert.match(first, /^[A-Za-z0-9_-]{43}$/);
  assert.match(second, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(first, second);
  assert.equal(readToken(dataDir), second, 'the earlier token is gone');
});

test('an existing token file readable by others is replaced by a private one', (t) => {
  const dataDir = tempDir(t);
  fs.writeFileSync(tokenFile(dataDir), 'old-token\n', { mode: 0o644 });
  fs.chmodSync(tokenFile(dataDir), 0o644);
  const token = issueToken(dataDir);
  assert.equal(mode(tokenFile(dataDir)), 0o600);
  assert.equal(readToken(dataDir), token);
});

test('a symbolic link in place of the token file is replaced, not written through', (t) => {
  const dataDir = tempDir(t);
  const elsewhere = path.join(tempDir(t), 'victim');
  fs.writeFileSync(elsewhere, 'untouched');
  fs.symlinkSync(elsewhere, tokenFile(dataDir));
  const token = issueToken(dataDir);
  assert.equal(fs.readFileSync(elsewhere, 'utf8'), 'untouched');
  assert.equal(fs.lstatSync(tokenFile(dataDir)).isSymbolicLink(), false);
  assert.equal(readToken(dataDir), token);
});

test('tokens compare equal only when they are the same string', () => {
  const token = 'k3Jx_9-abcdefghijklmnopqrstuvwxyz0123456789A';
  assert.equal(tokensEqual(token, token), true);
  assert.equal(tokensEqual(`${token}`, token.slice(0)), true);
  assert.equal(tokensEqual(token.slice(0, -1), token), false, 'a prefix');
  assert.equal(tokensEqual(`${token}x`, token), false, 'longer');
  assert.equal(tokensEqual(`${token.slice(0, -1)}B`, token), false, 'same length, last character differs');
  assert.equal(tokensEqual('', token), false, 'empty');
  assert.equal(tokensEqual(token.toLowerCase(), token), false, 'case matters');
});
