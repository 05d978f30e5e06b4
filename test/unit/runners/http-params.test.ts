/**
 * docs/runners.md, "Core pack actions" — core.http_request parameters: url + query_params, method, headers, body /
 * json_body, auth (nested or Attune's flat names), timeout, verify.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { readHttpParams } from '../../../core/runners/http-params.ts';

const field = (name: string) => (err: unknown) => err instanceof AttuneError && err.field === name;

describe('readHttpParams', () => {
  it('defaults to GET, verify on, redirects followed, no timeout of its own', () => {
    const spec = readHttpParams({ url: 'http://127.0.0.1/x' });
    assert.equal(spec.method, 'GET');
    assert.equal(spec.verify, true);
    assert.equal(spec.followRedirects, true);
    assert.equal(spec.timeoutSeconds, null);
    assert.equal(spec.body, null);
  });

  it('appends query params, repeating array values', () => {
    const spec = readHttpParams({ url: 'http://h/p?a=1', query_params: { b: 'x y', c: [1, 2], d: null } });
    assert.equal(spec.url.href, 'http://h/p?a=1&b=x+y&c=1&c=2');
  });

  it('json_body is serialised with a JSON content type unless one is given', () => {
    const spec = readHttpParams({ url: 'http://h', method: 'post', json_body: { a: 1 } });
    assert.equal(spec.method, 'POST');
    assert.equal(spec.body, '{"a":1}');
    assert.equal(spec.headers.get('content-type'), 'application/json');
    const custom = readHttpParams({
      url: 'http://h',
      method: 'POST',
      json_body: [1],
      headers: { 'Content-Type': 'application/vnd.api+json' },
    });
    assert.equal(custom.headers.get('content-type'), 'application/vnd.api+json');
  });

  it('builds basic and bearer authorization headers', () => {
    const basic = readHttpParams({ url: 'http://h', auth: { type: 'basic', username: 'u', password: 'p' } });
    assert.equal(basic.headers.get('authorization'), `Basic ${Buffer.from('u:p').toString('base64')}`);
    const bearer = readHttpParams({ url: 'http://h', auth: { type: 'bearer', token: 't0k' } });
    assert.equal(bearer.headers.get('authorization'), 'Bearer t0k');
    const flat = readHttpParams({
      url: 'http://h',
      auth_type: 'basic',
      auth_username: 'a',
      auth_password: 'b',
    });
    assert.equal(flat.headers.get('authorization'), `Basic ${Buffer.from('a:b').toString('base64')}`);
  });

  it('moves credentials in the URL to basic auth', () => {
    const spec = readHttpParams({ url: 'http://us%40r:p%3Ass@h/x' });
    assert.equal(spec.url.href, 'http://h/x');
    assert.equal(spec.headers.get('authorization'), `Basic ${Buffer.from('us@r:p:ss').toString('base64')}`);
  });

  it('accepts verify and Attune verify_ssl', () => {
    assert.equal(readHttpParams({ url: 'https://h', verify: false }).verify, false);
    assert.equal(readHttpParams({ url: 'https://h', verify_ssl: false }).verify, false);
  });

  it('names the field of each mistake', () => {
    assert.throws(() => readHttpParams({}), field('url'));
    assert.throws(() => readHttpParams({ url: 'not a url' }), field('url'));
    assert.throws(() => readHttpParams({ url: 'file:///etc/passwd' }), field('url'));
    assert.throws(() => readHttpParams({ url: 'http://h', method: 'GE T' }), field('method'));
    assert.throws(() => readHttpParams({ url: 'http://h', headers: 'x' }), field('headers'));
    assert.throws(() => readHttpParams({ url: 'http://h', auth: { type: 'digest' } }), field('auth.type'));
    assert.throws(() => readHttpParams({ url: 'http://h', auth: { type: 'bearer' } }), field('auth.token'));
    assert.throws(() => readHttpParams({ url: 'http://h', body: 'x' }), field('body'));
    assert.throws(() => readHttpParams({ url: 'http://h', timeout: 0 }), field('timeout'));
  });
});
