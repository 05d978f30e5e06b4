/**
 * Redaction without a usable secret (docs/runners.md, "Secrets in output"): when no secret is
 * long enough to redact, `redactSecrets` hands back the value itself — not a copy — so values
 * that are not plain data (a Date, a class instance) pass through unchanged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets } from '../../../core/runners/redact.ts';

describe('redactSecrets without a usable secret', () => {
  it('returns the value itself, so a Date stays a Date', () => {
    const when = new Date(0);
    const value = { when, list: [when] };
    const out = redactSecrets(value, ['abc', '']);
    assert.equal(out, value);
    assert.ok(out.when instanceof Date);
    assert.equal(out.list[0], when);
  });
});
