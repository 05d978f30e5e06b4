/**
 * docs/runners.md, "Secrets in output" — what each push of stream redaction releases, exactly:
 * text is released as soon as no later chunk can change it, and the tail held back is the text
 * from the first position whose rest could still become a secret (a proper prefix of one). Checked
 * against a reference that decides one character at a time, push by push.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createStreamRedactor } from '../../../core/runners/redact.ts';
import { cutText } from './cut-text.ts';

/** Secrets as redaction uses them: at least 4 characters. */
function usable(secrets: readonly string[]): string[] {
  return secrets.filter((s) => s.length >= 4);
}

/** Whole-text redaction, one position at a time: the longest secret starting there is replaced. */
function whole(text: string, secrets: readonly string[]): string {
  const list = usable(secrets);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const here = list.filter((s) => text.startsWith(s, i)).sort((a, b) => b.length - a.length)[0];
    if (here === undefined) out += text[i++];
    else {
      out += '***';
      i += here.length;
    }
  }
  return out;
}

/**
 * One push: from the start of `buf`, stop at the first position whose rest is a proper prefix of
 * a secret (a later chunk may still complete it, or a longer one); otherwise replace the longest
 * secret starting there, or release one character.
 */
function pushReference(buf: string, secrets: readonly string[]): { out: string; held: string } {
  const list = usable(secrets);
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const rest = buf.slice(i);
    if (list.some((s) => s.length > rest.length && s.startsWith(rest))) break;
    const here = list.filter((s) => buf.startsWith(s, i)).sort((a, b) => b.length - a.length)[0];
    if (here === undefined) out += buf[i++];
    else {
      out += '***';
      i += here.length;
    }
  }
  return { out, held: buf.slice(i) };
}

/** What each push and the final flush release, by the reference. */
function expected(chunks: readonly string[], secrets: readonly string[]): string[] {
  const out: string[] = [];
  let held = '';
  for (const c of chunks) {
    const step = pushReference(held + c, secrets);
    out.push(step.out);
    held = step.held;
  }
  out.push(whole(held, secrets));
  return out;
}

function actual(chunks: readonly string[], secrets: readonly string[]): string[] {
  const r = createStreamRedactor(secrets);
  const out = chunks.map((c) => r.push(c));
  out.push(r.flush());
  return out;
}

/** Every string of `length` characters over `alphabet`. */
function allStrings(alphabet: string, length: number): string[] {
  let out = [''];
  for (let n = 0; n < length; n++) out = out.flatMap((s) => [...alphabet].map((c) => s + c));
  return out;
}

describe('stream redaction, push by push', () => {
  it('holds back exactly the tail that may still become the secret, for every secret and text over two letters', () => {
    // Every secret of 4 to 6 letters over "ab" (overlaps of every shape, so every failure-table
    // entry is used) against every text of up to 7 letters, cut at every point.
    const texts = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((n) => allStrings('ab', n));
    for (const secret of [4, 5, 6].flatMap((n) => allStrings('ab', n))) {
      for (const text of texts) {
        for (let cut = 0; cut <= text.length; cut++) {
          const chunks = [text.slice(0, cut), text.slice(cut)];
          const got = actual(chunks, [secret]);
          const want = expected(chunks, [secret]);
          if (got.join('\u0000') !== want.join('\u0000')) {
            assert.deepEqual({ secret, chunks, got }, { secret, chunks, got: want });
          }
        }
      }
    }
  });

  it('holds back a tail that may still become one of several secrets, and nothing more (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x'), maxLength: 40 });
    const secret = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 4, maxLength: 7 });
    fc.assert(
      fc.property(
        text,
        fc.array(secret, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(40), { maxLength: 6 }),
        (t, secrets, cuts) => {
          const chunks = cutText(t, cuts);
          assert.deepEqual(actual(chunks, secrets), expected(chunks, secrets));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('finds a partial secret behind a false start: "aaa" may end in the start of "aabc"', () => {
    assert.deepEqual(actual(['x aaa', 'bc y'], ['aabc']), ['x a', '*** y', '']);
  });

  it('finds a partial secret overlapping the end of a whole one that was not replaced', () => {
    // "xxab" is replaced first; the "abab" ending at the chunk's end is not, and its tail "ab"
    // may still start a second "abab".
    assert.deepEqual(actual(['xxabab', 'ab!'], ['xxab', 'abab']), ['***', '***!', '']);
  });

  it('keeps a partial that only the failure table finds after a false start', () => {
    // In "aabaaab" the table says that after "aabaa" a mismatching "a" leaves "aa" matched, not
    // "a": "xaaba" is replaced, and the "aa" after it may still start "aabaaab".
    assert.deepEqual(actual(['xaabaaa', 'baaab!'], ['aabaaab', 'xaaba']), ['***', '***!', '']);
  });

  it('keeps the shorter partials of a secret when a replacement consumes the longest one', () => {
    // "aba" and "a" may both start "abab"; "xxab" takes the first, so "a" is held back.
    assert.deepEqual(actual(['xxaba', 'bab!'], ['xxab', 'abab']), ['***', '***!', '']);
  });

  it('holds back the earliest tail when several secrets could each start in it', () => {
    // Tails "9 ab" of "9 abcd", "ab" of "abcz", "b" of "bqqq": the earliest decides.
    assert.deepEqual(actual(['12 9 ab'], ['9 abcd', 'abcz', 'bqqq']), ['12 ', '9 ab']);
    assert.deepEqual(actual(['0123456789 9 ab', 'cz'], ['bqqq', 'abcz', '9 abcd']), [
      '0123456789 ',
      '9 ***',
      '',
    ]);
  });
});
