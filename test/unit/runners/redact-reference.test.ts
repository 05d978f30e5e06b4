/**
 * Redaction decided exactly (docs/engine.md "Secrets"): whole-text redaction against a
 * one-line-per-step reference — at each position the longest secret that starts there is
 * replaced and skipped — and stream redaction releasing text as soon as no later chunk can
 * change it, holding back only a tail that may still become a secret.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { createStreamRedactor, redactSecrets, secretValuesOf } from '../../../core/runners/redact.ts';

/** The definition, character by character: no shortcuts shared with the implementation. */
function reference(text: string, secrets: readonly string[]): string {
  const usable = secrets.filter((s) => s.length >= 4);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const here = usable.filter((s) => text.startsWith(s, i)).sort((a, b) => b.length - a.length)[0];
    if (here === undefined) out += text[i++];
    else {
      out += '***';
      i += here.length;
    }
  }
  return out;
}

/**
 * Runs `body` (a function body with the redact module as `m`) in a worker thread and returns
 * its result; rejects when it is not done within `budgetMs`, stopping the worker.
 */
function inWorker(body: string, budgetMs: number): Promise<unknown> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     import('tsx/esm/api')
       .then(({ register }) => { register(); return import(workerData.module); })
       .then((m) => parentPort.postMessage((function (m) { ${body} })(m)));`,
    { eval: true, workerData: { module: new URL('../../../core/runners/redact.ts', import.meta.url).href } },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`not finished within ${budgetMs} ms`));
    }, budgetMs);
    worker.once('message', (v) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(v);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

describe('whole-text redaction', () => {
  it('redacts a secret at every position, including the second character', () => {
    assert.equal(redactSecrets('xsecret', ['secret']), 'x***');
    assert.equal(redactSecrets('secretx', ['secret']), '***x');
    assert.equal(redactSecrets('xsecretxsecret', ['secret']), 'x***x***');
  });

  it('redacts the secret that is present when a longer one is absent', () => {
    assert.equal(redactSecrets('a shrt b', ['longsecret', 'shrt']), 'a *** b');
    assert.equal(redactSecrets('a longsecret b', ['longsecret', 'shrt']), 'a *** b');
  });

  it('redacts secrets in the order they appear, whatever their length', () => {
    assert.equal(redactSecrets('shrt then longsecret', ['longsecret', 'shrt']), '*** then ***');
    assert.equal(redactSecrets('longsecret then shrt', ['shrt', 'longsecret']), '*** then ***');
  });

  it('agrees with the reference for any text and secrets (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x'), maxLength: 40 });
    const secret = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 3, maxLength: 6 });
    fc.assert(
      fc.property(text, fc.array(secret, { maxLength: 4 }), (t, secrets) => {
        assert.equal(redactSecrets(t, secrets), reference(t, secrets));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('stream redaction', () => {
  it('releases a chunk whole when no tail of it can start a secret', () => {
    const r = createStreamRedactor(['secret']);
    assert.equal(r.push('hello world'), 'hello world');
    assert.equal(r.flush(), '');
  });

  it('redacts a secret completed at the end of a chunk at once', () => {
    const r = createStreamRedactor(['secret']);
    assert.equal(r.push('token: secret'), 'token: ***');
    assert.equal(r.flush(), '');
  });

  it('holds back a complete secret that may still grow into a longer one', () => {
    const r = createStreamRedactor(['abcd', 'abcdef']);
    assert.equal(r.push('xx abcd'), 'xx ');
    assert.equal(r.push('ef!'), '***!');
    assert.equal(r.flush(), '');
  });

  it('releases a complete secret once the next chunk shows it did not grow', () => {
    const r = createStreamRedactor(['abcd', 'abcdef']);
    assert.equal(r.push('xx abcd'), 'xx ');
    assert.equal(r.push('e?'), '***e?');
  });

  it('does not hold back text after a tail that an earlier redaction already consumed', () => {
    // "345678!!" could start at "34", but "1234" was redacted first, so nothing waits for it.
    const r = createStreamRedactor(['1234', '5678', '345678!!']);
    assert.equal(r.push('12345678'), '******');
    assert.equal(r.flush(), '');
  });

  it('flushing leaves nothing behind: a second flush and a later push start clean', () => {
    const r = createStreamRedactor(['hunter22']);
    assert.equal(r.push('pass=hun'), 'pass=');
    assert.equal(r.flush(), 'hun');
    assert.equal(r.flush(), '');
    assert.equal(r.push('ter22'), 'ter22');
  });

  it('stays linear when one secret occurs all the time and another never', async () => {
    // 200,000 matches of "0000" in 1 MB: searching again for the absent "00x00" after each match
    // reads the rest of the text each time (about 10^10 steps, minutes); remembering that it is
    // absent reads the text once (well under a second). A test timeout cannot stop synchronous
    // work, so the redaction runs in a worker that is stopped when the generous budget is spent.
    const length = await inWorker(
      `const text = '0000 '.repeat(200000);
       const r = m.createStreamRedactor(['0000', '00x00']);
       const streamed = r.push(text) + r.flush();
       const whole = m.redactSecrets(text, ['00x00', '0000']);
       return streamed === whole ? whole.length : -1;`,
      30_000,
    );
    assert.equal(length, 800_000);
  });

  it('agrees with the reference for any chunking (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x'), maxLength: 40 });
    const secret = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 4, maxLength: 6 });
    fc.assert(
      fc.property(
        text,
        fc.array(secret, { maxLength: 3 }),
        fc.array(fc.nat(40), { maxLength: 6 }),
        (t, secrets, cuts) => {
          const r = createStreamRedactor(secrets);
          let out = '';
          let prev = 0;
          for (const c of [...new Set(cuts.map((n) => Math.min(n, t.length)))].sort((a, b) => a - b)) {
            out += r.push(t.slice(prev, c));
            prev = c;
          }
          out += r.push(t.slice(prev));
          const held = r.flush();
          assert.equal(out + held, reference(t, secrets));
          // Only a tail shorter than the longest secret is ever held back.
          const longest = Math.max(0, ...secrets.map((s) => s.length));
          assert.ok(held.length < Math.max(longest, 1), `held back ${JSON.stringify(held)}`);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('secretValuesOf', () => {
  it('without extra values takes only the secret parameters', () => {
    const action = {
      parameters: { pw: { type: 'string' as const, secret: true }, user: { type: 'string' as const } },
    };
    assert.deepEqual(secretValuesOf(action, { pw: 'hunter22', user: 'ada-lovelace' }), ['hunter22']);
  });
});
