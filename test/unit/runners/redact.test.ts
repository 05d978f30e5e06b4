/**
 * docs/runners.md, "Secrets in output" — redaction of secret values: deep in any value, and incrementally over a stream
 * whose chunks may split a secret.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Action } from '../../../core/model/entities.ts';
import { createStreamRedactor, redactSecrets, secretValuesOf } from '../../../core/runners/redact.ts';
import { cutText } from './cut-text.ts';

describe('redactSecrets', () => {
  it('replaces every occurrence in strings at any depth and keeps keys and other types', () => {
    const value = {
      a: 'pw=s3cret! and again s3cret!',
      list: [1, 's3cret!', { deep: ['x s3cret!'] }],
      'key s3cret!': true,
      n: null,
    };
    assert.deepEqual(redactSecrets(value, ['s3cret!']), {
      a: 'pw=*** and again ***',
      list: [1, '***', { deep: ['x ***'] }],
      'key s3cret!': true,
      n: null,
    });
  });

  it('leaves the input untouched', () => {
    const value = { a: 'token-1234' };
    redactSecrets(value, ['token-1234']);
    assert.deepEqual(value, { a: 'token-1234' });
  });

  it('ignores secrets shorter than 4 characters', () => {
    assert.equal(redactSecrets('on and off, abc', ['on', 'abc', '']), 'on and off, abc');
    assert.equal(redactSecrets('abcd', ['abcd']), '***');
  });

  it('replaces a secret that contains another one whole', () => {
    assert.equal(redactSecrets('x pass-word-long y', ['pass', 'pass-word-long']), 'x *** y');
  });
});

describe('secretValuesOf', () => {
  const action = {
    parameters: {
      password: { type: 'string', secret: true },
      pin: { type: 'integer', secret: true },
      flag: { type: 'boolean', secret: true },
      creds: { type: 'object', secret: true },
      user: { type: 'string' },
      short: { type: 'string', secret: true },
    },
  } satisfies Pick<Action, 'parameters'>;

  it('collects secret parameter values, their string and number leaves, and extra values', () => {
    const got = secretValuesOf(
      action,
      {
        password: 'hunter22',
        pin: 123456,
        flag: true,
        creds: { key: 'AKIA-XYZ', n: [true] },
        user: 'ada',
        short: 'ab',
      },
      ['from-key-store'],
    );
    assert.deepEqual(new Set(got), new Set(['hunter22', '123456', 'AKIA-XYZ', 'from-key-store']));
  });
});

describe('createStreamRedactor', () => {
  function feed(chunks: string[], secrets: string[]): string[] {
    const r = createStreamRedactor(secrets);
    const out = chunks.map((c) => r.push(c));
    out.push(r.flush());
    return out;
  }

  it('holds back a possible secret prefix until the next chunk decides', () => {
    const out = feed(['user=ada pass=hun', 'ter22 done'], ['hunter22']);
    assert.equal(out[0], 'user=ada pass=');
    assert.equal(out.join(''), 'user=ada pass=*** done');
  });

  it('releases held-back text at the end when it was not a secret after all', () => {
    assert.deepEqual(feed(['value hun'], ['hunter22']), ['value ', 'hun']);
  });

  it('passes text straight through without secrets', () => {
    assert.deepEqual(feed(['a', 'b'], []), ['a', 'b', '']);
  });

  it('stays linear and holds back little on output made of one repeated secret', { timeout: 10_000 }, () => {
    // A PIN "0000" and 8 MiB of zeros: each chunk must be released, not kept for later.
    const r = createStreamRedactor(['0000']);
    const chunk = '0'.repeat(64 * 1024);
    let released = 0;
    for (let n = 0; n < 128; n++) {
      const out = r.push(chunk);
      assert.ok(out.length > 0, 'a whole chunk was held back');
      released += out.length;
    }
    released += r.flush().length;
    assert.equal(released, ((128 * chunk.length) / 4) * 3);
  });

  it('stays linear with a long secret of one repeated character', { timeout: 10_000 }, async () => {
    // An event payload can choose a secret parameter's value: 64 KiB of one character, echoed
    // back, made each chunk cost the square of the secret's length (minutes per run).
    const secret = 'é'.repeat(65_537);
    const r = createStreamRedactor([secret]);
    const out: string[] = [];
    for (let n = 0; n < 4; n++) {
      out.push(r.push('é'.repeat(64 * 1024)));
      // Lets the test's timeout fire between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    out.push(r.flush());
    assert.equal(out.join(''), redactSecrets('é'.repeat(4 * 64 * 1024), [secret]));
  });

  it('matches whole-text redaction for any chunking (property)', () => {
    // A small alphabet makes overlaps, repeats and partial matches common.
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x'), maxLength: 60 });
    const secret = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 4, maxLength: 7 });
    fc.assert(
      fc.property(
        text,
        fc.array(secret, { maxLength: 3 }),
        fc.array(fc.nat(60), { maxLength: 8 }),
        (t, secrets, cuts) => {
          const chunks = cutText(t, cuts);
          assert.equal(feed(chunks, secrets).join(''), redactSecrets(t, secrets));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
