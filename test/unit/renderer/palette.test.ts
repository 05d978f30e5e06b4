/** The command palette's matching (renderer/src/domain/palette.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idInQuery, matchScore, rankEntries } from '../../../renderer/src/domain/palette.ts';

const entries = [
  { id: 'nav.rules', label: 'Go to Rules', group: 'Go to' },
  { id: 'nav.timers', label: 'Go to Timers', group: 'Go to', keywords: ['schedule', 'cron'] },
  { id: 'rule:local.morning', label: 'local.morning', group: 'Rules', keywords: ['core.crontimer'] },
  { id: 'rule:local.backup', label: 'Nightly backup (local.backup)', group: 'Rules' },
];

test('an empty query lists everything in the given order', () => {
  assert.deepEqual(
    rankEntries('', entries).map((e) => e.id),
    entries.map((e) => e.id),
  );
});

test('a prefix beats a word start, which beats letters scattered in order', () => {
  assert.ok(matchScore('go', 'Go to Rules') > matchScore('ru', 'Go to Rules'));
  assert.ok(matchScore('ru', 'Go to Rules') > matchScore('gtr', 'Go to Rules'));
  assert.ok(matchScore('gtr', 'Go to Rules') > 0);
  assert.equal(matchScore('xyz', 'Go to Rules'), 0);
});

test('keywords find an entry its label does not', () => {
  assert.deepEqual(
    rankEntries('cron', entries).map((e) => e.id),
    ['nav.timers', 'rule:local.morning'],
  );
});

test('a rule is found by part of its ref', () => {
  assert.equal(rankEntries('backup', entries)[0]?.id, 'rule:local.backup');
});

test('a number, with or without #, names a record id', () => {
  assert.equal(idInQuery('123'), 123);
  assert.equal(idInQuery(' #7 '), 7);
  assert.equal(idInQuery('0'), null);
  assert.equal(idInQuery('12a'), null);
  assert.equal(idInQuery('rules'), null);
});
